"""A pause's lost days are counted, and the clock moved on, in the calendar of each deadline's
own clock: the council's closure days never move a statutory deadline (the 2006 Regulations'
clock), paused or not, but do move its own corporate ones."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from cases.actor import Actor, Via
from cases.calendar import WorkingCalendar
from cases.enums import PauseReason, Route
from cases.timescales import TimescalePolicy
from casework.pauses import pause, resume
from casework.service import CaseService
from store.db import session_scope
from tests.casework.making import clocks
from tests.casework.making import teams as teams  # autouse
from tests.casework.test_actions import TODAY, complaint

PAUSED, RESUMED = date(2026, 1, 8), date(2026, 1, 22)
STAFF = Actor.staff(Via.CLI, "o")
# None; inside the pause; after it, where the moved due date would land; both.
CLOSURES = [
    frozenset(),
    frozenset({date(2026, 1, 12), date(2026, 1, 13)}),
    frozenset({date(2026, 1, 26), date(2026, 1, 27), date(2026, 1, 28)}),
    frozenset({date(2026, 1, 12), date(2026, 1, 13), date(2026, 1, 26), date(2026, 1, 27)}),
]


def service_with(closures: frozenset[date]) -> CaseService:
    return CaseService(
        calendar=WorkingCalendar(closure_days=closures),
        timescales=TimescalePolicy.from_overrides({}),
        reference_prefix="CSC",
    )


@pytest.mark.parametrize("closures", CLOSURES, ids=["none", "in-pause", "after", "both"])
def test_closure_days_never_move_a_paused_statutory_deadline(
    engine: Engine, closures: frozenset[date]
) -> None:
    service = service_with(closures)
    with session_scope(engine) as session:
        case = complaint(service, session)
        assert clocks(session, case)["statutory_1"].due_on == date(2026, 1, 19)
        pause(
            service,
            session,
            case=case,
            reason=PauseReason.LEGAL_PROCEEDINGS,
            paused_on=PAUSED,
            actor=STAFF,
            today=TODAY,
        )
        resume(service, session, case=case, resumed_on=RESUMED, actor=STAFF, today=TODAY)
        moved = clocks(session, case)["statutory_1"]
        # Ten working days lost (closure days are working days to this clock), moved on ten.
        assert moved.paused_working_days == 10
        assert moved.due_on == date(2026, 2, 2)
        assert moved.maximum_on == date(2026, 2, 16)
        stage = service.current_stage(session, case)
        assert stage is not None and stage.paused_working_days == 10


@pytest.mark.parametrize("closures", CLOSURES, ids=["none", "in-pause", "after", "both"])
def test_closure_days_do_move_a_paused_corporate_deadline(
    engine: Engine, closures: frozenset[date]
) -> None:
    service = service_with(closures)
    calendar = service.calendar
    with session_scope(engine) as session:
        case = complaint(service, session, route=Route.CORPORATE)
        before = clocks(session, case)["corporate_1"].due_on
        pause(
            service,
            session,
            case=case,
            reason=PauseReason.LEGAL_PROCEEDINGS,
            paused_on=PAUSED,
            actor=STAFF,
            today=TODAY,
        )
        resume(service, session, case=case, resumed_on=RESUMED, actor=STAFF, today=TODAY)
        lost = 10 - len([day for day in closures if PAUSED < day <= RESUMED])
        moved = clocks(session, case)["corporate_1"]
        assert moved.paused_working_days == lost
        assert moved.due_on == calendar.add_working_days(before, lost)
