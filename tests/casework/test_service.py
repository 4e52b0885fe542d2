from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from cases.actor import SMTP, TRIAGE, Actor, Via
from cases.enums import (
    CaseStatus,
    Channel,
    ComplainantType,
    IssueCategory,
    Outcome,
    RecordKind,
    RemedyKind,
    Role,
    Route,
    StageKind,
    Timeliness,
)
from cases.lifecycle import InvalidTransition
from cases.timescales import ExtensionRefused
from cases.triage_result import IssueProposal, TriageResult
from casework.acknowledgement import acknowledge
from casework.assignment import assign
from casework.escalation import escalate
from casework.extension import extend
from casework.receiving import create
from casework.response import RemedyInput, ResponseInput, record_response
from casework.service import CaseService
from casework.triage import apply_triage
from org.directory import Organisation
from org.schema import RoleGrant
from store import audit
from store.cases.versions import ConcurrentChange
from store.db import make_engine, session_scope
from store.models import AuditEntry, Case, Deadline, Issue, Remedy, Stage
from store.organisation import sync_organisation
from tests.casework.making import service as service
from tests.outcome_letters import findings_for, remedies_for

MONDAY_10AM = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def teams(engine: Engine) -> None:
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("csc", "Children's Social Care")],
            teams=[
                ("fostering", "Fostering", "csc", None),
                ("care", "Children in Care", "csc", None),
            ],
        )


def statutory(*issues: IssueProposal, historic: bool = False) -> TriageResult:
    return TriageResult(
        record_kind=RecordKind.COMPLAINT,
        route=Route.STATUTORY,
        complainant_type=ComplainantType.PARENT,
        issues=issues,
        historic=historic,
        decision={"fired": [["kind.complaint", "complaint mailbox"]]},
    )


def new_complaint(
    service: CaseService, session: Session, received_at: datetime = MONDAY_10AM
) -> Case:
    case = create(service, session,
        record_kind=RecordKind.COMPLAINT,
        channel=Channel.EMAIL,
        received_at=received_at,
        actor=SMTP,
        subject="About my son",
    )
    return apply_triage(service, session,
        case=case,
        actor=TRIAGE,
        result=statutory(
            IssueProposal(IssueCategory.COMMUNICATION, "fostering", "r1"),
            IssueProposal(IssueCategory.STAFF_CONDUCT, "care", "r2"),
        ),
    )


def deadlines_of(session: Session, case: Case) -> dict[str, Deadline]:
    return {d.rule: d for d in session.exec(select(Deadline).where(Deadline.case_id == case.id))}


def test_new_complaint_opens_stage_one_with_deadlines_from_receipt(
    engine: Engine, service: CaseService, teams: None
) -> None:
    with session_scope(engine) as session:
        case = new_complaint(service, session)
        assert case.reference == "CSC-2026-000001"
        assert (case.status, case.stage) == (CaseStatus.OPEN, StageKind.STATUTORY_1)
        found = deadlines_of(session, case)
        assert found["acknowledgement"].due_on == date(2026, 3, 4)
        assert found["statutory_1"].due_on == date(2026, 3, 16)
        assert found["statutory_1"].maximum_on == date(2026, 3, 30)
        issues = session.exec(select(Issue).where(Issue.case_id == case.id)).all()
        assert {issue.team_id for issue in issues} == {"fostering", "care"}
        actions = [entry.action for entry in audit.history(session, case_id=case.id)]
        assert actions == ["created", "triaged"]


def test_out_of_hours_mail_counts_from_the_next_working_day(
    engine: Engine, service: CaseService, teams: None
) -> None:
    friday_evening = datetime(2026, 3, 6, 19, 0, tzinfo=UTC)
    with session_scope(engine) as session:
        case = new_complaint(service, session, received_at=friday_evening)
        assert case.receipt_day == date(2026, 3, 9)
        assert deadlines_of(session, case)["statutory_1"].due_on == date(2026, 3, 23)


def test_historic_complaint_starts_at_stage_two(engine: Engine, service: CaseService) -> None:
    with session_scope(engine) as session:
        case = create(service, session,
            record_kind=RecordKind.COMPLAINT,
            channel=Channel.LETTER,
            received_at=MONDAY_10AM,
            actor=Actor.staff(Via.SLACK, "U1"),
        )
        apply_triage(service, session, case=case, actor=TRIAGE, result=statutory(historic=True))
        assert case.stage == StageKind.STATUTORY_1, "only staff agree to start at stage 2"
        apply_triage(service, session,
            case=case,
            actor=Actor.staff(Via.SLACK, "U1"),
            reason="adult asking about their time in care, 1990s",
            result=statutory(historic=True),
        )
        assert case.stage == StageKind.STATUTORY_2
        assert deadlines_of(session, case)["statutory_2"].due_on == date(2026, 4, 8)
        stage = service.current_stage(session, case)
        assert stage is not None and stage.opened_by == "slack:U1"
        assert "1990s" in (stage.open_reason or "")


