"""After a new contact is stored: triage it, and queue what we owe in reply (an acknowledgement,
a MASH referral) in the same transaction, so a crash can lose neither the case nor the reply."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.parser import BytesHeaderParser
from email.policy import default
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, func, select

from cases.enums import Channel, Direction, NotLoggedReason, OutboxKind, Route
from heard.settings import Settings
from intake.autoreply import should_acknowledge
from intake.mime_text import one_line
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
        refer_to_mash(intake.settings, session, case=case, now=now, decision=decision)


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


def refer_to_mash(
    settings: Settings,
    session: Session,
    *,
    case: Case,
    now: datetime,
    decision: Decision | None = None,
) -> None:
    """A safeguarding concern goes to the MASH at once, out of hours too: email and Slack.

    The referral carries what a MASH worker needs to act without heard: the reference, the
    rules and words that fired, the message as received and the sender's contact details. It
    goes only to the configured MASH mailbox and MASH channel, never to team channels or logs.
    """
    if decision is None and case.triage_decision:
        decision = Decision.from_json(case.triage_decision)
    text = mash_referral_text(session, case=case, decision=decision)
    message = compose_email(
        to=settings.mash_email,
        from_address=settings.mail_from,
        subject=f"Safeguarding referral from complaints: {case.reference}",
        text=text,
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
        slack_text = ":rotating_light: " + (
            text if len(text) <= SLACK_LIMIT else text[:SLACK_LIMIT] + "\n… (cut: see the email)"
        )
        outbox.enqueue(
            session,
            kind=OutboxKind.SLACK_POST,
            target=settings.mash_slack_channel,
            now=now,
            case_id=case.id,
            dedupe_key=f"mash-slack:{case.id}",
            payload=outbox.slack_call(
                "chat.postMessage", channel=settings.mash_slack_channel, text=slack_text
            ),
        )
    audit.record(
        session,
        case_id=case.id,
        actor="triage",
        action="mash_referral",
        at=now,
        after={
            "mash_email": settings.mash_email,
            "mash_slack": bool(settings.mash_slack_channel),
            "rules": [rule for rule, _ in (decision.fired if decision else ()) if "sg." in rule],
        },
    )


SLACK_LIMIT = 3500  # a Slack message stays readable; the email carries the whole message
DISCLOSURE_LIMIT = 20_000


def mash_referral_text(session: Session, *, case: Case, decision: Decision | None) -> str:
    """The referral: why heard referred it, who sent it and what they wrote."""
    first = session.exec(
        select(Correspondence)
        .where(Correspondence.case_id == case.id, Correspondence.direction == Direction.INBOUND)
        .order_by(col(Correspondence.id))
        .limit(1)
    ).first()
    name, address = _sender(first)
    lines = [
        "A message to the complaints service contains words suggesting a child may be at risk.",
        "",
        f"Reference: {case.reference}",
        f"Received: {case.received_at:%d %B %Y %H:%M} UTC ({case.channel.label.lower()})",
        f"From: {name or 'name not given'} <{address or 'no address'}>",
    ]
    signature = ((first.details or {}).get("signature") if first else None) or ""
    if signature:
        lines.append(f"Their signature: {one_line(str(signature), limit=300)}")
    if decision is not None:
        if decision.safeguarding_words:
            lines.append(
                "Words that fired: " + "; ".join(f'"{w}"' for w in decision.safeguarding_words)
            )
        lines.append("Why (the rules that fired):")
        lines.extend(
            f"  - {rule}: {reason}" for rule, reason in decision.fired if rule.startswith("sg.")
        )
        if decision.route in (Route.STATUTORY, Route.CORPORATE):
            lines.append(
                f"A complaint in the same message is also logged ({decision.route.label.lower()} "
                "route) and will be answered by the complaints team."
            )
        else:
            lines.append("The message is only a disclosure: it is not logged as a complaint.")
    body = (first.text if first else None) or case.subject or "(no text)"
    if len(body) > DISCLOSURE_LIMIT:
        body = body[:DISCLOSURE_LIMIT] + "\n… (cut)"
    lines += [
        "",
        "The message as received:",
        "-" * 40,
        f"Subject: {case.subject}",
        "",
        body,
        "-" * 40,
    ]
    return "\n".join(lines) + "\n"


def _sender(row: Correspondence | None) -> tuple[str, str]:
    if row is None:
        return "", ""
    name = ""
    if row.raw:
        headers = BytesHeaderParser(policy=default).parsebytes(row.raw[:65536])
        name, address = parseaddr(str(headers.get("From", "")))
        if address:
            return one_line(name, limit=200), one_line(address, limit=320)
    return name, row.envelope_sender or row.author or ""


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
    # A disclosure alone is not acknowledged unless the council chooses to (a reply could tip
    # off an abuser reading the child's mail); a complaint logged beside it is owed its
    # acknowledgement, which never mentions the referral.
    only_disclosure = decision.not_logged_reason == NotLoggedReason.SAFEGUARDING_REFERRAL
    if only_disclosure and not settings.acknowledge_safeguarding_senders:
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
        "original_subject": parsed.subject,
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
