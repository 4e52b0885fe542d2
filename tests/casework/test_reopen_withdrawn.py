"""A family that withdrew comes back (issue 23, walker items 2 and 3), on both databases: the
case reopens where they left it, with a reason, audited, no letter. A stage still unanswered
runs again with the working days it had left (the withdrawn days do not count against the
council, as a pause's do not); an answered one waits for the next stage's request, its window
restored with the dates it had; a contact withdrawn before triage is waiting for triage again.
Every clock the case had open when it ended comes back with its reminders, and only those."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from cases.actor import Actor, Via
from cases.calendar import WorkingCalendar
from cases.enums import CaseStatus, Channel, Outcome, PauseReason, RecordKind, StageKind
from cases.lifecycle import InvalidTransition
from cases.timescales import TimescalePolicy
from casework.closing import close, withdraw
from casework.escalation import escalate
from casework.pauses import pause
from casework.receiving import create
from casework.reopening import reopen
from casework.service import CaseService
from scheduler.planner import ReminderPlanner
from scheduler.rules import ChaserPolicy
from store.audit import history
from store.cases.pauses import current_pause
from store.db import session_scope
from store.models import Case, Deadline, Reminder, Stage
from tests.casework.test_actions import TODAY, complaint, respond
from tests.casework.test_actions import teams as teams  # autouse there and here

OFFICER = Actor.staff(Via.CLI, "officer")


@pytest.fixture
def service() -> CaseService:
    return CaseService(
        calendar=WorkingCalendar(),
        timescales=TimescalePolicy.from_overrides({}),
        reference_prefix="CSC",
        deadline_listeners=[ReminderPlanner(calendar=WorkingCalendar(), policy=ChaserPolicy())],
    )


def clocks(session: Session, case: Case) -> dict[str, tuple[date, date | None, bool]]:
    found = session.exec(
        select(Deadline).where(Deadline.case_id == case.id).order_by(col(Deadline.id))
    )
    return {row.rule: (row.due_on, row.maximum_on, row.cancelled) for row in found}


def reminders(session: Session, case: Case) -> set[tuple[str, str]]:
    """(rule, kind) of the case's reminders not yet sent."""
    found = session.exec(
        select(Reminder).where(Reminder.case_id == case.id, col(Reminder.done_at).is_(None))
    )
    return {(str((row.details or {}).get("rule")), str(row.kind)) for row in found}


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC)


def test_a_running_stage_resumes_with_the_working_days_it_had_left(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)  # received Monday 5 January 2026: stage 1 due 19 Jan
        assert clocks(session, case)["statutory_1"] == (date(2026, 1, 19), date(2026, 2, 2), False)
        running = reminders(session, case)
        assert ("statutory_1", "due_soon") in running
        withdraw(service, session, case=case, actor=OFFICER, now=at(date(2026, 1, 9)))
        assert not reminders(session, case)
        stage = session.exec(select(Stage).where(Stage.case_id == case.id)).one()
        assert stage.outcome == Outcome.WITHDRAWN
        reopen(service, session, case=case, actor=OFFICER, on=date(2026, 1, 23), today=TODAY,
               reason="mum rang: she withdrew while her son was in hospital and wants it looked at")  # fmt: skip
        assert (case.status, case.stage, case.closed_at) == (
            CaseStatus.OPEN, StageKind.STATUTORY_1, None,
        )  # fmt: skip
        # withdrawn Friday 9 January, back Friday 23 January: ten working days away, so the
        # stage is due ten working days later than it was (2 February), its maximum too
        assert clocks(session, case)["statutory_1"] == (date(2026, 2, 2), date(2026, 2, 16), False)
        assert stage.outcome is None and stage.paused_working_days == 10
        assert reminders(session, case) == running  # each clock's chasers, re-planned
        assert case.id is not None
        entry = history(session, case_id=case.id)[-1]
        assert (entry.action, entry.reason) == (
            "reopen", "mum rang: she withdrew while her son was in hospital and wants it looked at",
        )  # fmt: skip
        assert entry.before is not None and entry.after is not None
        assert (entry.before["status"], entry.after["status"]) == ("withdrawn", "open")
        assert entry.before["withdrawn_on"] == "2026-01-09"
        assert entry.after["reopened_on"] == "2026-01-23"
        # the acknowledgement not yet sent is the council's to do too: it moves the same
        assert entry.after["working_days_withdrawn"] == {"acknowledgement": 10, "statutory_1": 10}