U2_MANAGES = Organisation(
    directorates=(), teams=(), roles=(RoleGrant(role=Role.TEAM_MANAGER, users=("U2",)),)
)


def test_full_statutory_journey_with_extension_response_and_escalation(
    engine: Engine, service: CaseService, teams: None
) -> None:
    with session_scope(engine) as session:
        case = new_complaint(service, session)
        acknowledge(service, session, case=case, actor=Actor.staff(Via.SLACK, "U1"), now=MONDAY_10AM)
        assign(service, session, case=case, assignee="U2", actor=Actor.staff(Via.SLACK, "U1"),
               organisation=U2_MANAGES)  # fmt: skip
        assert case.assignee == "U2"
        with pytest.raises(ExtensionRefused, match="2026-03-30"):
            extend(
                service,
                session,
                case=case,
                new_due=date(2026, 4, 6),
                reason="social worker off sick",
                agreed_on=date(2026, 3, 10),
                actor=Actor.staff(Via.SLACK, "U2"),
            )
        extend(
            service,
            session,
            case=case,
            new_due=date(2026, 3, 27),
            reason="social worker off sick",
            agreed_on=date(2026, 3, 10),
            actor=Actor.staff(Via.SLACK, "U2"),
        )
        record_response(
            service,
            session,
            case=case,
            actor=Actor.staff(Via.SLACK, "U2"),
            response=ResponseInput(
                responded_on=date(2026, 3, 20),
                issue_outcomes={1: Outcome.UPHELD, 2: Outcome.NOT_UPHELD},
                findings=findings_for({1: Outcome.UPHELD, 2: Outcome.NOT_UPHELD}),
                manager_contacted=True,
                remedies=[
                    RemedyInput(RemedyKind.FINANCIAL, "time and trouble", 25000)
                ],
            ),
        )
        stage = session.exec(select(Stage).where(Stage.case_id == case.id)).one()
        assert stage.timeliness == Timeliness.IN_EXTENDED_TIME
        assert stage.outcome == Outcome.PARTIALLY_UPHELD
        assert stage.working_days_taken == 14
        assert case.status == CaseStatus.RESPONDED
        assert deadlines_of(session, case)["stage_2_request"].due_on == date(2026, 4, 21)
        assert session.exec(select(Remedy)).one().amount_pence == 25000
        escalate(
            service, session, case=case, requested_on=date(2026, 4, 1), actor=Actor.staff(Via.SLACK, "U1")
        )
        assert (case.status, case.stage) == (CaseStatus.OPEN, StageKind.STATUTORY_2)
        found = deadlines_of(session, case)
        assert found["stage_2_request"].met_on == date(2026, 4, 1)
        assert found["statutory_2"].due_on == date(2026, 5, 11)


def test_not_logged_triage_counts_the_reason_and_closes_the_clock(
    engine: Engine, service: CaseService
) -> None:
    from cases.enums import NotLoggedReason

    with session_scope(engine) as session:
        case = create(service, session,
            record_kind=RecordKind.COMPLAINT,
            channel=Channel.EMAIL,
            received_at=MONDAY_10AM,
            actor=SMTP,
        )
        apply_triage(service, session,
            case=case,
            actor=TRIAGE,
            result=TriageResult(
                record_kind=RecordKind.COMPLAINT,
                route=Route.NOT_LOGGED,
                not_logged_reason=NotLoggedReason.COURT_RELATED,
            ),
        )
        assert case.status == CaseStatus.NOT_LOGGED
        assert all(d.cancelled for d in deadlines_of(session, case).values())


def test_staff_override_moves_a_case_to_the_corporate_route(
    engine: Engine, service: CaseService, teams: None
) -> None:
    with session_scope(engine) as session:
        case = new_complaint(service, session)
        apply_triage(service, session,
            case=case,
            actor=Actor.staff(Via.SLACK, "U9"),
            reason="SEN: education",
            result=TriageResult(record_kind=RecordKind.COMPLAINT, route=Route.CORPORATE),
        )
        assert case.stage == StageKind.CORPORATE_1
        found = deadlines_of(session, case)
        assert found["corporate_1"].cancelled is False
        assert found["statutory_1"].cancelled is True
        last = audit.history(session, case_id=case.id)[-1]
        assert (last.actor, last.reason, last.after["route"]) == (
            "slack:U9",
            "SEN: education",
            "corporate",
        )


