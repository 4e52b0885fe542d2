"""The corporate procedure under the Ombudsman's Complaint Handling Code (issue 24 item 4), on
both databases: each corporate stage is acknowledged within 5 working days, answered within 10
(stage 1) or 20 (stage 2) working days of the acknowledgement, extended once with the reason
told to the complainant; statutory complaints, and corporate stages opened before the Code,
run as before."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from cases.actor import Actor, Via
from cases.calendar import WorkingCalendar
from cases.enums import (
    IssueCategory,
    Outcome,
    RecordKind,
    Route,
    Timeliness,
)
from cases.timescales import ExtensionRefused, TimescalePolicy
from cases.triage_result import IssueProposal
from casework.acknowledgement import acknowledge
from casework.escalation import escalate
from casework.extension import extend
from casework.response import ResponseInput, record_response
from casework.service import CaseService
from store.audit import entries as audit_entries
from store.db import session_scope
from store.models import AuditEntry, Case, Deadline
from store.organisation import sync_organisation
from tests.casework import making
from tests.outcome_letters import findings_for

RECEIVED = datetime(2026, 5, 11, 10, 0, tzinfo=UTC)  # Monday 11 May 2026, after 1 April
BEFORE_THE_CODE = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)
OFFICER = Actor.staff(Via.CLI, "officer")
HIGHWAYS = (IssueProposal(IssueCategory.COMMUNICATION, "highways"),)


@pytest.fixture
def service() -> CaseService:
    return CaseService(
        calendar=WorkingCalendar(),
        timescales=TimescalePolicy.from_overrides({}, code_from=date(2026, 4, 1)),
        reference_prefix="CSC",
    )


@pytest.fixture(autouse=True)
def teams(engine: Engine) -> None:
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("place", "Place")],
            teams=[("highways", "Highways", "place", None)],
        )


def received(service: CaseService, session: Session, at: datetime = RECEIVED) -> Case:
    return making.received(service, session, at)


def triaged(
    service: CaseService,
    session: Session,
    case: Case,
    route: Route,
    kind: RecordKind = RecordKind.COMPLAINT,
) -> Case:
    """A parent's complaint about highways (the council's own service), triaged on `route`."""
    return making.triaged(service, session, case, route, kind=kind, issues=HIGHWAYS)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, 0, tzinfo=UTC)


def respond(service: CaseService, session: Session, case: Case, on: date) -> None:
    record_response(
        service,
        session,
        case=case,
        actor=OFFICER,
        today=TODAY,
        response=ResponseInput(responded_on=on, issue_outcomes={1: Outcome.NOT_UPHELD}, findings=findings_for({1: Outcome.NOT_UPHELD})),
    )


def test_another_agencys_complaint_is_not_under_the_code(
    engine: Engine, service: CaseService
) -> None:
    """The Code is for complaints from the public: a professional complaint's corporate stage
    keeps the council's own timescale and has no Code acknowledgement to chase or report."""
    with session_scope(engine) as session:
        case = triaged(
            service,
            session,
            received(service, session),
            Route.CORPORATE,
            kind=RecordKind.PROFESSIONAL_COMPLAINT,
        )
        found = making.clocks(session, case)
        assert "code_acknowledgement" not in found
        assert found["corporate_1"].start_on == date(2026, 5, 11)


