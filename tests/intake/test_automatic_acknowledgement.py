"""The automatic acknowledgement is the complaint's acknowledgement (issue 23 item 3): real mail
over real sockets, the letter read from the capture server, time moved by the settable clock,
and then neither a "not acknowledged" chaser nor a digest line. A complaint that got no
automatic letter (a child writing) is still owed one by staff, and still chased."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select

from cases.enums import DeadlineRule
from heard.wiring import messenger
from scheduler.digest import build_digest
from scheduler.sweep import Sweeper
from store.db import session_scope
from store.models import Case, Deadline, OutboxMessage, Reminder
from tests.intake.conftest import Intake
from tests.intake.test_intake_e2e import deliver, mail

FRIDAY_10AM = datetime(2026, 3, 6, 10, 0, tzinfo=UTC)  # the ack was due Wed 4 Mar
NOT_ACKNOWLEDGED = "acknowledgement_late"


def _sweep(intake: Intake) -> None:
    context = intake.context
    Sweeper(
        engine=context.engine,
        messenger=messenger(context.settings),
        clock=intake.clock,
        calendar=context.calendar,
        organisation=context.organisation,
        worker="test-sweeper",
    ).sweep_once()


def _late_acknowledgements(intake: Intake) -> list[str]:
    with intake.context.engine.connect() as connection:
        digest = build_digest(
            connection,
            organisation=intake.context.organisation,
            calendar=intake.context.calendar,
            today=date(2026, 3, 9),
        )
    return [line.reference for line in digest.acknowledgements_late]


def _chasers(intake: Intake, case: Case) -> list[str]:
    with session_scope(intake.context.engine) as session:
        rows = session.exec(select(Reminder).where(Reminder.case_id == case.id)).all()
        sent = session.exec(
            select(OutboxMessage).where(OutboxMessage.case_id == case.id)
        ).all()
        texts = [str(row.payload) for row in sent]
    return [row.kind for row in rows if row.kind == NOT_ACKNOWLEDGED] + [
        text for text in texts if "has not been acknowledged" in text
    ]


async def test_the_automatic_acknowledgement_meets_the_deadline(intake: Intake) -> None:
    await deliver(intake, mail("My son's social worker never returns my calls."))
    await intake.send_outbox()
    (letter,) = intake.sink.messages
    assert letter.recipients == ["parent@example.org"]
    (case,) = intake.cases()
    assert case.acknowledged_at is not None and case.acknowledged_by == "intake"
    with session_scope(intake.context.engine) as session:
        (ack,) = session.exec(
            select(Deadline).where(
                Deadline.case_id == case.id, Deadline.rule == DeadlineRule.ACKNOWLEDGEMENT
            )
        ).all()
        assert ack.met_on == date(2026, 3, 2)
    intake.clock.set(FRIDAY_10AM)
    _sweep(intake)
    assert _chasers(intake, case) == []
    assert _late_acknowledgements(intake) == []


async def test_a_complaint_with_no_automatic_letter_is_still_owed_one(intake: Intake) -> None:
    body = "im 14 and my social worker keeps cancelling our meetings and never rings back"
    await deliver(intake, mail(body))
    await intake.send_outbox()
    assert intake.sink.messages == []
    (case,) = intake.cases()
    assert case.acknowledged_at is None
    intake.clock.set(FRIDAY_10AM)
    _sweep(intake)
    assert _chasers(intake, case)
    assert _late_acknowledgements(intake) == [case.reference]
