"""A message from a party on a case staff closed or withdrew ("I am not happy with your
response", "I want my complaint back"): the family is told it arrived, on which day, and that a
person will read it and say what happens next. The letter decides nothing (reopened, the next
stage, a new complaint): staff do. Intake flags the case and the reading queue chases it
(store/cases/unread.py); this is only what the writer is told meanwhile.

Intake's holding rules apply as to a new contact: no automatic mail when the tripwire fires on
the message (quoted history included), the message reads as a child writing or asks for
secrecy, or is longer than triage reads, and none when the case itself was held (its first
contact was, or staff say a child is the complainant): staff decide how to reply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session

from cases.enums import CaseStatus, Route
from cases.kinds import COMPLAINT_KINDS
from cases.lifecycle import next_stage
from casework.acknowledgement import no_automatic_reply
from intake.autoreply import should_acknowledge
from intake.reader import Reading
from intake.replies import record_no_acknowledgement
from intake.smtp_handler import InboundEnvelope
from outbound.compose import with_immediate_risk
from store.correspondence import SentCopy, record_sent
from store.models import Case

if TYPE_CHECKING:
    from datetime import date, datetime

    from intake.service import IntakeService

ENDED = frozenset({CaseStatus.CLOSED, CaseStatus.WITHDRAWN})
TEMPLATE = "reply_received.txt.j2"


def acknowledge_reply_on_ended_case(
    intake: IntakeService,
    session: Session,
    *,
    case: Case,
    reading: Reading,
    envelope: InboundEnvelope,
    received_at: datetime,
    now: datetime,
) -> None:
    """Queue the acknowledgement a person's message on an ended case is owed (one a case a
    day), or note on the case why it gets none. Other cases' replies are casework: staff are
    already writing to the family."""
    if case.status not in ENDED or case.automated or reading.parsed.machine_made:
        return
    held = _holds(intake, case, reading)
    if held:
        record_no_acknowledgement(session, case, now, no_automatic_reply(held))
        return
    allowed, why = should_acknowledge(
        reading.parsed,
        envelope_sender=envelope.mail_from,
        our_addresses=intake.policy.own_addresses.every,
    )
    if not allowed:
        record_no_acknowledgement(session, case, now, f"no acknowledgement: {why}")
        return
    assert case.id is not None and case.closed_at is not None
    calendar = intake.cases.calendar
    day = calendar.local_date(received_at)
    text = _letter(intake, case, received_on=day, ended_on=calendar.local_date(case.closed_at))
    message = intake.messenger.acknowledge_reply(
        session,
        to=envelope.mail_from.strip().strip("<>").lower(),
        case_id=case.id,
        reference=case.reference,
        text=text,
        in_reply_to=reading.parsed.message_id,
        now=now,
        day=day,
    )
    if message is None:
        return  # the case's acknowledgement for that day went with an earlier message
    record_sent(session, [SentCopy(
        case_id=case.id, at=now, message_id=str(message["Message-ID"]),
        in_reply_to=reading.parsed.message_id, subject=str(message["Subject"]), text=text,
    )])  # fmt: skip


def _holds(intake: IntakeService, case: Case, reading: Reading) -> tuple[str, ...]:
    """Why no automatic mail may answer: the message's own holds, then the case's (what held
    its first contact, a referral since, a child as the complainant)."""
    earlier = [str(why) for why in (case.triage_decision or {}).get("no_automatic_reply", ())]
    if case.safeguarding:
        earlier.append("a safeguarding referral")
    if intake.rulebook.complainant_type(case.complainant_type).child:
        earlier.append("a child is writing")
    on_case = [f"on this case before: {why}" for why in dict.fromkeys(earlier)]
    return (*reading.holds, *on_case)


def _letter(intake: IntakeService, case: Case, *, received_on: date, ended_on: date) -> str:
    complaint = case.record_kind in COMPLAINT_KINDS
    from outbound.letters import render

    config = intake.policy.letters
    text = render(
        config,
        TEMPLATE,
        reference=case.reference,
        immediate_risk_text=config.immediate_risk_text,
        received_on=f"{received_on:%A %-d %B %Y}",
        ended_on=f"{ended_on:%-d %B %Y}",
        complaint=complaint,
        withdrawn=case.status == CaseStatus.WITHDRAWN,
        next_stage=(
            complaint
            and case.status == CaseStatus.CLOSED
            and case.route in (Route.STATUTORY, Route.CORPORATE)
            and case.stage is not None
            and next_stage(case.stage, case.route) is not None
        ),
    )
    return with_immediate_risk(text, config.immediate_risk_text)
