"""Mail heard gives up on flags its case: the council's relay refusing an acknowledgement for
good (550) left the case saying it was acknowledged, with nothing shown to staff but a line in
`heard outbox failed` (walkerE, a relay answering 550 to `heard serve`). Real mail in over
SMTP, out through a real relay that refuses; the mailer as `heard serve` wires it."""

from __future__ import annotations

from sqlmodel import select

from cases.enums import OutboxStatus
from heard.wiring import build_mailer
from store.db import session_scope
from store.models import AuditEntry, OutboxMessage
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail

COMPLAINT = "My son's social worker never returns my calls and was rude to me."


async def send_once(intake: Intake) -> None:
    intake.settle()
    mailer = build_mailer(intake.context)
    assert await mailer.drain_once() == 1
    await mailer.sender.close()


def acknowledgement(intake: Intake) -> OutboxMessage:
    with session_scope(intake.context.engine) as session:
        return session.exec(select(OutboxMessage)).one()


async def test_an_acknowledgement_refused_for_good_asks_staff_to_look(intake: Intake) -> None:
    intake.sink.reject_with = "550 5.1.1 no such user"
    await deliver(intake, mail(COMPLAINT))
    await send_once(intake)
    row = acknowledgement(intake)
    assert row.status == OutboxStatus.FAILED
    (case,) = intake.cases()
    assert case.needs_attention
    reason = case.attention_reason or ""
    assert f"could not send the acknowledgement (letter {case.reference}-{row.id})" in reason
    assert "550" in reason and "parent@example.org" not in reason
    with session_scope(intake.context.engine) as session:
        flagged = session.exec(select(AuditEntry).where(AuditEntry.case_id == case.id)).all()
        flags = [(e.actor, e.action) for e in flagged if e.action == "flagged"]
        assert flags == [("letters", "flagged")]  # audited: who asked staff to look, and when


async def test_a_refusal_to_try_later_flags_nothing(intake: Intake) -> None:
    intake.sink.reject_with = "451 4.3.0 try later"
    await deliver(intake, mail(COMPLAINT))
    await send_once(intake)
    assert acknowledgement(intake).status == OutboxStatus.PENDING
    (case,) = intake.cases()
    assert not case.needs_attention