def test_only_a_complaint_is_owed_the_acknowledgement(
    engine: Engine, service: CaseService, teams: None
) -> None:
    compliment = TriageResult(
        record_kind=RecordKind.COMPLIMENT,
        route=Route.NONE,
        issues=(IssueProposal(IssueCategory.QUALITY_OF_SERVICE, "fostering", "r1"),),
    )
    with session_scope(engine) as session:
        case = new_complaint(service, session)  # came to the complaints mailbox
        apply_triage(service, session, case=case, actor=Actor.staff(Via.SLACK, "U9"), result=compliment)
        assert deadlines_of(session, case)["acknowledgement"].cancelled is True
        # Staff read it again: it is a complaint after all, owed an acknowledgement from receipt.
        apply_triage(service, session, case=case, actor=Actor.staff(Via.SLACK, "U9"), result=statutory())
        running = [
            d
            for d in session.exec(select(Deadline).where(Deadline.case_id == case.id))
            if d.rule == "acknowledgement" and not d.cancelled
        ]
        assert [d.due_on for d in running] == [date(2026, 3, 4)]


def test_what_happens_the_evening_a_complaint_arrives_can_be_recorded(
    engine: Engine, service: CaseService, teams: None
) -> None:
    friday_evening = datetime(2026, 3, 6, 19, 0, tzinfo=UTC)  # its clocks count from Monday
    with session_scope(engine) as session:
        case = new_complaint(service, session, received_at=friday_evening)
        assert (case.receipt_day, service.arrived_on(case)) == (date(2026, 3, 9), date(2026, 3, 6))
        extend(
            service,
            session,
            case=case,
            new_due=date(2026, 3, 27),
            reason="the complainant asked for time to send papers",
            agreed_on=date(2026, 3, 6),  # that evening, before the clocks start
            actor=Actor.staff(Via.CLI, "o"),
            today=date(2026, 3, 6),
        )
        with pytest.raises(InvalidTransition, match="before the complaint was received"):
            extend(
                service,
                session,
                case=case,
                new_due=date(2026, 3, 30),
                reason="again",
                agreed_on=date(2026, 3, 5),
                actor=Actor.staff(Via.CLI, "o"),
                today=date(2026, 3, 6),
            )
        # Put right that same evening: answered before its clock started, in 0 working days.
        record_response(
            service,
            session,
            case=case,
            actor=Actor.staff(Via.CLI, "o"),
            today=date(2026, 3, 6),
            response=ResponseInput(
                responded_on=date(2026, 3, 6),
                issue_outcomes={1: Outcome.UPHELD, 2: Outcome.UPHELD},
                findings=findings_for({1: Outcome.UPHELD, 2: Outcome.UPHELD}),
                remedies=remedies_for({1: Outcome.UPHELD}),
            ),
        )
        stage = session.exec(select(Stage).where(Stage.case_id == case.id)).one()
        assert (stage.responded_on, stage.working_days_taken) == (date(2026, 3, 6), 0)


def test_invalid_action_names_the_case_state_and_action(
    engine: Engine, service: CaseService, teams: None
) -> None:
    with session_scope(engine) as session:
        case = new_complaint(service, session)
        with pytest.raises(InvalidTransition, match="CSC-2026-000001"):
            escalate(
                service, session, case=case, requested_on=date(2026, 3, 3), actor=Actor.staff(Via.SLACK, "U1")
            )


def test_two_people_acknowledging_at_once_apply_one_change(
    database_url: str, service: CaseService
) -> None:
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        case_id = create(service, session,
            record_kind=RecordKind.COMPLAINT,
            channel=Channel.EMAIL,
            received_at=MONDAY_10AM,
            actor=SMTP,
        ).id

    def click(user: str) -> str:
        own = make_engine(database_url)
        try:
            with session_scope(own) as session:
                case = session.get(Case, case_id)
                acknowledge(
                    service, session, case=case, actor=Actor.staff(Via.SLACK, user), now=MONDAY_10AM
                )
            return "applied"
        except (ConcurrentChange, InvalidTransition):
            return "refused"
        finally:
            own.dispose()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(click, ["U1", "U2"]))
    assert results == ["applied", "refused"]
    with session_scope(engine) as session:
        acks = session.exec(select(AuditEntry).where(AuditEntry.action == "acknowledge")).all()
        assert len(acks) == 1
    engine.dispose()


def test_automated_mail_is_kept_apart_from_the_case_list(
    engine: Engine, service: CaseService, teams: None
) -> None:
    from dataclasses import asdict

    from store.cases.listing import case_lines, count_automated
    from store.db import read_rows
    from store.models import CasePublic

    with session_scope(engine) as session:
        complaint = new_complaint(service, session)
        auto_reply = create(service, session,
            record_kind=RecordKind.COMPLAINT,
            channel=Channel.EMAIL,
            received_at=MONDAY_10AM,
            actor=SMTP,
            automated=True,
        )
    with read_rows(engine) as connection:
        assert [case.reference for case in case_lines(connection)] == [complaint.reference]
        kept = case_lines(connection, automated=True)
        assert [case.reference for case in kept] == [auto_reply.reference]
        assert count_automated(connection) == 1
    # the listing's Core columns carry exactly what CasePublic does, with the same values
    public = CasePublic.model_validate(auto_reply, from_attributes=True).model_dump()
    assert asdict(kept[0]) == public
