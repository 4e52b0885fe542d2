"""After a new contact is stored: triage it, and queue what we owe in reply (an acknowledgement,
a MASH referral) in the same transaction, so a crash can lose neither the case nor the reply."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from cases.actor import INTAKE
from cases.enums import AuditAction
from casework.acknowledgement import acknowledge_by_automatic_letter, no_automatic_reply
from intake.autoreply import should_acknowledge
from intake.parsing import ParsedMessage
from intake.smtp_handler import InboundEnvelope
from store import audit, outbox
from store.correspondence import SentCopy, record_sent
from store.models import Case
from triage.engine import Decision

if TYPE_CHECKING:
    from intake.service import IntakeService


@dataclass
class Replies:
    """The replies owed to a batch of new contacts, written together before the transaction
    that applies the batch commits (two statements, not two round trips a message)."""

    emails: outbox.Batch = field(default_factory=outbox.Batch)
    sent: list[SentCopy] = field(default_factory=list)  # our copies, on each case

    def write(self, session: Session) -> None:
        self.emails.write(session)
        record_sent(session, self.sent)
        self.sent = []


def queue_replies(
    intake: IntakeService,
    session: Session,
    *,
    case: Case,
    parsed: ParsedMessage,
    envelope: InboundEnvelope,
    decision: Decision,
    now: datetime,
    sent_today: dict[str, int],
    replies: Replies,
) -> None:
    """Queue the acknowledgement (or the first letter) a new contact is owed, or note why not,
    in `replies` (written by the caller before its transaction commits).

    `sent_today` holds how many acknowledgements each sender was sent in the last day
    (store.outbox.acknowledgements_since, read once for a batch); it is counted up as this
    queues one."""
    policy = intake.policy
    # A referral, a plea for secrecy or a child writing: an automatic reply could tip off an
    # abuser reading the mail, or reach a child who asked that nobody be told. Staff decide
    # how to reply; the MASH referral goes all the same.
    if decision.no_automatic_reply:
        record_no_acknowledgement(
            session, case, now, no_automatic_reply(decision.no_automatic_reply)
        )
        return
    allowed, why = should_acknowledge(
        parsed,
        envelope_sender=envelope.mail_from,
        our_addresses=intake.policy.own_addresses.every,
    )
    if not allowed:
        record_no_acknowledgement(session, case, now, f"no acknowledgement: {why}")
        return
    recipient = envelope.mail_from.lower()
    if sent_today.get(recipient, 0) >= policy.acknowledgements_per_sender_per_day:
        record_no_acknowledgement(
            session, case, now, "no acknowledgement: daily limit for this sender reached"
        )
        return
    # Every contact's first letter, whichever its route or kind, is chosen and written in one
    # place (outbound.letters.first_letter_text): a complaint is told which procedure heard
    # expects, a compliment is thanked, a pre-complaint is never told it is in the procedure,
    # a contact not logged is only told it arrived; none is promised a response it will not get.
    from outbound.letters import first_letter_template, queue_first_letter

    if first_letter_template(case.record_kind, case.route) is not None:
        # Acknowledged before the letter is written: under the Complaint Handling Code the
        # answer is due 10 working days from the acknowledgement, and the letter gives it. The
        # letter is queued in the same transaction (the outbox sends it, retried until it goes).
        acknowledge_by_automatic_letter(intake.cases, session, case=case, actor=INTAKE, now=now)
    calendar = intake.cases.calendar
    # Whether it arrived out of hours, not whether the worker read it out of hours.
    out_of_hours = calendar.is_out_of_hours(case.received_at)
    message = queue_first_letter(
        session,
        intake.messenger,
        intake.policy.letters,
        case=case,
        rulebook=intake.rulebook,
        to=recipient,
        in_reply_to=parsed.message_id,
        now=now,
        batch=replies.emails,
        read_from=calendar.next_working_moment(case.received_at) if out_of_hours else None,
    )
    if message is None:
        record_no_acknowledgement(
            session, case, now, "no acknowledgement: no letter for this kind of contact"
        )
        return
    sent_today[recipient] = sent_today.get(recipient, 0) + 1
    body = message.get_body(("plain",))
    assert case.id is not None
    replies.sent.append(
        SentCopy(
            case_id=case.id,
            at=now,
            message_id=str(message["Message-ID"]),
            in_reply_to=parsed.message_id,
            subject=str(message["Subject"]),
            text=body.get_content() if body is not None else None,
        )
    )


def record_no_acknowledgement(session: Session, case: Case, now: datetime, why: str) -> None:
    """Why a contact got no automatic reply, on its case's audit trail for staff. Decided by
    the intake worker reading the stored mail, whichever way it came (SMTP or Graph)."""
    audit.record(
        session,
        case_id=case.id,
        actor=INTAKE,
        action=AuditAction.NO_ACKNOWLEDGEMENT,
        at=now,
        reason=why,
    )
