from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from cases.actor import SMTP, Actor, Via
from cases.clock import SettableClock
from cases.enums import Channel, ComplainantType, IssueCategory, RecordKind, Route
from cases.triage_result import IssueProposal, TriageResult
from casework.receiving import create
from casework.service import CaseService
from casework.triage import apply_triage
from heard.context import AppContext, build_context
from heard.settings import Settings
from heard.wiring import build_case_service, messenger
from scheduler.sweep import Sweeper
from store.db import session_scope
from store.models import Case

MONDAY_10AM = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def app(settings: Settings, database_url: str) -> Iterator[AppContext]:
    context = build_context(
        settings.model_copy(update={"database_url": database_url}), clock=SettableClock(MONDAY_10AM)
    )
    yield context
    context.engine.dispose()


def clock_of(app: AppContext) -> SettableClock:
    assert isinstance(app.clock, SettableClock)
    return app.clock


def new_complaint(
    app: AppContext,
    *,
    assignee: str | None = None,
    received_at: datetime = MONDAY_10AM,
    team: str = "fostering",
) -> Case:
    service: CaseService = build_case_service(app)
    with session_scope(app.engine) as session:
        case = create(service, session,
            record_kind=RecordKind.COMPLAINT,
            channel=Channel.EMAIL,
            received_at=received_at,
            actor=SMTP,  # mail: nobody has read it (a contact staff log is read by them)
        )
        apply_triage(service, session,
            case=case,
            actor=Actor.staff(Via.CLI, "test"),
            result=TriageResult(
                record_kind=RecordKind.COMPLAINT,
                route=Route.STATUTORY,
                complainant_type=ComplainantType.PARENT,
                issues=(IssueProposal(IssueCategory.COMMUNICATION, team),),
            ),
        )
        case.assignee = assignee
        session.add(case)
        return case


def sweeper(app: AppContext, worker: str = "w1") -> Sweeper:
    return Sweeper(
        engine=app.engine,
        messenger=messenger(app.settings),
        clock=app.clock,
        calendar=app.calendar,
        organisation=app.organisation,
        worker=worker,
    )
