"""Learning actions' and Ombudsman recommendations' due dates are chased (issue 23 item 3):
a reminder before the date and the overdue ladder after it, to the owning team's manager and up,
each once however many processes sweep, moved by a settable clock; done items stop."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email import message_from_string
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from cases.actor import Actor, Via
from cases.enums import LearningStatus, LgscoDecision, OutboxKind, Role
from casework.ombudsman import RecommendationInput, lgsco_decided, lgsco_received
from casework.records import add_learning, update_learning
from heard.context import AppContext
from heard.wiring import build_case_service, messenger
from scheduler.rules import ChaserPolicy
from scheduler.sweep import Sweeper
from store.db import session_scope
from store.models import Case, OutboxMessage
from tests.scheduler.conftest import clock_of, new_complaint

LONDON = ZoneInfo("Europe/London")
OFFICER = Actor.staff(Via.CLI, "o")
DUE = date(2026, 3, 13)  # a Friday
MANAGER, SERVICE_MANAGER, DIRECTOR = (
    "fostering.manager@heard.localhost",
    "placements.sm@heard.localhost",
    "dcs@heard.localhost",
)
LEARNING = "Return calls within two working days"


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=LONDON)


def sweeper(app: AppContext, policy: ChaserPolicy, worker: str = "w1") -> Sweeper:
    return Sweeper(
        engine=app.engine,
        messenger=messenger(app.settings),
        clock=app.clock,
        calendar=app.calendar,
        organisation=app.organisation,
        worker=worker,
        policy=policy,
    )


def promises(app: AppContext) -> tuple[str, int, str]:
    """A learning action owned by fostering and a recommendation on a fostering case, both due
    Friday 13 March; returns the learning action's case reference and id, and the
    recommendation's case reference."""
    service = build_case_service(app)
    first, second = new_complaint(app), new_complaint(app)
    with session_scope(app.engine) as session:
        for row in (first, second):
            session.add(row)
        action = add_learning(
            service, session, case=first, text=LEARNING, owner_team_id="fostering",
            identified_on=date(2026, 3, 2), actor=OFFICER, today=date(2026, 3, 2), due_on=DUE,
        )  # fmt: skip
        lgsco_received(service, session, case=second, lgsco_reference="25 012 345", received_on=date(2026, 3, 2),
                       actor=OFFICER, today=date(2026, 3, 2))  # fmt: skip
        lgsco_decided(
            service, session, case=second, decided_on=date(2026, 3, 2),
            decision=LgscoDecision.UPHELD_WITH_INJUSTICE, actor=OFFICER, today=date(2026, 3, 2),
            recommendations=[RecommendationInput("Apologise in writing", DUE)],
        )  # fmt: skip
        assert action.id is not None
        return first.reference, action.id, second.reference


def chasers(app: AppContext, since: int = 0) -> list[tuple[str, str]]:
    """(to, subject) of each follow-up chaser email queued after outbox row `since`."""
    with session_scope(app.engine) as session:
        rows = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.kind == OutboxKind.EMAIL, col(OutboxMessage.id) > since)
            .where(col(OutboxMessage.dedupe_key).startswith("follow-up:"))
            .order_by(col(OutboxMessage.id))
        )
        return [(row.target, _subject(row)) for row in rows]


def _subject(row: OutboxMessage) -> str:
    return str(message_from_string(str(row.payload["message"]))["Subject"])


def last_id(app: AppContext) -> int:
    with session_scope(app.engine) as session:
        rows = session.exec(select(OutboxMessage.id).order_by(col(OutboxMessage.id).desc()))
        return rows.first() or 0