def test_both_corporate_stages_under_the_code(engine: Engine, service: CaseService) -> None:
    with session_scope(engine) as session:
        case = triaged(service, session, received(service, session), Route.CORPORATE)
        found = making.clocks(session, case)
        assert found["code_acknowledgement"].due_on == date(2026, 5, 18)  # 5 working days
        # Until it is acknowledged, the answer is due 10 working days after the last day the
        # acknowledgement may be sent (25 May is a bank holiday).
        assert (found["corporate_1"].start_on, found["corporate_1"].due_on) == (
            date(2026, 5, 18),
            date(2026, 6, 2),
        )

        acknowledge(service, session, case=case, actor=OFFICER, now=at(date(2026, 5, 13)))
        found = making.clocks(session, case)
        assert found["acknowledgement"].met_on == date(2026, 5, 13)
        assert found["code_acknowledgement"].met_on == date(2026, 5, 13)
        answer = found["corporate_1"]
        assert (answer.start_on, answer.due_on, answer.maximum_on) == (
            date(2026, 5, 13),
            date(2026, 5, 28),  # 10 working days from the acknowledgement
            date(2026, 6, 11),  # extended by at most 10 more
        )

        with pytest.raises(ExtensionRefused, match="2026-06-11 at the most"):
            extend(service, session, case=case, new_due=date(2026, 6, 12), reason="x",
                   agreed_on=None, actor=OFFICER, today=TODAY)
        with pytest.raises(ExtensionRefused, match="reason"):
            extend(service, session, case=case, new_due=date(2026, 6, 4), reason=" ",
                   agreed_on=None, actor=OFFICER, today=TODAY)
        # No agreement is needed: the complainant is told the new date and why.
        extend(service, session, case=case, new_due=date(2026, 6, 4),
               reason="the contractor's report is not back", agreed_on=None, actor=OFFICER,
               today=TODAY, reason_for_complainant="We are waiting for a report we need.")
        assert making.clocks(session, case)["corporate_1"].extended_to == date(2026, 6, 4)
        with pytest.raises(ExtensionRefused, match="one extension"):
            extend(service, session, case=case, new_due=date(2026, 6, 10), reason="again",
                   agreed_on=None, actor=OFFICER, today=TODAY)

        respond(service, session, case, date(2026, 6, 3))
        stage_one = service.current_stage(session, case)
        assert stage_one is not None and stage_one.timeliness == Timeliness.IN_EXTENDED_TIME

        escalate(service, session, case=case, requested_on=date(2026, 6, 8), actor=OFFICER,
                 today=TODAY)
        found = making.clocks(session, case)
        stage_two_ack = [
            d for d in session.exec(select(Deadline).where(Deadline.case_id == case.id))
            if d.rule == "code_acknowledgement" and d.met_on is None
        ]
        assert [d.due_on for d in stage_two_ack] == [date(2026, 6, 15)]

        # Stage 2 is acknowledged on its own; its answer is due 20 working days later.
        acknowledge(service, session, case=case, actor=OFFICER, now=at(date(2026, 6, 10)))
        answer = making.clocks(session, case)["corporate_2"]
        assert (answer.start_on, answer.due_on, answer.maximum_on) == (
            date(2026, 6, 10),
            date(2026, 7, 8),
            date(2026, 8, 5),
        )
        said = audit_entries(
            session, select(AuditEntry).where(AuditEntry.action == "stage_acknowledged")
        )
        assert [entry.reason for entry in said] == ["Corporate stage 2 acknowledged on 10 June 2026"]
        with pytest.raises(Exception, match="already acknowledged"):
            acknowledge(service, session, case=case, actor=OFFICER, now=at(date(2026, 6, 11)))


def test_triage_changed_after_the_codes_acknowledgement(engine: Engine, service: CaseService) -> None:
    """Walking a school transport complaint acknowledged by mail under the Code, then Change
    triage in the web view to give its issues categories: a server error. Re-triage removes
    the stage the first proposal opened, and only its open clocks were let go of it: the met
    Code acknowledgement still named the stage (FOREIGN KEY constraint failed). The new stage
    keeps the acknowledgement already made, and its answer stays timed from it."""
    with session_scope(engine) as session:
        case = triaged(service, session, received(service, session), Route.CORPORATE)
        acknowledge(service, session, case=case, actor=OFFICER, now=at(date(2026, 5, 13)))
        triaged(service, session, case, Route.CORPORATE)  # staff give it its categories
        found = making.clocks(session, case)
        assert found["code_acknowledgement"].met_on == date(2026, 5, 13)
        assert (found["corporate_1"].start_on, found["corporate_1"].due_on) == (
            date(2026, 5, 13),
            date(2026, 5, 28),
        )
        stages = {deadline.stage_id for deadline in found.values()} - {None}
        assert len(stages) == 1  # the new stage's, none naming the one removed


