"""After a new contact is stored: triage it, and queue what we owe in reply (an acknowledgement,
a MASH referral) in the same transaction, so a crash can lose neither the case nor the reply."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, func, select

from cases.enums import Channel, Direction, OutboxKind
from heard.settings import Settings
from intake.autoreply import should_acknowledge
from intake.parsing import ParsedMessage
from intake.smtp_handler import InboundEnvelope
from outbound.compose import compose_acknowledgement, compose_email
from outbound.mailer import queue_email
from store import audit, outbox
from store.cases.service import IssueProposal, TriageResult
from store.models import Case, Correspondence, OutboxMessage
from triage.engine import Decision

if TYPE_CHECKING:
    from intake.service import IntakeService


def apply_decision(
    intake: IntakeService, session: Session, *, case: Case, decision: Decision, now: datetime
) -> None:
    intake.cases.apply_triage(session, case=case, actor="triage", result=triage_result(decision))
    if decision.safeguarding:
        refer_to_mash(intake.settings, session, case=case, now=now)


def triage_result(decision: Decision) -> TriageResult:
    return TriageResult(
        record_kind=decision.record_kind,
        route=decision.route,
        complainant_type=decision.complainant_type,
        not_logged_reason=decision.not_logged_reason,
        issues=tuple(IssueProposal(*issue) for issue in decision.issues),
        safeguarding=decision.safeguarding,
        advocacy_offer=decision.advocacy_offer,
        out_of_time=decision.out_of_time,
        historic=decision.historic,
        decision=decision.to_json(),
    )


def refer_to_mash(settings: Settings, session: Session, *, case: Case, now: datetime) -> None:
    """A safeguarding concern goes to the MASH at once, out of hours too: email and Slack.

    The referral carries the reference and a pointer to the case, not the message text: the MASH
    reads it in heard, so the disclosure is not copied into more mailboxes than needed.
    """
    message = compose_email(
        to=settings.mash_email,
        from_address=settings.mail_from,
        subject=f"Safeguarding referral from complaints: {case.reference}",
        text=(
            f"A message received by the complaints service at {case.received_at.isoformat()} "
            "contains words "
            f"that suggest a child may be at risk.\n\nReference: {case.reference}\n"
            f"Read it with: heard cases show {case.reference}\n"
        ),
        message_id_domain=settings.smtp_hostname,
        auto_submitted="auto-generated",
    )
    queue_email(
        session,
        message=message,
        to=settings.mash_email,
        now=now,
        case_id=case.id,
        envelope_from=settings.mail_from,
        dedupe_key=f"mash-email:{case.id}",
    )
    if settings.mash_slack_channel:
        text = (
            f":rotating_light: Safeguarding referral {case.reference}: a complaint contains "
            "words suggesting a child may be at risk."
        )
        outbox.enqueue(
            session,
            kind=OutboxKind.SLACK_POST,
            target=settings.mash_slack_channel,
            now=now,
            case_id=case.id,
            dedupe_key=f"mash-slack:{case.id}",
            payload=outbox.slack_call(
                "chat.postMessage", channel=settings.mash_slack_channel, text=text
            ),
        )
    audit.record(
        session,
        case_id=case.id,
        actor="triage",
        action="mash_referral",
        at=now,
        after={"mash_email": settings.mash_email, "mash_slack": bool(settings.mash_slack_channel)},
    )


def queue_replies(
    intake: IntakeService,
    session: Session,
    *,
    case: Case,
    parsed: ParsedMessage,
    envelope: InboundEnvelope,
    decision: Decision,
    now: datetime,
) -> None:
    settings = intake.settings
    if decision.safeguarding and not settings.acknowledge_safeguarding_senders:
        _note(session, case, now, "no acknowledgement: safeguarding (could tip off an abuser)")
        return
    ours = [settings.mail_from, settings.mash_email, *intake.rulebook.mailbox_addresses()]
    allowed, why = should_acknowledge(
        parsed, envelope_sender=envelope.mail_from, our_addresses=ours
    )
    if not allowed:
        _note(session, case, now, f"no acknowledgement: {why}")
        return
    recipient = envelope.mail_from.lower()
    since = now - timedelta(days=1)
    if acknowledgements_today(session, address=recipient, since=since) >= (
        settings.acknowledgements_per_sender_per_day
    ):
        _note(session, case, now, "no acknowledgement: daily limit for this sender reached")
        return
    message = compose_acknowledgement(
        **_acknowledgement_fields(intake, case, parsed, now, recipient),
        advocacy=decision.advocacy_offer,
        templates_dir=settings.templates_dir,
        sent_at=now,
    )
    queue_email(
        session,
        message=message,
        to=recipient,
        envelope_from="",
        now=now,
        case_id=case.id,
        dedupe_key=f"ack:{case.id}",
    )
    session.add(
        Correspondence(
            case_id=case.id,
            direction=Direction.OUTBOUND,
            channel=Channel.EMAIL,
            at=now,
            message_id=str(message["Message-ID"]),
            in_reply_to=parsed.message_id,
            subject=str(message["Subject"]),
            text=message.get_body(("plain",)).get_content()
            if message.get_body(("plain",))
            else None,
            author="heard",
        )
    )


def _acknowledgement_fields(
    intake: IntakeService, case: Case, parsed: ParsedMessage, now: datetime, recipient: str
) -> dict[str, Any]:
    calendar = intake.cases.calendar
    from cases.timescales import DeadlineRule, compute_deadline, stage_rule

    rule = stage_rule(case.stage) if case.stage else DeadlineRule.STATUTORY_1
    due = compute_deadline(
        rule, start=case.receipt_day, calendar=calendar, policy=intake.cases.timescales
    ).due
    return {
        "to": recipient,
        "from_address": intake.settings.mail_from,
        "reference": case.reference,
        "council_name": intake.settings.council_name,
        "response_due": due,
        "immediate_risk_text": intake.settings.immediate_risk_text,
        # Whether it arrived out of hours, not whether the worker read it out of hours.
        "out_of_hours": calendar.is_out_of_hours(case.received_at),
        "read_from": calendar.next_working_moment(case.received_at),
        "in_reply_to": parsed.message_id,
        "message_id_domain": intake.settings.smtp_hostname,
    }


def _note(session: Session, case: Case, now: datetime, why: str) -> None:
    audit.record(
        session, case_id=case.id, actor="smtp", action="no_acknowledgement", at=now, reason=why
    )


def acknowledgements_today(session: Session, *, address: str, since: datetime) -> int:
    statement = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.target == address.lower(),
            col(OutboxMessage.dedupe_key).startswith("ack:"),
            OutboxMessage.created_at >= since,
        )
    )
    return session.exec(statement).one()
