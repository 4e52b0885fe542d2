"""The director digest follows the procedure: an on-time stage 3 is never overdue, a paused
case shows as paused rather than overdue, and an Ombudsman case leaves "escalated" once decided."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine

from cases.actor import Actor, Via
from cases.calendar import WorkingCalendar
from cases.enums import LgscoDecision, PauseReason
from casework.escalation import escalate
from casework.ombudsman import lgsco_decided, lgsco_received
from casework.pauses import pause
from casework.service import CaseService
from casework.stage_three import chair_report
from heard.settings import Settings
from scheduler.digest import build_digest
from store.db import session_scope
from tests.casework.making import service as service
from tests.casework.making import teams as teams
from tests.casework.test_actions import TODAY, complaint, respond
from tests.panels import arrange_then_hold
from triage.rulebook import load_rulebook


def lines(engine: Engine, settings: Settings, today: date) -> dict[str, list[str]]:
    rulebook = load_rulebook(settings.rules_path)
    with engine.connect() as connection:
        digest = build_digest(
            connection, organisation=rulebook.organisation, calendar=WorkingCalendar(), today=today
        )
    return {
        "overdue": [line.reference for line in digest.overdue],
        "paused": [line.reference for line in digest.paused],
        "escalated": [f"{line.reference} ({line.stage})" for line in digest.escalated],
    }


def test_on_time_stage_three_paused_and_decided_cases(
    engine: Engine,
    settings: Settings,
    service: CaseService,
) -> None:
    with session_scope(engine) as session:
        three = complaint(service, session)
        respond(service, session, three, date(2026, 1, 16))
        escalate(
            service, session, case=three, requested_on=date(2026, 2, 2), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
        respond(service, session, three, date(2026, 3, 6))
        escalate(
            service, session, case=three, requested_on=date(2026, 4, 1), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
        arrange_then_hold(
            service, session, case=three, held_on=date(2026, 5, 13), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
        chair_report(
            service, session, case=three, received_on=date(2026, 5, 18), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
        paused = complaint(service, session, received_at=datetime(2026, 5, 18, 10, tzinfo=UTC))
        pause(
            service,
            session,
            case=paused,
            reason=PauseReason.LEGAL_PROCEEDINGS,
            paused_on=date(2026, 5, 19),
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        references = three.reference, paused.reference
    found = lines(engine, settings, date(2026, 6, 1))
    assert references[0] not in found["overdue"], "stage 3 is due 9 June: not overdue on 1 June"
    assert references[1] not in found["overdue"]
    assert found["paused"] == [references[1]]
    with session_scope(engine) as session:
        from store.cases.queries import get_case

        case = get_case(session, reference=references[0])
        assert case is not None
        respond(service, session, case, date(2026, 6, 1))
        lgsco_received(
            service, session, case=case, lgsco_reference="25 012 345", received_on=date(2026, 7, 1), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
    assert any(
        "Ombudsman" in item for item in lines(engine, settings, date(2026, 7, 2))["escalated"]
    )
    with session_scope(engine) as session:
        case = get_case(session, reference=references[0])
        assert case is not None
        lgsco_decided(
            service,
            session,
            case=case,
            decided_on=date(2026, 9, 1),
            decision=LgscoDecision.NOT_UPHELD,
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
    assert not any(
        "Ombudsman" in item for item in lines(engine, settings, date(2026, 9, 2))["escalated"]
    )
