"""Reopening a closed case (issue 23: a family asks for stage 2 after the case closed), on both
databases: it goes back to where its next step is taken, says who, when and why, restores the
clocks it had open when it closed (and their reminders) and restarts none, and is refused
without a reason or on a day the case was not closed. A withdrawn case reopens where the family
left it (walker items 2-3): tests/casework/test_reopen_withdrawn.py."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from cases.actor import Actor, Via
from cases.enums import CaseStatus, RecordKind, Route, StageKind
from cases.lifecycle import InvalidTransition
from casework.closing import close
from casework.escalation import escalate
from casework.reopening import reopen
from casework.service import CaseService
from store.audit import history
from store.db import session_scope
from store.models import Case, Deadline
from tests.casework.making import service as service
from tests.casework.making import teams as teams  # autouse there and here
from tests.casework.test_actions import TODAY, complaint, respond

OFFICER = Actor.staff(Via.CLI, "officer")
CLOSED_AT = datetime(2026, 1, 20, 15, 0, tzinfo=UTC)  # four days after the stage 1 response


def closed_complaint(service: CaseService, session: Session) -> Case:
    case = complaint(service, session)
    respond(service, session, case, date(2026, 1, 16))
    return close(service, session, case=case, actor=OFFICER, now=CLOSED_AT, confirmed=True)


def clocks(session: Session, case: Case) -> list[tuple[str, date, bool]]:
    found = session.exec(
        select(Deadline).where(Deadline.case_id == case.id).order_by(col(Deadline.id))
    )
    return [(row.rule, row.due_on, row.cancelled) for row in found]


def test_a_reopened_complaint_can_go_to_stage_two_from_the_day_the_family_asked(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = closed_complaint(service, session)
        before = clocks(session, case)
        reopen(
            service, session, case=case, actor=OFFICER,
            reason="family asked for stage 2 by email", on=date(2026, 2, 2), today=TODAY,
        )  # fmt: skip
        assert (case.status, case.stage, case.closed_at) == (
            CaseStatus.RESPONDED, StageKind.STATUTORY_1, None,
        )  # fmt: skip
        # the clocks the case had open when it closed (the stage 2 request window, the
        # acknowledgement never recorded) come back with their dates (walking it, the window's
        # reminder never came back); nothing restarts
        assert [row for row in before if row[0] == "stage_2_request"] == [
            ("stage_2_request", date(2026, 2, 13), True)
        ]
        assert clocks(session, case) == [(rule, due, False) for rule, due, _ in before]
        assert case.id is not None
        entry = history(session, case_id=case.id)[-1]
        assert (entry.action, entry.actor) == ("reopen", "cli:officer")
        assert entry.reason == "family asked for stage 2 by email"
        assert entry.before is not None and entry.after is not None
        assert entry.before["status"] == "closed" and entry.after["status"] == "responded"
        assert (entry.before["closed_on"], entry.after["reopened_on"]) == (
            "2026-01-20", "2026-02-02",
        )  # fmt: skip
        escalate(
            service, session, case=case, requested_on=date(2026, 2, 2), actor=OFFICER, today=TODAY
        )
        assert (case.status, case.stage) == (CaseStatus.OPEN, StageKind.STATUTORY_2)
        stage_two = [row for row in clocks(session, case) if row[0] == "statutory_2"]
        assert stage_two == [("statutory_2", date(2026, 3, 9), False)], "counted from the ask"


def test_a_request_after_the_window_still_needs_the_reason_for_discretion(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = closed_complaint(service, session)
        reopen(
            service, session, case=case, actor=OFFICER, reason="asked for stage 2",
            on=date(2026, 3, 2), today=TODAY,
        )  # fmt: skip
        with pytest.raises(InvalidTransition, match="discretion"):
            escalate(
                service, session, case=case, requested_on=date(2026, 3, 2), actor=OFFICER,
                today=TODAY,
            )  # fmt: skip
        escalate(
            service, session, case=case, requested_on=date(2026, 3, 2), actor=OFFICER,
            reason="was in hospital", today=TODAY,
        )  # fmt: skip
        assert case.stage == StageKind.STATUTORY_2


@pytest.mark.parametrize(
    ("reason", "on", "message"),
    [
        ("  ", date(2026, 2, 2), "cannot reopen without a reason"),
        ("asked", date(2026, 1, 19), "before the case was closed (2026-01-20)"),
        ("asked", date(2099, 1, 1), "in the future"),
    ],
)
def test_reopening_is_refused_without_a_reason_or_on_a_day_it_was_not_closed(
    engine: Engine, service: CaseService, reason: str, on: date, message: str
) -> None:
    with session_scope(engine) as session:
        case = closed_complaint(service, session)
        with pytest.raises(
            InvalidTransition, match=message.replace("(", r"\(").replace(")", r"\)")
        ):
            reopen(service, session, case=case, actor=OFFICER, reason=reason, on=on, today=TODAY)
        assert case.status == CaseStatus.CLOSED and case.closed_at is not None


def test_only_a_closed_case_reopens_and_a_compliment_goes_back_to_received(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        running = complaint(service, session)
        with pytest.raises(InvalidTransition, match="cannot reopen: the case is open"):
            reopen(
                service, session, case=running, actor=OFFICER, reason="x", on=date(2026, 1, 6),
                today=TODAY,
            )  # fmt: skip
        compliment = complaint(service, session, kind=RecordKind.COMPLIMENT, route=Route.NONE)
        close(service, session, case=compliment, actor=OFFICER, now=CLOSED_AT)
        reopen(
            service, session, case=compliment, actor=OFFICER, reason="closed by mistake",
            on=date(2026, 1, 20), today=TODAY,
        )  # fmt: skip
        assert (compliment.status, compliment.stage) == (CaseStatus.RECEIVED, None)