def test_an_answered_stage_gets_its_window_back_with_its_dates(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        respond(service, session, case, date(2026, 1, 16))
        window = clocks(session, case)["stage_2_request"]
        assert window == (date(2026, 2, 13), None, False)
        assert ("stage_2_request", "escalation_window_closing") in reminders(session, case)
        withdraw(service, session, case=case, actor=OFFICER, now=at(date(2026, 1, 20)))
        assert clocks(session, case)["stage_2_request"][2] is True
        assert not reminders(session, case)
        reopen(service, session, case=case, actor=OFFICER, on=date(2026, 2, 2), today=TODAY,
               reason="dad says he withdrew by mistake and wants stage 2")  # fmt: skip
        assert (case.status, case.stage) == (CaseStatus.RESPONDED, StageKind.STATUTORY_1)
        assert clocks(session, case)["stage_2_request"] == window  # the family's time: unmoved
        assert ("stage_2_request", "escalation_window_closing") in reminders(session, case)
        escalate(service, session, case=case, requested_on=date(2026, 2, 2), actor=OFFICER,
                 today=TODAY)  # fmt: skip
        assert (case.status, case.stage) == (CaseStatus.OPEN, StageKind.STATUTORY_2)


def test_a_closed_case_gets_its_window_reminder_back(engine: Engine, service: CaseService) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        respond(service, session, case, date(2026, 1, 16))
        had = reminders(session, case)
        assert ("stage_2_request", "escalation_window_closing") in had
        close(service, session, case=case, actor=OFFICER, now=at(date(2026, 1, 20)), confirmed=True)
        assert not reminders(session, case)
        reopen(service, session, case=case, actor=OFFICER, on=date(2026, 1, 22), today=TODAY,
               reason="closed too early: the family has 20 working days to ask for stage 2")  # fmt: skip
        assert reminders(session, case) == had  # the window's, and any other it had open
        assert clocks(session, case)["stage_2_request"] == (date(2026, 2, 13), None, False)


def test_a_contact_withdrawn_before_triage_waits_for_triage_again(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = create(service, session, record_kind=RecordKind.COMPLAINT,
                      channel=Channel.TELEPHONE,
                      received_at=datetime(2026, 1, 5, 10, 0, tzinfo=UTC), actor=OFFICER)  # fmt: skip
        assert clocks(session, case)["acknowledgement"][2] is False
        withdraw(service, session, case=case, actor=OFFICER, now=at(date(2026, 1, 5)))
        reopen(service, session, case=case, actor=OFFICER, on=date(2026, 1, 6), today=TODAY,
               reason="withdrawn on the wrong case")  # fmt: skip
        assert (case.status, case.stage) == (CaseStatus.RECEIVED, None)
        assert clocks(session, case)["acknowledgement"] == (date(2026, 1, 8), None, False)


def test_a_withdrawn_case_is_not_reopened_before_it_was_withdrawn_or_without_a_reason(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        withdraw(service, session, case=case, actor=OFFICER, now=at(date(2026, 1, 9)))
        with pytest.raises(
            InvalidTransition, match=r"before the case was withdrawn \(2026-01-09\)"
        ):
            reopen(service, session, case=case, actor=OFFICER, on=date(2026, 1, 8), today=TODAY,
                   reason="asked")  # fmt: skip
        with pytest.raises(InvalidTransition, match="cannot reopen without a reason"):
            reopen(service, session, case=case, actor=OFFICER, on=date(2026, 1, 12), today=TODAY,
                   reason=" ")  # fmt: skip
        assert case.status == CaseStatus.WITHDRAWN


def test_a_case_withdrawn_while_paused_comes_back_running(
    engine: Engine, service: CaseService
) -> None:
    """Withdrawing ends the pause the day it withdraws: the clocks a reopening restores are not
    left paused on a case that is not, and the days paused count as a resume counts them."""
    with session_scope(engine) as session:
        case = complaint(service, session)  # stage 1 due Monday 19 January
        pause(service, session, case=case, reason=PauseReason.POLICE_INVESTIGATION,
              paused_on=date(2026, 1, 7),
              actor=OFFICER, today=TODAY)  # fmt: skip
        withdraw(service, session, case=case, actor=OFFICER, now=at(date(2026, 1, 9)))
        reopen(service, session, case=case, actor=OFFICER, on=date(2026, 1, 23), today=TODAY,
               reason="mum came back")  # fmt: skip
        assert case.paused_on is None and current_pause(session, case) is None
        restored = session.exec(select(Deadline).where(Deadline.case_id == case.id)).all()
        assert [row.paused_on for row in restored] == [None, None]
        # paused Wednesday 7 to Friday 9 January (2 working days), withdrawn to Friday 23
        # January (10): the stage is due 12 working days later than it was
        assert clocks(session, case)["statutory_1"] == (date(2026, 2, 4), date(2026, 2, 18), False)
        stage = session.exec(select(Stage).where(Stage.case_id == case.id)).one()
        assert stage.paused_working_days == 12
        assert case.id is not None
        withdrawn = [e for e in history(session, case_id=case.id) if e.action == "withdraw"]
        assert withdrawn[0].after is not None and withdrawn[0].after["paused_working_days"] == 2
