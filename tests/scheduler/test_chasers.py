"""Which chasers fire when, with time moved by a settable clock (nobody sleeps)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from cases.actor import Actor, Via
from cases.enums import OutboxKind
from casework.acknowledgement import acknowledge
from casework.extension import extend
from heard.context import AppContext
from scheduler.messages import chaser_text
from scheduler.rules import ReminderKind
from store.db import session_scope
from store.models import OutboxMessage, Reminder
from tests.scheduler.conftest import clock_of, new_complaint, sweeper

LONDON = ZoneInfo("Europe/London")


def reminders(app: AppContext) -> list[tuple[str, str, datetime]]:
    with session_scope(app.engine) as session:
        rows = session.exec(select(Reminder).order_by(Reminder.due_at, Reminder.id))
        return [(row.kind, row.details["rule"], row.due_at) for row in rows]


def outbox_targets(app: AppContext) -> list[tuple[str, str]]:
    with session_scope(app.engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(row.kind.value, row.target) for row in rows]


def at_nine(day: int, month: int = 3, year: int = 2026) -> datetime:
    return datetime(year, month, day, 9, 0, tzinfo=LONDON)


def test_reminders_are_planned_on_working_days_at_the_chaser_hour(app: AppContext) -> None:
    new_complaint(app)
    planned = reminders(app)
    assert ("acknowledgement_late", "acknowledgement", at_nine(5)) in planned
    assert ("due_soon", "statutory_1", at_nine(12)) in planned
    assert ("due_today", "statutory_1", at_nine(16)) in planned
    assert ("reason_for_delay", "statutory_1", at_nine(17)) in planned
    overdue = [due for kind, _, due in planned if kind == "overdue"]
    assert overdue == [at_nine(17), at_nine(19), at_nine(23)]
    assert all(due.weekday() < 5 for _, _, due in planned)


def test_the_ladder_climbs_day_by_day_and_nothing_goes_on_weekends(app: AppContext) -> None:
    new_complaint(app, assignee="U123")
    clock = clock_of(app)
    worker = sweeper(app)
    clock.set(at_nine(5) - timedelta(minutes=1))
    assert worker.sweep_once().sent == 0
    clock.set(at_nine(5))
    assert worker.sweep_once().sent == 1  # acknowledgement late -> complaints team
    assert outbox_targets(app) == [("email", "complaints.manager@heard.localhost")]
    clock.set(at_nine(14))  # Saturday: nothing, even though Thursday's chaser is due
    assert worker.sweep_once().claimed == 0
    clock.set(at_nine(16))  # Monday: due soon (Thu) and due today together, once each
    assert worker.sweep_once().sent == 2
    clock.set(at_nine(17))
    result = worker.sweep_once()
    assert result.sent == 2  # reason for delay to the assignee, ladder step 1 to team manager
    clock.set(at_nine(23))
    assert worker.sweep_once().sent == 2  # step 2 (service manager) and step 3 (director)
    targets = outbox_targets(app)
    assert ("slack_post", "U123") in targets
    assert ("email", "fostering.manager@heard.localhost") in targets
    assert ("email", "placements.sm@heard.localhost") in targets
    assert ("email", "dcs@heard.localhost") in targets
    assert worker.sweep_once().claimed == 0  # re-running never sends again


def test_christmas_closure_moves_chasers(app: AppContext) -> None:
    from heard.context import build_context

    closed = build_context(
        app.settings.model_copy(
            update={
                "closure_days": [
                    datetime(2026, 12, 29).date(),
                    datetime(2026, 12, 30).date(),
                    datetime(2026, 12, 31).date(),
                ]
            }
        ),
        clock=app.clock,
    )
    new_complaint(closed, received_at=datetime(2026, 12, 22, 10, tzinfo=UTC))
    planned = reminders(closed)
    due_today = [due for kind, rule, due in planned if kind == "due_today"]
    # statutory stage 1: the closure days do not move its due date (8 Jan, not 13 Jan)
    assert due_today == [datetime(2027, 1, 8, 9, 0, tzinfo=UTC)]
    ack = [due for kind, _, due in planned if kind == "acknowledgement_late"]
    assert ack == [datetime(2027, 1, 4, 9, 0, tzinfo=UTC)]  # 24 Dec + 1: skips 25-31 Dec, 1 Jan
    closed.engine.dispose()


def test_a_met_deadline_cancels_its_reminders_and_an_extension_replans(app: AppContext) -> None:
    case = new_complaint(app)
    from heard.wiring import build_case_service

    service = build_case_service(app)
    with session_scope(app.engine) as session:
        case = session.merge(case)
        acknowledge(service, session, case=case, actor=Actor.staff(Via.SLACK, "U1"), now=at_nine(3))
        extend(
            service,
            session,
            case=case,
            new_due=datetime(2026, 3, 30).date(),
            reason="worker ill",
            agreed_on=datetime(2026, 3, 10).date(),
            actor=Actor.staff(Via.SLACK, "U1"),
        )
    planned = reminders(app)
    assert not [kind for kind, _, _ in planned if kind == "acknowledgement_late"]
    assert ("due_today", "statutory_1", at_nine(30)) in planned
    assert ("extension_at_maximum", "statutory_1", at_nine(30)) in planned
    assert not [due for kind, _, due in planned if kind == "due_today" and due == at_nine(16)]


def test_after_two_hours_down_every_due_reminder_goes_once(app: AppContext) -> None:
    for _ in range(3):
        new_complaint(app)
    clock_of(app).set(at_nine(5) + timedelta(hours=2))
    worker = sweeper(app)
    assert worker.sweep_all().sent == 3
    assert worker.sweep_all().sent == 0
    assert len([kind for kind, _ in outbox_targets(app) if kind == OutboxKind.EMAIL.value]) == 3


def test_with_a_web_address_a_chaser_links_to_the_case_page(app: AppContext) -> None:
    case = new_complaint(app)
    worker = sweeper(app)
    worker.case_pages_url = "https://heard.example-council.gov.uk"
    clock_of(app).set(at_nine(5))
    assert worker.sweep_once().sent == 1
    with session_scope(app.engine) as session:
        [row] = session.exec(select(OutboxMessage)).all()
        assert f"https://heard.example-council.gov.uk/cases/{case.reference}" in str(row.payload)


def test_a_day_that_has_gone_is_never_chased_as_soon_or_today(app: AppContext) -> None:
    """Walker3, walking `heard sar new --received 2020-01-01`: the first sweep sent 'Due soon
    (0 working days)', 'due today, Saturday 1 February 2020' and 'overdue' together. A record
    whose deadline passed before anyone swept gets the overdue chasers only."""
    new_complaint(app)
    clock_of(app).set(at_nine(18))  # stage 1 was due Monday 16 March; nothing swept since
    worker = sweeper(app)
    worker.sweep_all()
    with session_scope(app.engine) as session:
        keys = [row.dedupe_key for row in session.exec(select(OutboxMessage))]
    assert not [key for key in keys if ":due_soon" in key or ":due_today" in key], keys
    assert [key for key in keys if ":overdue" in key], keys


def test_a_back_dated_case_is_chased_at_the_chaser_hour_not_after_midnight(
    app: AppContext,
) -> None:
    """walkerF logged a case received weeks before: its overdue chasers went at 00:09, in the
    first sweep after midnight, not at 09:00 (HEARD_CHASER_HOUR) as the README says."""
    new_complaint(app)  # received Monday 2 March: stage 1 due 16 March
    clock = clock_of(app)
    worker = sweeper(app)
    clock.set(datetime(2026, 3, 25, 0, 9, tzinfo=LONDON))  # a Wednesday, the ladder's top past
    assert worker.sweep_all().sent == 0
    clock.set(at_nine(25) - timedelta(minutes=1))
    assert worker.sweep_all().sent == 0
    clock.set(at_nine(25))
    assert worker.sweep_all().sent > 0
    clock.set(datetime(2026, 3, 28, 9, 0, tzinfo=LONDON))  # Saturday's chaser hour: nothing
    assert worker.sweep_once().claimed == 0


def test_one_working_day_is_said_in_the_singular() -> None:
    """walkerD read '... was due on Tuesday 22 December 2026, 1 working days ago.' in the
    capture server's mail, the day after five stage 1 responses fell due."""

    def said(kind: ReminderKind, days: int) -> str:
        return chaser_text(kind=kind, reference="CSC-2026-000001", rule="statutory_1",
                           due=date(2026, 12, 22), today=date(2026, 12, 23),
                           working_days_to_due=days)  # fmt: skip

    assert said(ReminderKind.OVERDUE, -1).endswith("22 December 2026, 1 working day ago.")
    assert said(ReminderKind.OVERDUE, -3).endswith("22 December 2026, 3 working days ago.")
    assert said(ReminderKind.DUE_SOON, 1).endswith("22 December 2026 (1 working day).")
    assert said(ReminderKind.DUE_SOON, 2).endswith("22 December 2026 (2 working days).")

