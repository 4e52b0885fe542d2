"""The procedure end to end through casework/, on both databases: every deadline of a case taken from
stage 1 to the Ombudsman's decision, escalation on an overdue stage, pauses, extensions, the
Ombudsman at any point, per-issue outcomes, compliments."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from cases.actor import Actor, Via
from cases.enums import (
    AdvocacyStatus,
    CaseStatus,
    ComplimentSource,
    CostKind,
    LearningSource,
    LearningStatus,
    LgscoDecision,
    NotLoggedReason,
    Outcome,
    PauseReason,
    RecordKind,
    RemedyKind,
    Route,
    StageKind,
    Timeliness,
)
from cases.lifecycle import InvalidTransition
from cases.timescales import ExtensionRefused
from casework.acknowledgement import acknowledge
from casework.closing import close
from casework.escalation import escalate
from casework.extension import extend
from casework.ombudsman import (
    RecommendationInput,
    lgsco_decided,
    lgsco_received,
    lgsco_replied,
)
from casework.pauses import pause, resume
from casework.records import add_cost, add_learning, record_advocacy, update_learning
from casework.response import CostInput, RemedyInput, ResponseInput, record_response
from casework.service import CaseService
from casework.stage_three import chair_report
from store.audit import entries as audit_entries
from store.cases.queries import numbered_issues
from store.db import session_scope
from store.models import (
    AuditEntry,
    Case,
    CasePause,
    Compliment,
    Cost,
    Deadline,
    IssueOutcome,
    LearningAction,
    LearningUpdate,
    LgscoCase,
    LgscoRecommendation,
    Remedy,
    Stage,
)
from tests.casework.making import RECEIVED, TWO_ISSUES, clocks, received, triaged
from tests.casework.making import service as service
from tests.casework.making import teams as teams  # autouse: the teams the issues go to
from tests.outcome_letters import findings_for, remedies_for
from tests.panels import arrange_then_hold

TODAY = date(2026, 11, 20)


def complaint(
    service: CaseService,
    session: Session,
    *,
    route: Route = Route.STATUTORY,
    kind: RecordKind = RecordKind.COMPLAINT,
    received_at: datetime = RECEIVED,
    not_logged: NotLoggedReason | None = None,
) -> Case:
    """A parent's complaint by email about two issues, for two teams, triaged on `route`."""
    case = received(service, session, received_at)
    return triaged(
        service, session, case, route, kind=kind, not_logged=not_logged, issues=TWO_ISSUES
    )


def respond(
    service: CaseService, session: Session, case: Case, on: date, **outcomes: Outcome
) -> None:
    given = {int(number.strip("_")): outcome for number, outcome in outcomes.items()}
    answers = given or {1: Outcome.UPHELD, 2: Outcome.NOT_UPHELD}
    record_response(
        service,
        session,
        case=case,
        actor=Actor.staff(Via.CLI, "officer"),
        today=TODAY,
        response=ResponseInput(
            responded_on=on,
            issue_outcomes=answers,
            findings=findings_for(answers),
            remedies=remedies_for(answers),
        ),
    )


