"""A stage 3 review panel still to be arranged is chased 10 working days before its deadline
(HEARD_PANEL_WARNING_WORKING_DAYS), to the complaints team and whoever holds the case; one
already arranged is not (the due-soon
chaser, two working days before, is too late to convene a panel and tell the family its date).
Stage 3 asked for on Monday 2 March 2026: the panel is due by 15 April, so the chaser goes on
30 March (Good Friday and Easter Monday are not working days)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from cases.actor import Actor, Via
from cases.clock import SettableClock
from cases.enums import Outcome, PauseReason
from casework.escalation import escalate
from casework.pauses import pause, resume
from casework.response import ResponseInput, record_response
from casework.stage_three import arrange_panel
from heard.context import AppContext, build_context
from heard.settings import Settings
from heard.wiring import build_case_service
from store.db import session_scope
from store.models import Case, OutboxMessage
from store.reminders import pending_reminders
from tests.outcome_letters import findings_for
from tests.scheduler.conftest import clock_of, new_complaint, sweeper

LONDON = ZoneInfo("Europe/London")
OFFICER = Actor.staff(Via.CLI, "officer")
ASKED = date(2026, 3, 2)


def at_stage_three(app: AppContext, case: Case, *, arrange_on: date | None = None) -> None:
    service = build_case_service(app)
    with session_scope(app.engine) as session:
        case = session.merge(case)
        for _ in range(2):
            record_response(service, session, case=case, actor=OFFICER, today=ASKED,
                            response=ResponseInput(responded_on=ASKED,
                                                   issue_outcomes={1: Outcome.NOT_UPHELD}, findings=findings_for({1: Outcome.NOT_UPHELD})))  # fmt: skip
            escalate(service, session, case=case, requested_on=ASKED, actor=OFFICER, today=ASKED)
        if arrange_on is not None:
            arrange_panel(service, session, case=case, panel_on=arrange_on, actor=OFFICER,
                          today=ASKED)  # fmt: skip


def panel_chasers(app: AppContext) -> list[tuple[str, str]]:
    """(reference named, target) of every chaser saying a panel is not arranged."""
    with session_scope(app.engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        said = [(json.dumps(row.payload), row.target) for row in rows]
    return [(text, target) for text, target in said if "has not been arranged" in text]


def test_a_panel_not_arranged_is_chased_ten_working_days_before_its_deadline(
    app: AppContext,
) -> None:
    waiting = new_complaint(app, assignee="U123")
    arranged = new_complaint(app, assignee="U456")
    at_stage_three(app, waiting)
    at_stage_three(app, arranged, arrange_on=date(2026, 4, 14))
    clock, worker = clock_of(app), sweeper(app)
    clock.set(datetime(2026, 3, 27, 9, tzinfo=LONDON))  # the working day before: not yet
    worker.sweep_once()
    assert panel_chasers(app) == []
    clock.set(datetime(2026, 3, 30, 9, tzinfo=LONDON))
    worker.sweep_once()
    chased = panel_chasers(app)
    assert {target for _, target in chased} == {"U123", "complaints.manager@heard.localhost"}
    assert all(waiting.reference in text and arranged.reference not in text for text, _ in chased)
    assert (
        "the stage 3 review panel has not been arranged and must meet by Wednesday 15 April "
        "2026 (10 working days). Arrange it, so that the complainant is told its date"
    ) in next(text for text, target in chased if target == "U123")  # the Slack message
    clock.set(datetime(2026, 3, 31, 9, tzinfo=LONDON))
    worker.sweep_once()
    assert len(panel_chasers(app)) == len(chased)  # once only


def waiting_kinds(app: AppContext, case: Case) -> list[str]:
    """The kinds of the case's reminders still to be sent, as `heard reminders list` reads them."""
    with session_scope(app.engine) as session:
        pending = pending_reminders(session, limit=1000)
    return [reminder.kind for reminder in pending if reminder.reference == case.reference]


def test_arranging_the_panel_ends_its_chaser_in_the_store(app: AppContext) -> None:
    """Not only skipped when it falls due: `heard reminders list` (and whatever lists pending
    chasers) stopped showing it the moment the panel was arranged, and the panel's clock
    planned again later (paused and resumed) does not bring it back. The response's own
    chasers stay."""
    case = new_complaint(app, assignee="U123")
    at_stage_three(app, case)
    assert "panel_not_arranged" in waiting_kinds(app, case)
    service = build_case_service(app)
    with session_scope(app.engine) as session:
        merged = session.get_one(Case, case.id)
        arrange_panel(service, session, case=merged, panel_on=date(2026, 4, 14), actor=OFFICER,
                      today=ASKED)  # fmt: skip
    assert "panel_not_arranged" not in waiting_kinds(app, case)
    assert {"due_soon", "due_today", "overdue"} <= set(waiting_kinds(app, case))
    with session_scope(app.engine) as session:
        merged = session.get_one(Case, case.id)
        pause(service, session, case=merged, reason=PauseReason.POLICE_INVESTIGATION, paused_on=ASKED,
              actor=OFFICER, today=ASKED)  # fmt: skip
    assert waiting_kinds(app, case) == []
    with session_scope(app.engine) as session:
        merged = session.get_one(Case, case.id)
        resume(service, session, case=merged, resumed_on=ASKED, actor=OFFICER, today=ASKED)
    assert "panel_not_arranged" not in waiting_kinds(app, case)
    assert "due_today" in waiting_kinds(app, case)


@pytest.mark.parametrize(
    ("warning_days", "chased_on"),
    [(3, date(2026, 4, 10)), (15, date(2026, 3, 23)), (0, None)],
)
def test_the_council_sets_how_early_a_panel_is_chased(
    settings: Settings, database_url: str, warning_days: int, chased_on: date | None
) -> None:
    """HEARD_PANEL_WARNING_WORKING_DAYS moves the chaser (3 working days before 15 April is
    10 April, past Easter; 15 before is 23 March); 0 sends none."""
    council = settings.model_copy(
        update={"database_url": database_url, "panel_warning_working_days": warning_days}
    )
    app = build_context(council, clock=SettableClock(datetime(2026, 3, 2, 10, tzinfo=LONDON)))
    try:
        case = new_complaint(app, assignee="U123")
        at_stage_three(app, case)
        clock, worker = clock_of(app), sweeper(app)
        sent_on = []
        for day in (date(2026, 3, 2) + timedelta(days=n) for n in range(45)):
            clock.set(datetime.combine(day, time(9), tzinfo=LONDON))
            before = len(panel_chasers(app))
            worker.sweep_once()
            if len(panel_chasers(app)) > before:
                sent_on.append(day)
        assert sent_on == ([chased_on] if chased_on else [])
    finally:
        app.engine.dispose()
