"""Changing triage removes the stage the earlier proposal opened: a cost, remedy or learning
action recorded against that stage is still the case's, and must not stop the stage going (a
foreign key naming it, as a met Code acknowledgement's clock did before 2e57630)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from cases.actor import Actor, Via
from cases.enums import (
    ComplainantType,
    CostKind,
    NotLoggedReason,
    RecordKind,
    RemedyKind,
    ReportKind,
    Route,
    StageKind,
)
from cases.report_files import checked_report
from cases.triage_result import TriageResult
from casework.records import add_cost, add_learning
from casework.service import CaseService, case_id
from casework.stage_reports import attach_report
from casework.triage import apply_triage
from store.cases.stage_records import STAGE_RECORDS
from store.cases.stage_reports import report_rows, stage_two
from store.db import session_scope
from store.models import (
    Case,
    Cost,
    Deadline,
    IssueOutcome,
    LearningAction,
    Remedy,
    Stage,
    StageReport,
)
from tests.casework.making import ONE_ISSUE, received, triaged
from tests.casework.making import service as service
from tests.casework.making import teams as teams  # autouse

TODAY = date(2026, 1, 20)
OFFICER = Actor.staff(Via.WEB, "officer")


def with_one_of_each(service: CaseService, session: Session) -> tuple[Case, Stage]:
    """A corporate complaint with a cost and a learning action recorded at its first stage, as
    staff can before it is answered, and a remedy naming the stage. No procedure records a
    remedy before a response (and re-triage is refused after one), so that row is written as
    the store holds it: removing a stage must be safe for every row that can name it."""
    case = triaged(service, session, received(service, session), Route.CORPORATE)
    stage = session.exec(select(Stage).where(Stage.case_id == case.id)).one()
    add_cost(
        service,
        session,
        case=case,
        kind=CostKind.INDEPENDENT_PERSON,
        amount_pence=40000,
        incurred_on=date(2026, 1, 9),
        actor=OFFICER,
        today=TODAY,
    )
    add_learning(
        service,
        session,
        case=case,
        text="Return calls within 2 days",
        owner_team_id="fostering",
        identified_on=date(2026, 1, 9),
        actor=OFFICER,
        today=TODAY,
    )
    assert case.id is not None and stage.id is not None
    session.add(Remedy(case_id=case.id, stage_id=stage.id, kind=RemedyKind.APOLOGY))
    session.flush()
    return case, stage


def stage_ids(session: Session, case: Case) -> set[int | None]:
    return {
        record.stage_id
        for model in STAGE_RECORDS
        for record in session.exec(select(model).where(model.case_id == case.id))
    }


def test_records_go_with_the_case_to_the_stage_that_replaces_theirs(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case, _ = with_one_of_each(service, session)
        triaged(service, session, case, Route.STATUTORY, by=OFFICER)
        new = session.exec(select(Stage).where(Stage.case_id == case.id)).one()
        assert new.kind == StageKind.STATUTORY_1
        assert stage_ids(session, case) == {new.id}
        learning = session.exec(select(LearningAction)).one()
        assert learning.stage == StageKind.STATUTORY_1  # counted at the stage it now belongs to
        assert session.exec(select(Cost)).one().amount_pence == 40000


def test_records_stay_the_cases_when_it_is_not_logged(engine: Engine, service: CaseService) -> None:
    with session_scope(engine) as session:
        case, _ = with_one_of_each(service, session)
        triaged(
            service,
            session,
            case,
            Route.NOT_LOGGED,
            not_logged=NotLoggedReason.COURT_RELATED,
            by=OFFICER,
        )
        assert session.exec(select(Stage).where(Stage.case_id == case.id)).all() == []
        assert stage_ids(session, case) == {None}
        assert len(session.exec(select(Remedy)).all()) == 1


def test_every_row_that_can_name_a_stage_is_let_go_of() -> None:
    """A new table naming a stage must be added to STAGE_RECORDS (or to casework.triage's clocks),
    or re-triage will fail on it as it did on the Code acknowledgement's clock."""
    naming_a_stage = {
        table.name
        for table in SQLModel.metadata.tables.values()
        for key in table.foreign_keys
        if key.column.table.name == "stage"
    }
    handled = {model.__table__.name for model in STAGE_RECORDS}  # type: ignore[attr-defined]
    # a stage's clocks are cancelled and detached; its outcomes exist only once it is answered
    handled |= {Deadline.__table__.name, IssueOutcome.__table__.name}  # type: ignore[attr-defined]
    assert naming_a_stage == handled


def historic_at_stage_two_with_a_report(service: CaseService, session: Session) -> Case:
    """A historic complaint staff agreed to start at stage 2, its investigating officer's report
    already kept: Change triage may still remove that stage, as no stage has been answered."""
    case = received(service, session)
    apply_triage(service, session, case=case, actor=OFFICER, reason="adult asking about care, 1990s",
                 result=TriageResult(record_kind=RecordKind.COMPLAINT, route=Route.STATUTORY,
                                     complainant_type=ComplainantType.PARENT, issues=ONE_ISSUE,
                                     historic=True))  # fmt: skip
    assert case.stage == StageKind.STATUTORY_2
    attach_report(service, session, case=case, kind=ReportKind.INVESTIGATING_OFFICER,
                  actor=OFFICER, now=datetime(2026, 1, 19, 10, tzinfo=UTC),
                  report=checked_report("io.pdf", b"%PDF-1.7\n% report", max_bytes=10_000))  # fmt: skip
    return case


def test_a_stage_two_report_stays_the_cases_when_triage_removes_its_stage(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = historic_at_stage_two_with_a_report(service, session)
        triaged(service, session, case, Route.STATUTORY, by=OFFICER)  # now stage 1
        assert case.stage == StageKind.STATUTORY_1
        report = session.exec(select(StageReport)).one()
        assert report.stage_id is None, "a report belongs to a stage 2 or to the case alone"
        assert report_rows(session, case_id=case_id(case))[0].filename == "io.pdf"


def test_a_stage_two_report_goes_to_the_stage_two_that_replaces_its_own(
    engine: Engine, service: CaseService
) -> None:
    with session_scope(engine) as session:
        case = historic_at_stage_two_with_a_report(service, session)
        apply_triage(service, session, case=case, actor=OFFICER, reason="read again: still 1990s",
                     result=TriageResult(record_kind=RecordKind.COMPLAINT, route=Route.STATUTORY,
                                         complainant_type=ComplainantType.PARENT,
                                         issues=ONE_ISSUE, historic=True))  # fmt: skip
        new = stage_two(session, case=case)
        assert new is not None
        assert session.exec(select(StageReport)).one().stage_id == new.id