def test_stage_one_to_three_to_the_ombudsman_with_every_deadline(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        assert clocks(session, case)["acknowledgement"].due_on == date(2026, 1, 7)
        assert clocks(session, case)["statutory_1"].due_on == date(2026, 1, 19)
        acknowledge(service, session, case=case, actor=Actor.staff(Via.CLI, "officer"), now=RECEIVED)
        respond(service, session, case, date(2026, 1, 16))
        stage_one = service.current_stage(session, case)
        assert stage_one is not None and stage_one.timeliness == Timeliness.IN_TIME
        assert clocks(session, case)["stage_2_request"].due_on == date(2026, 2, 13)

        escalate(
            service, session, case=case, requested_on=date(2026, 2, 2), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
        assert clocks(session, case)["stage_2_request"].met_on == date(2026, 2, 2)
        assert clocks(session, case)["statutory_2"].due_on == date(2026, 3, 9)
        assert clocks(session, case)["statutory_2"].maximum_on == date(2026, 5, 7)
        respond(service, session, case, date(2026, 3, 6))
        assert clocks(session, case)["stage_3_request"].due_on == date(2026, 4, 7)  # Easter

        # Request 1 April; panel 13 May, chair's report 18 May, response 1 June: all in time.
        escalate(
            service, session, case=case, requested_on=date(2026, 4, 1), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
        assert clocks(session, case)["stage_3_panel"].due_on == date(2026, 5, 18)
        with pytest.raises(InvalidTransition, match="chair's report"):
            respond(service, session, case, date(2026, 5, 1))
        with pytest.raises(InvalidTransition, match="record the panel first"):
            chair_report(
                service, session, case=case, received_on=date(2026, 5, 1), actor=Actor.staff(Via.CLI, "o"), today=TODAY
            )
        arrange_then_hold(
            service, session, case=case, held_on=date(2026, 5, 13), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
        found = clocks(session, case)
        assert found["stage_3_panel"].met_on == date(2026, 5, 13)
        assert found["panel_report"].due_on == date(2026, 5, 20)
        said = audit_entries(session, select(AuditEntry).where(AuditEntry.action == "panel_held"))
        assert [entry.reason for entry in said] == ["13 May 2026"]
        chair_report(
            service, session, case=case, received_on=date(2026, 5, 18), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
        found = clocks(session, case)
        assert found["panel_report"].met_on == date(2026, 5, 18)
        assert found["council_response"].due_on == date(2026, 6, 9)
        # the council answers the panel's report: not dated before it arrived (found walking
        # stage 3 with the CLI: a response dated between the request and the report was kept)
        with pytest.raises(InvalidTransition, match="report arrived on 18 May 2026"):
            respond(service, session, case, date(2026, 5, 15))
        respond(service, session, case, date(2026, 6, 1))
        found = clocks(session, case)
        assert found["stage_3_panel"].met_on == date(2026, 5, 13), "the panel's date is kept"
        assert found["council_response"].met_on == date(2026, 6, 1)
        stage_three = service.current_stage(session, case)
        assert stage_three is not None and stage_three.kind == StageKind.STATUTORY_3
        assert stage_three.timeliness == Timeliness.IN_TIME
        open_rules = [d.rule for d in found.values() if d.met_on is None]
        assert open_rules == [], "nothing on an on-time stage 3 is left to be overdue"

        close(service, session, case=case, actor=Actor.staff(Via.CLI, "o"), now=datetime(2026, 6, 2, tzinfo=UTC))
        lgsco_received(
            service,
            session,
            case=case,
            received_on=date(2026, 7, 1),
            actor=Actor.staff(Via.CLI, "o"),
            lgsco_reference="25 012 345",
            today=TODAY,
        )
        enquiry = session.exec(select(LgscoCase)).one()
        assert not enquiry.premature and enquiry.case_status_at_enquiry == CaseStatus.CLOSED
        assert clocks(session, case)["lgsco_response"].due_on == date(2026, 7, 29)
        with pytest.raises(InvalidTransition) as early:  # said as words: 'cannot a reply' was
            lgsco_replied(service, session, case=case, replied_on=date(2026, 6, 30),
                          actor=Actor.staff(Via.CLI, "o"), today=TODAY)  # fmt: skip
        assert early.value.said == (
            "cannot record a reply to the Ombudsman on 30 June 2026: the enquiry came on "
            "1 July 2026, and the reply comes after it"
        )
        lgsco_replied(service, session, case=case, replied_on=date(2026, 7, 20),
                      actor=Actor.staff(Via.CLI, "o"), today=TODAY)  # fmt: skip
        assert clocks(session, case)["lgsco_response"].met_on == date(2026, 7, 20)
        with pytest.raises(InvalidTransition, match="already recorded"):
            lgsco_replied(service, session, case=case, replied_on=date(2026, 7, 21),
                          actor=Actor.staff(Via.CLI, "o"), today=TODAY)  # fmt: skip
        lgsco_decided(
            service,
            session,
            case=case,
            decided_on=date(2026, 9, 1),
            decision=LgscoDecision.UPHELD_WITH_INJUSTICE,
            remedy="apology and £300 for distress",
            remedy_cost_pence=30000,
            recommendations=[
                RecommendationInput("review the contact policy", date(2026, 12, 1))
            ],
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        enquiry = session.exec(select(LgscoCase)).one()
        assert (enquiry.decision, enquiry.decided_on, enquiry.lgsco_reference) == (
            LgscoDecision.UPHELD_WITH_INJUSTICE,
            date(2026, 9, 1),
            "25 012 345",
        )
        assert clocks(session, case)["lgsco_response"].met_on == date(2026, 7, 20), "the reply's"
        assert session.exec(select(LgscoRecommendation)).one().due_on == date(2026, 12, 1)
        assert (
            session.exec(select(Cost).where(Cost.kind == CostKind.LGSCO_REMEDY)).one().amount_pence
            == 30000
        )
        assert case.status == CaseStatus.CLOSED


def test_stage_two_requested_on_an_overdue_stage_one(engine: Engine, service: CaseService) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        with pytest.raises(InvalidTransition, match="not overdue"):
            escalate(
                service, session, case=case, requested_on=date(2026, 1, 19), actor=Actor.staff(Via.CLI, "o"), today=TODAY
            )
        escalate(
            service, session, case=case, requested_on=date(2026, 1, 20), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
        stages = session.exec(
            select(Stage).where(Stage.case_id == case.id).order_by(col(Stage.id))
        ).all()
        assert [stage.kind for stage in stages] == [StageKind.STATUTORY_1, StageKind.STATUTORY_2]
        assert stages[0].timeliness == Timeliness.LATE and stages[0].superseded_on == date(
            2026, 1, 20
        )
        assert "not answered" in (stages[1].open_reason or "")
        assert clocks(session, case)["statutory_2"].start_on == date(2026, 1, 20)
        assert "statutory_1" not in clocks(session, case), "no chasers for the skipped stage"


def test_a_late_request_needs_the_reason_for_discretion(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        respond(service, session, case, date(2026, 1, 16))
        with pytest.raises(InvalidTransition, match="discretion"):
            escalate(
                service, session, case=case, requested_on=date(2026, 2, 16), actor=Actor.staff(Via.CLI, "o"), today=TODAY
            )
        escalate(
            service,
            session,
            case=case,
            requested_on=date(2026, 2, 16),
            actor=Actor.staff(Via.CLI, "o"),
            reason="in hospital",
            today=TODAY,
        )
        stage = service.current_stage(session, case)
        assert (
            stage is not None and stage.request_late and "in hospital" in (stage.open_reason or "")
        )


def test_a_paused_case_moves_its_due_date_by_the_working_days_paused(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        assert clocks(session, case)["statutory_1"].due_on == date(2026, 1, 19)
        pause(
            service,
            session,
            case=case,
            reason=PauseReason.POLICE_INVESTIGATION,
            paused_on=date(2026, 1, 8),
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        assert clocks(session, case)["statutory_1"].paused_on == date(2026, 1, 8)
        with pytest.raises(InvalidTransition, match="paused"):
            respond(service, session, case, date(2026, 1, 9))
        resume(
            service, session, case=case, resumed_on=date(2026, 1, 22), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
        found = clocks(session, case)["statutory_1"]
        assert found.paused_working_days == 10
        assert found.due_on == date(2026, 2, 2)
        assert found.maximum_on == date(2026, 2, 16)
        assert found.paused_on is None and case.paused_on is None
        assert session.exec(select(CasePause)).one().working_days == 10
        respond(service, session, case, date(2026, 1, 30))
        stage = service.current_stage(session, case)
        assert stage is not None and stage.timeliness == Timeliness.IN_TIME
        assert stage.working_days_taken == 19 - 10


def test_an_extension_agreed_after_the_due_date_is_refused(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        with pytest.raises(ExtensionRefused, match="after the due date 2026-01-19"):
            extend(
                service,
                session,
                case=case,
                new_due=date(2026, 1, 30),
                reason="worker off sick",
                agreed_on=date(2026, 1, 20),
                actor=Actor.staff(Via.CLI, "o"),
                today=TODAY,
            )
        extend(
            service,
            session,
            case=case,
            new_due=date(2026, 1, 30),
            reason="worker off sick",
            agreed_on=date(2026, 1, 15),
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        assert clocks(session, case)["statutory_1"].extended_to == date(2026, 1, 30)
        respond(service, session, case, date(2026, 1, 28))
        stage = service.current_stage(session, case)
        assert stage is not None and stage.timeliness == Timeliness.IN_EXTENDED_TIME


def test_two_issues_one_upheld_one_not(engine: Engine, service: CaseService) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        record_response(
            service,
            session,
            case=case,
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
            response=ResponseInput(
                responded_on=date(2026, 1, 16),
                issue_outcomes={1: Outcome.UPHELD, 2: Outcome.NOT_UPHELD},
                findings=findings_for({1: Outcome.UPHELD, 2: Outcome.NOT_UPHELD}),
                remedies=[
                    RemedyInput(RemedyKind.APOLOGY, issue_number=1),
                    RemedyInput(RemedyKind.FINANCIAL, "time and trouble", 15000),
                ],
                costs=[CostInput(CostKind.INDEPENDENT_INVESTIGATOR, 90000)],
                manager_contacted=True,
            ),
        )
        numbered = numbered_issues(session, case_id=case.id or 0)
        assert [(n, issue.team_id, issue.outcome) for n, issue in numbered] == [
            (1, "fostering", Outcome.UPHELD),
            (2, "care", Outcome.NOT_UPHELD),
        ]
        per_stage = session.exec(select(IssueOutcome).order_by(col(IssueOutcome.issue_id))).all()
        assert [row.outcome for row in per_stage] == [Outcome.UPHELD, Outcome.NOT_UPHELD]
        stage = service.current_stage(session, case)
        assert (
            stage is not None
            and stage.outcome == Outcome.PARTIALLY_UPHELD
            and stage.manager_contacted
        )
        remedies = session.exec(select(Remedy).order_by(col(Remedy.id))).all()
        assert [(r.kind, r.issue_id is not None, r.amount_pence) for r in remedies] == [
            (RemedyKind.APOLOGY, True, None),
            (RemedyKind.FINANCIAL, False, 15000),
        ]
        kinds = sorted(cost.kind for cost in session.exec(select(Cost)))
        assert kinds == [CostKind.COMPENSATION, CostKind.INDEPENDENT_INVESTIGATOR]
        said = audit_entries(session, select(AuditEntry).where(AuditEntry.action == "respond"))
        assert [entry.reason for entry in said] == ["Statutory stage 1 answered on 16 January 2026"]
        with pytest.raises(InvalidTransition, match="Statutory stage 1 was answered on 2026-01-16"):
            respond(service, session, case, date(2026, 1, 16))


def test_a_response_needs_an_outcome_for_every_issue(engine: Engine, service: CaseService) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        with pytest.raises(InvalidTransition, match="issue 2 needs an outcome"):
            respond(service, session, case, date(2026, 1, 16), _1=Outcome.UPHELD)
        with pytest.raises(InvalidTransition, match="future"):
            respond(service, session, case, date(2026, 12, 1))
        # the letter owes the family the reason for each issue judged; a withdrawn one need not
        answered = ResponseInput(
            responded_on=date(2026, 1, 16),
            issue_outcomes={1: Outcome.WITHDRAWN, 2: Outcome.INCONCLUSIVE},
            findings={1: "You withdrew this on the phone.", 2: "   "},
        )
        with pytest.raises(InvalidTransition, match="Issue 2 is inconclusive: say what you found"):
            record_response(service, session, case=case, actor=Actor.staff(Via.CLI, "o"),
                            today=TODAY, response=answered)  # fmt: skip


def test_ombudsman_enquiry_about_a_not_logged_contact_and_premature_restart(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session, route=Route.NOT_LOGGED, not_logged=NotLoggedReason.OTHER)
        assert case.status == CaseStatus.NOT_LOGGED
        lgsco_received(
            service, session, case=case, lgsco_reference="25 012 345", received_on=date(2026, 2, 2), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
        with pytest.raises(InvalidTransition, match="reason"):
            lgsco_decided(
                service,
                session,
                case=case,
                decided_on=date(2026, 3, 2),
                decision=LgscoDecision.NOT_INVESTIGATED,
                actor=Actor.staff(Via.CLI, "o"),
            )
        lgsco_decided(
            service,
            session,
            case=case,
            decided_on=date(2026, 3, 2),
            decision=LgscoDecision.PREMATURE,
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        assert (case.status, case.stage, case.route) == (
            CaseStatus.OPEN,
            StageKind.STATUTORY_1,
            Route.STATUTORY,
        )
        assert clocks(session, case)["statutory_1"].start_on == date(2026, 3, 2)
        assert clocks(session, case)["statutory_1"].due_on == date(2026, 3, 16)


def test_premature_enquiry_while_stage_one_runs(engine: Engine, service: CaseService) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        lgsco_received(
            service, session, case=case, lgsco_reference="25 012 345", received_on=date(2026, 1, 12), actor=Actor.staff(Via.CLI, "o"), today=TODAY
        )
        assert session.exec(select(LgscoCase)).one().premature
        assert case.status == CaseStatus.OPEN


def test_learning_advocacy_and_costs(engine: Engine, service: CaseService) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session)
        learning = add_learning(
            service,
            session,
            case=case,
            text="Return calls within 2 days",
            owner_team_id="fostering",
            identified_on=date(2026, 1, 16),
            due_on=date(2026, 3, 31),
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        with pytest.raises(InvalidTransition, match="why"):
            update_learning(
                service,
                session,
                case=case,
                learning_id=learning.id or 0,
                status=LearningStatus.NOT_IMPLEMENTED,
                on=date(2026, 2, 1),
                actor=Actor.staff(Via.CLI, "o"),
                today=TODAY,
            )
        update_learning(
            service,
            session,
            case=case,
            learning_id=learning.id or 0,
            status=LearningStatus.IMPLEMENTED,
            on=date(2026, 3, 1),
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        stored = session.exec(select(LearningAction)).one()
        assert (stored.status, stored.implemented_on, stored.source, stored.stage) == (
            LearningStatus.IMPLEMENTED,
            date(2026, 3, 1),
            LearningSource.STAGE,
            StageKind.STATUTORY_1,
        )
        assert [
            u.status for u in session.exec(select(LearningUpdate).order_by(col(LearningUpdate.id)))
        ] == [
            LearningStatus.IDENTIFIED,
            LearningStatus.IMPLEMENTED,
        ]
        record_advocacy(
            service,
            session,
            case=case,
            status=AdvocacyStatus.OFFERED,
            on=date(2026, 1, 6),
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        row = record_advocacy(
            service,
            session,
            case=case,
            status=AdvocacyStatus.TAKEN_UP,
            on=date(2026, 1, 8),
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
            organisation="NYAS",
        )
        assert (row.status, row.offered_on, row.decided_on, row.organisation) == (
            AdvocacyStatus.TAKEN_UP,
            date(2026, 1, 6),
            date(2026, 1, 8),
            "NYAS",
        )
        add_cost(
            service,
            session,
            case=case,
            kind=CostKind.INDEPENDENT_PERSON,
            amount_pence=40000,
            incurred_on=date(2026, 1, 9),
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        assert session.exec(select(Cost)).one().stage_id is not None


def test_a_compliment_is_stored_by_team_and_source(engine: Engine, service: CaseService) -> None:
    with session_scope(engine) as session:
        case = complaint(service, session, kind=RecordKind.COMPLIMENT, route=Route.NONE)
        stored = session.exec(select(Compliment).order_by(col(Compliment.team_id))).all()
        assert [(c.team_id, c.source) for c in stored] == [
            ("care", ComplimentSource.PARENT),
            ("fostering", ComplimentSource.PARENT),
        ]
        assert case.stage is None


def test_premature_after_stage_one_was_answered_goes_to_stage_two(
    engine: Engine, service: CaseService
) -> None:
    """The complainant went to the Ombudsman instead of asking for stage 2: the complaint goes
    back to stage 2, not to a stage 1 already answered; the unreplied enquiry's deadline is
    cancelled, not counted as a reply."""
    with session_scope(engine) as session:
        case = complaint(service, session)
        respond(service, session, case, date(2026, 1, 16))
        lgsco_received(
            service,
            session,
            case=case,
            lgsco_reference="25 012 345", received_on=date(2026, 1, 26),
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        lgsco_decided(
            service, session, case=case, decided_on=date(2026, 2, 2), decision=LgscoDecision.PREMATURE,
            actor=Actor.staff(Via.CLI, "o"), today=TODAY,
        )  # fmt: skip
        assert (case.status, case.stage) == (CaseStatus.OPEN, StageKind.STATUTORY_2)
        stages = session.exec(
            select(Stage).where(Stage.case_id == case.id).order_by(col(Stage.id))
        ).all()
        assert [stage.kind for stage in stages] == [StageKind.STATUTORY_1, StageKind.STATUTORY_2]
        assert "premature" in (stages[1].open_reason or "")
        found = clocks(session, case)
        assert (
            found["statutory_2"].start_on == date(2026, 2, 2)
            and found["statutory_2"].met_on is None
        )
        assert "lgsco_response" not in found and "stage_2_request" not in found  # cancelled
        reply = session.exec(
            select(Deadline).where(Deadline.case_id == case.id, Deadline.rule == "lgsco_response")
        ).one()
        assert reply.cancelled and reply.met_on is None


def test_out_of_jurisdiction_and_discretion_are_findings(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        for finding in (
            LgscoDecision.OUT_OF_JURISDICTION,
            LgscoDecision.DISCRETION_NOT_TO_INVESTIGATE,
        ):
            case = complaint(service, session)
            respond(service, session, case, date(2026, 1, 16))
            lgsco_received(
                service,
                session,
                case=case,
                lgsco_reference="25 012 345", received_on=date(2026, 1, 26),
                actor=Actor.staff(Via.CLI, "o"),
                today=TODAY,
            )
            lgsco_decided(
                service, session, case=case, decided_on=date(2026, 2, 2), decision=finding,
                actor=Actor.staff(Via.CLI, "o"), today=TODAY,
            )  # fmt: skip
            assert (case.status, case.stage) == (CaseStatus.RESPONDED, StageKind.STATUTORY_1)


def test_what_staff_write_is_held_to_what_every_door_takes(
    engine: Engine, service: CaseService
) -> None:
    """walkerF: the web and Slack stop a finding at 3,000 characters and an extension's reason
    at 1,000; `heard case REF respond` and `extend` took 120,000 (a finding is quoted in the
    family's letter). Casework refuses more, in the web form's words (cases.text_limits)."""
    with session_scope(engine) as session:
        case = complaint(service, session)
        with pytest.raises(InvalidTransition, match="internal reason must be 1,000 characters"):
            extend(service, session, case=case, new_due=date(2026, 1, 30), reason="x" * 1001,
                   agreed_on=date(2026, 1, 15), actor=Actor.staff(Via.CLI, "o"), today=TODAY)  # fmt: skip
        answers = {1: Outcome.UPHELD, 2: Outcome.NOT_UPHELD}
        long = ResponseInput(
            responded_on=date(2026, 1, 16),
            issue_outcomes=answers,
            findings={**findings_for(answers), 2: "w " * 1501},
            remedies=remedies_for(answers),
        )
        with pytest.raises(
            InvalidTransition,
            match=r"What you found on issue 2 must be 3,000 characters or fewer \(this is 3,002\)",
        ):
            record_response(service, session, case=case, actor=Actor.staff(Via.CLI, "o"),
                            today=TODAY, response=long)  # fmt: skip
        respond(service, session, case, date(2026, 1, 16))  # within the limits: taken
