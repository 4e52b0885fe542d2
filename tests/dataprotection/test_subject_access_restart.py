"""A stopped subject access clock restarts from the received date (reviewer, after 31b29be):
the limit is the calendar month from receipt plus every day stopped, rolled to a working day
once. Moving the already rolled limit on rolled it twice: received 25 November 2026 (the month
ends on Christmas Day) and stopped 10 days gave Friday 8 January 2027, not Monday 4 January.
And a request staff log themselves is read by them: never chased as unread (walker3)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import Actor, Via
from cases.calendar import WorkingCalendar
from cases.enums import AuditAction, Channel, RecordKind
from cases.timescales import TimescalePolicy
from casework.data_protection import extend_complex, open_record, restart_clock, stop_clock
from casework.service import CaseService
from store import audit
from store.db import read_scope, session_scope
from store.models import Case, Deadline
from tests.cli.test_case_cli import ok

OFFICER = Actor.staff(Via.CLI, "dpo")
NOW = datetime(2027, 6, 1, 10, tzinfo=UTC)


def _service() -> CaseService:
    return CaseService(
        calendar=WorkingCalendar(), timescales=TimescalePolicy(), reference_prefix="CSC"
    )


def _request(engine: Engine, received_on: date, stops: list[tuple[date, date]]) -> Deadline:
    """A request received on `received_on` whose clock stopped and restarted on each pair."""
    service = _service()
    with session_scope(engine) as session:
        case = open_record(
            service,
            session,
            kind=RecordKind.SUBJECT_ACCESS_REQUEST,
            email="sam@example.org",
            name=None,
            received_at=datetime.combine(received_on, datetime.min.time(), UTC)
            + timedelta(hours=10),
            channel=Channel.EMAIL,
            actor=OFFICER,
        )
        for stopped_on, restarted_on in stops:
            stop_clock(service, session, case=case, waiting_for="identity", on=stopped_on,
                       actor=OFFICER, now=NOW)  # fmt: skip
            clock = restart_clock(service, session, case=case, on=restarted_on, actor=OFFICER,
                                  now=NOW)  # fmt: skip
        session.flush()
        session.expunge(clock)
        return clock


def test_a_restart_counts_from_the_unrolled_limit(engine: Engine) -> None:
    clock = _request(engine, date(2026, 11, 25), [(date(2026, 12, 1), date(2026, 12, 11))])
    # 25 December + 10 days; the three-month limit 25 February + 10 is Sunday 7 March: Monday.
    assert (clock.due_on, clock.maximum_on) == (date(2027, 1, 4), date(2027, 3, 8))


def test_a_restarted_limit_on_a_bank_holiday_runs_to_the_next_working_day(
    engine: Engine,
) -> None:
    # Received 29 April 2027: the month ends on Saturday 29 May (rolled, that was Tuesday 1 June
    # past the Spring bank holiday); stopped 2 days, 31 May, the bank holiday: Tuesday 1 June.
    clock = _request(engine, date(2027, 4, 29), [(date(2027, 5, 3), date(2027, 5, 5))])
    assert clock.due_on == date(2027, 6, 1)


def test_two_stops_add_up_before_the_limit_is_rolled(engine: Engine) -> None:
    stops = [(date(2026, 12, 1), date(2026, 12, 6)), (date(2026, 12, 10), date(2026, 12, 15))]
    clock = _request(engine, date(2026, 11, 25), stops)
    assert clock.due_on == date(2027, 1, 4)  # not 11 January (rolled and moved twice)


def test_an_extended_request_restarts_from_its_three_months(engine: Engine) -> None:
    service = _service()
    with session_scope(engine) as session:
        case = open_record(service, session, kind=RecordKind.SUBJECT_ACCESS_REQUEST,
                           email="sam@example.org", name=None,
                           received_at=datetime(2026, 11, 25, 10, tzinfo=UTC),
                           channel=Channel.EMAIL, actor=OFFICER)  # fmt: skip
        extend_complex(service, session, case=case, reason="many files", on=date(2026, 11, 30),
                       actor=OFFICER, now=NOW)  # fmt: skip
        stop_clock(service, session, case=case, waiting_for="clarification",
                   on=date(2026, 12, 1), actor=OFFICER, now=NOW)  # fmt: skip
        clock = restart_clock(service, session, case=case, on=date(2026, 12, 11), actor=OFFICER,
                              now=NOW)  # fmt: skip
        assert clock.extended_to == clock.maximum_on == date(2027, 3, 8)


def test_a_request_staff_log_is_read_by_them_and_not_chased(reference: str, engine: Engine) -> None:
    received = (date.today() - timedelta(days=3)).isoformat()
    request = ok("sar", "new", "--email", "x@example.org", "--received", received).split(":")[0]
    assert request not in ok("cases", "unread")
    with read_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == request)).one()
        assert case.id is not None
        read = audit.latest(session, case_id=case.id, actions=[AuditAction.CASE_VIEWED.value])
    assert read is not None and read.actor.startswith("cli:")
