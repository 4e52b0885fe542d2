"""A response sent after its deadline says why it was late, at every door: the rule is
casework.response's, held for every caller (walker6 item 1: Slack's Record response asked for
the reason, while `heard case REF respond` and the web form recorded a late response without
one, and the annual report then counted a delay with no reason). Late is after the deadline as
extended; a reason recorded earlier (the overdue chaser's button) stands. A late response also
needs the reason as the complainant will read it (walkerA: the letter said nothing of the delay,
and staff's own reason may name a child or a worker): the letter apologises and gives it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cases.actor import Actor, Via
from cases.enums import Outcome, Route, StageKind, Timeliness
from casework.escalation import escalate
from casework.extension import extend
from casework.response import (
    NoDelayReasonForComplainant,
    NoReasonForDelay,
    ResponseInput,
    record_reason_for_delay,
    record_response,
)
from casework.service import CaseService
from casework.stages import response_deadline
from store.db import session_scope
from store.models import Case, Stage
from tests.casework.making import received, triaged
from tests.casework.making import service as service
from tests.casework.making import teams as teams  # autouse: the teams the issues go to
from tests.outcome_letters import findings_for

TODAY = date(2026, 11, 20)
OFFICER = Actor.staff(Via.CLI, "officer")
NOT_UPHELD = {1: Outcome.NOT_UPHELD}
TOLD = "the manager looking into your complaint was away from work"


def respond(
    service: CaseService,
    session: Session,
    case: Case,
    on: date,
    reason: str | None = None,
    told: str | None = TOLD,
) -> None:
    record_response(service, session, case=case, actor=OFFICER, today=TODAY,
                    response=ResponseInput(responded_on=on, issue_outcomes=NOT_UPHELD,
                                           findings=findings_for(NOT_UPHELD),
                                           reason_for_delay=reason,
                                           delay_reason_for_complainant=told))  # fmt: skip


def at_stage(service: CaseService, session: Session, kind: StageKind) -> tuple[Case, date]:
    """A statutory complaint at `kind`, and the day its response is due."""
    case = triaged(service, session, received(service, session), Route.STATUTORY)
    if kind == StageKind.STATUTORY_2:
        respond(service, session, case, date(2026, 1, 16))
        escalate(service, session, case=case, requested_on=date(2026, 1, 20), actor=OFFICER,
                 today=TODAY)  # fmt: skip
    stage = service.current_stage(session, case)
    assert stage is not None and stage.kind == kind
    due = response_deadline(session, stage)
    assert due is not None
    return case, due.effective_due


def stage_of(service: CaseService, session: Session, case: Case) -> Stage:
    stage = service.current_stage(session, case)
    assert stage is not None
    return stage


@pytest.mark.parametrize("kind", [StageKind.STATUTORY_1, StageKind.STATUTORY_2])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_late_response_with_no_reason_is_refused_in_words(
    engine: Engine, service: CaseService, kind: StageKind, reason: str | None
) -> None:
    with session_scope(engine) as session:
        case, due = at_stage(service, session, kind)
        with pytest.raises(NoReasonForDelay) as refused:
            respond(service, session, case, service.calendar.add_working_days(due, 1), reason)
        assert refused.value.said == (
            f"The response was due by {due:%-d %B %Y}: say why it was late"
        )
        assert stage_of(service, session, case).responded_on is None


@pytest.mark.parametrize("kind", [StageKind.STATUTORY_1, StageKind.STATUTORY_2])
def test_on_its_due_day_no_reason_is_asked_and_late_the_reason_is_kept(
    engine: Engine, service: CaseService, kind: StageKind
) -> None:
    with session_scope(engine) as session:
        case, due = at_stage(service, session, kind)
        respond(service, session, case, due)
        assert stage_of(service, session, case).timeliness == Timeliness.IN_TIME
    with session_scope(engine) as session:
        case, due = at_stage(service, session, kind)
        respond(service, session, case, service.calendar.add_working_days(due, 2),
                " The investigating officer was off sick ")  # fmt: skip
        stage = stage_of(service, session, case)
        assert stage.timeliness == Timeliness.LATE
        assert stage.reason_for_delay == "The investigating officer was off sick"
        assert stage.delay_reason_for_complainant == TOLD


@pytest.mark.parametrize("kind", [StageKind.STATUTORY_1, StageKind.STATUTORY_2])
@pytest.mark.parametrize("told", [None, "", "   "])
def test_a_late_response_with_no_reason_for_the_complainant_is_refused_in_words(
    engine: Engine, service: CaseService, kind: StageKind, told: str | None
) -> None:
    with session_scope(engine) as session:
        case, due = at_stage(service, session, kind)
        with pytest.raises(NoDelayReasonForComplainant) as refused:
            respond(service, session, case, service.calendar.add_working_days(due, 1),
                    "SW off sick", told)  # fmt: skip
        assert refused.value.said == (
            f"The response was due by {due:%-d %B %Y}: say why it is late as the complainant "
            "will read it (the letter apologises for the delay and gives this reason)"
        )
        assert stage_of(service, session, case).responded_on is None


def test_in_time_no_reason_for_the_complainant_is_asked_or_kept(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case, due = at_stage(service, session, StageKind.STATUTORY_1)
        respond(service, session, case, due, told=None)
        assert stage_of(service, session, case).delay_reason_for_complainant is None
    with session_scope(engine) as session:
        case, due = at_stage(service, session, StageKind.STATUTORY_1)
        respond(service, session, case, due)  # given, but the response is not late
        assert stage_of(service, session, case).delay_reason_for_complainant is None


def test_an_agreed_extension_moves_what_late_means(engine: Engine, service: CaseService) -> None:
    with session_scope(engine) as session:
        case, due = at_stage(service, session, StageKind.STATUTORY_1)
        extended = service.calendar.add_working_days(due, 5)
        extend(service, session, case=case, new_due=extended, reason="more to read",
               agreed_on=due, actor=OFFICER, today=TODAY)  # fmt: skip
        respond(service, session, case, extended)
        assert stage_of(service, session, case).timeliness == Timeliness.IN_EXTENDED_TIME
    with session_scope(engine) as session:
        case, due = at_stage(service, session, StageKind.STATUTORY_1)
        extended = service.calendar.add_working_days(due, 5)
        extend(service, session, case=case, new_due=extended, reason="more to read",
               agreed_on=due, actor=OFFICER, today=TODAY)  # fmt: skip
        with pytest.raises(NoReasonForDelay, match=f"due by {extended:%-d %B %Y}:"):
            respond(service, session, case, service.calendar.add_working_days(extended, 1))


def test_a_reason_given_on_the_chaser_stands(engine: Engine, service: CaseService) -> None:
    with session_scope(engine) as session:
        case, due = at_stage(service, session, StageKind.STATUTORY_1)
        record_reason_for_delay(service, session, case=case, reason="Worker on leave",
                                actor=OFFICER)  # fmt: skip
        respond(service, session, case, service.calendar.add_working_days(due, 1))
        assert stage_of(service, session, case).reason_for_delay == "Worker on leave"