def test_reminded_before_then_chased_up_the_ladder_once_until_done(app: AppContext) -> None:
    reference, action_id, recommended = promises(app)
    clock, worker = clock_of(app), sweeper(app, ChaserPolicy())
    other = sweeper(app, ChaserPolicy(), worker="w2")  # a second heard process
    clock.set(at(11, 8, 59))  # due soon is two working days before: Wednesday, at nine
    assert worker.sweep_all().follow_ups == 0
    clock.set(at(11))
    assert worker.sweep_all().follow_ups == 2
    assert other.sweep_all().follow_ups == 0 and worker.sweep_all().follow_ups == 0
    assert sorted(chasers(app)) == sorted(
        [
            (MANAGER, f"[heard] Due soon: learning action on {reference}"),
            (MANAGER, f"[heard] Due soon: Ombudsman recommendation on {recommended}"),
        ]
    )
    clock.set(at(14))  # Saturday: nothing
    assert worker.sweep_all().follow_ups == 0
    mark = last_id(app)
    clock.set(at(16))  # overdue day 1: the team manager
    assert worker.sweep_all().follow_ups == 2
    assert [to for to, _ in chasers(app, mark)] == [MANAGER, MANAGER]
    assert all(subject.startswith("[heard] Overdue") for _, subject in chasers(app, mark))
    with session_scope(app.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        update_learning(
            build_case_service(app), session, case=case, learning_id=action_id,
            status=LearningStatus.IMPLEMENTED, on=date(2026, 3, 17), actor=OFFICER,
            today=date(2026, 3, 17),
        )  # fmt: skip
    mark = last_id(app)
    clock.set(at(18))  # day 3: the service manager, for the recommendation only now
    assert worker.sweep_all().follow_ups == 1
    assert [to for to, _ in chasers(app, mark)] == [SERVICE_MANAGER]
    clock.set(at(20))  # day 5: the director
    assert worker.sweep_all().follow_ups == 1
    assert [to for to, _ in chasers(app, mark)] == [SERVICE_MANAGER, DIRECTOR]
    clock.set(at(20) + timedelta(days=10))
    assert worker.sweep_all().follow_ups == 0  # the ladder has no more steps


def test_the_email_says_what_was_promised(app: AppContext) -> None:
    reference, _, recommended = promises(app)
    clock_of(app).set(at(16))
    sweeper(app, ChaserPolicy()).sweep_all()

    def text_of(kind: str) -> str:
        with session_scope(app.engine) as session:
            row = session.exec(
                select(OutboxMessage).where(
                    col(OutboxMessage.dedupe_key).startswith(f"follow-up:{kind}:")
                )
            ).one()
            body = message_from_string(str(row.payload["message"])).get_payload(decode=True)
        return body.decode() if isinstance(body, bytes) else str(body)

    text = text_of("learning")
    assert f"{reference} is overdue: a learning action was due on Friday 13 March 2026" in text
    assert LEARNING in text
    # the Ombudsman keeps its capital mid-sentence (walkerD read 'an ombudsman recommendation')
    assert (
        f"{recommended} is overdue: an Ombudsman recommendation was due on Friday 13 March 2026"
        in text_of("recommendation")
    )


@pytest.mark.parametrize(
    ("soon", "ladder", "expected"),
    [
        (0, ((1, Role.TEAM_MANAGER),), {11: [], 16: [MANAGER], 17: []}),
        (
            3,
            ((2, Role.TEAM_MANAGER), (4, Role.DIRECTOR)),
            {10: [MANAGER], 16: [], 17: [MANAGER], 19: [DIRECTOR]},
        ),
        (1, ((1, Role.SERVICE_MANAGER),), {12: [MANAGER], 16: [SERVICE_MANAGER]}),
    ],
    ids=["no-reminder", "three-days-custom-ladder", "service-manager-first"],
)
def test_the_councils_own_chaser_settings(
    app: AppContext, soon: int, ladder: tuple[tuple[int, Role], ...], expected: dict[int, list[str]]
) -> None:
    promises(app)
    worker = sweeper(app, ChaserPolicy(due_soon_days=soon, ladder=ladder))
    for day, recipients in expected.items():
        mark = last_id(app)
        clock_of(app).set(at(day))
        worker.sweep_all()
        # each recipient gets two: the learning action and the recommendation
        assert sorted(to for to, _ in chasers(app, mark)) == sorted(recipients * 2), day


def test_follow_up_chasers_are_listed_with_the_reminders(
    app: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`heard reminders list` shows what the sweep will chase for learning actions and
    recommendations (computed, not stored as reminder rows), and drops each step once queued."""
    from typer.testing import CliRunner

    from cli.main import app as cli
    from heard.wiring import planned_follow_ups

    reference, _, recommended = promises(app)
    clock = clock_of(app)
    clock.set(at(10))
    planned = [(p.due_at, p.kind, p.reference, p.recipient) for p in planned_follow_ups(app)]
    assert planned[:2] == [
        (at(11), "learning_due_soon", reference, "team_manager"),
        (at(11), "recommendation_due_soon", recommended, "team_manager"),
    ]
    assert (at(16), "learning_overdue", reference, "team_manager") in planned
    assert (at(20), "recommendation_overdue", recommended, "director") in planned
    clock.set(at(11))
    assert sweeper(app, ChaserPolicy()).sweep_all().follow_ups == 2
    kinds = {(p.kind, p.due_at) for p in planned_follow_ups(app)}
    assert ("learning_due_soon", at(11)) not in kinds  # queued: no longer pending
    assert ("learning_overdue", at(16)) in kinds
    monkeypatch.setenv("HEARD_DATABASE_URL", app.settings.database_url)
    listed = CliRunner().invoke(cli, ["reminders", "list"])
    assert listed.exit_code == 0, listed.stderr
    assert f"{reference}  learning_overdue" in listed.stdout
    assert f"{recommended}  recommendation_overdue" in listed.stdout