def test_an_extension_before_the_acknowledgement_is_refused(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = triaged(service, session, received(service, session), Route.CORPORATE)
        with pytest.raises(ExtensionRefused, match="acknowledge the stage first"):
            extend(service, session, case=case, new_due=date(2026, 6, 4), reason="busy",
                   agreed_on=None, actor=OFFICER, today=TODAY)


def test_acknowledged_before_triage_times_the_answer_from_then(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = received(service, session)
        acknowledge(service, session, case=case, actor=OFFICER, now=at(date(2026, 5, 12)))
        triaged(service, session, case, Route.CORPORATE)
        found = making.clocks(session, case)
        assert found["code_acknowledgement"].met_on == date(2026, 5, 12)
        assert (found["corporate_1"].start_on, found["corporate_1"].due_on) == (
            date(2026, 5, 12),
            date(2026, 5, 27),
        )


def test_statutory_complaints_and_earlier_corporate_stages_run_as_before(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        statutory = triaged(service, session, received(service, session), Route.STATUTORY)
        assert "code_acknowledgement" not in making.clocks(session, statutory)
        assert making.clocks(session, statutory)["statutory_1"].due_on == date(2026, 5, 26)

        earlier = triaged(
            service, session, received(service, session, BEFORE_THE_CODE), Route.CORPORATE
        )
        found = making.clocks(session, earlier)
        assert "code_acknowledgement" not in found
        assert found["corporate_1"].due_on == date(2026, 1, 19)  # 10 working days from receipt
        with pytest.raises(ExtensionRefused, match="complainant agreed"):
            extend(service, session, case=earlier, new_due=date(2026, 1, 23), reason="busy",
                   agreed_on=None, actor=OFFICER, today=TODAY)


def test_the_code_is_configuration() -> None:
    policy = TimescalePolicy.from_overrides(
        {"code_acknowledgement": (3, None), "code_corporate_1": (8, 16)},
        code_from=date(2026, 4, 1),
    )
    calendar = WorkingCalendar()
    from cases.enums import StageKind
    from cases.timescales import stage_clocks

    acknowledgement, answer = stage_clocks(
        StageKind.CORPORATE_1, start=date(2026, 5, 11), calendar=calendar, policy=policy
    )
    assert acknowledgement.due == date(2026, 5, 14)
    assert (answer.rule.value, answer.start, answer.due) == (
        "corporate_1",
        date(2026, 5, 14),
        date(2026, 5, 27),
    )
    never = TimescalePolicy.from_overrides({}, code_from=None)
    assert len(stage_clocks(StageKind.CORPORATE_1, start=date(2026, 5, 11), calendar=calendar,
                            policy=never)) == 1


def test_the_extension_letter_tells_the_reason_without_an_agreement() -> None:
    from outbound.letters import render
    from tests.outbound.test_letters import letter_config

    fields = {"reference": "CSC-2026-000001", "recipient_name": "Sam", "stage_name": "first stage"}
    told = render(letter_config("Example Council"), "extension.txt.j2", agreed_on="-",
                  new_due="4 June 2026", reason="the contractor's report is not back", **fields)
    assert "Thank you for agreeing" not in told
    assert "response by 4 June 2026" in told.replace("\n", " ")
    assert "The reason we need longer: the contractor's report is not back" in told
    agreed = render(letter_config("Example Council"), "extension.txt.j2", agreed_on="1 June 2026",
                    new_due="4 June 2026", reason="busy", **fields)
    assert "Thank you for agreeing, on 1 June 2026" in agreed
