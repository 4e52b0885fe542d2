"""What the casework tests start from: the case service with the default timescales, the
council's children's social care teams, and a contact received by email and triaged as heard's
triage (or a member of staff) would. Test modules import the fixtures they use by name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from cases.actor import SMTP, TRIAGE, Actor
from cases.calendar import WorkingCalendar
from cases.enums import Channel, ComplainantType, IssueCategory, NotLoggedReason, RecordKind, Route
from cases.timescales import TimescalePolicy
from cases.triage_result import IssueProposal, TriageResult
from casework.receiving import create
from casework.service import CaseService
from casework.triage import apply_triage
from store.db import session_scope
from store.models import Case, Deadline
from store.organisation import sync_organisation

RECEIVED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)  # Monday 5 January 2026
ONE_ISSUE = (IssueProposal(IssueCategory.COMMUNICATION, "fostering"),)
TWO_ISSUES = (*ONE_ISSUE, IssueProposal(IssueCategory.STAFF_CONDUCT, "care"))


@pytest.fixture
def service() -> CaseService:
    return CaseService(
        calendar=WorkingCalendar(),
        timescales=TimescalePolicy.from_overrides({}),
        reference_prefix="CSC",
    )


@pytest.fixture(autouse=True)
def teams(engine: Engine) -> None:
    """The teams the issues are routed to (autouse in each module that imports it)."""
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("csc", "Children's Social Care")],
            teams=[
                ("fostering", "Fostering", "csc", None),
                ("care", "Children in Care", "csc", None),
            ],
        )


def received(service: CaseService, session: Session, at: datetime = RECEIVED) -> Case:
    """A contact that came in by email, not yet triaged."""
    return create(
        service,
        session,
        record_kind=RecordKind.COMPLAINT,
        channel=Channel.EMAIL,
        received_at=at,
        actor=SMTP,
    )


def triaged(
    service: CaseService,
    session: Session,
    case: Case,
    route: Route,
    *,
    kind: RecordKind = RecordKind.COMPLAINT,
    not_logged: NotLoggedReason | None = None,
    issues: tuple[IssueProposal, ...] = ONE_ISSUE,
    by: Actor = TRIAGE,
) -> Case:
    """The case triaged by heard, or triaged again by a member of staff (`by`), as a parent's
    complaint on `route`."""
    return apply_triage(
        service,
        session,
        case=case,
        actor=by,
        reason=None if by == TRIAGE else "staff read it again",
        result=TriageResult(
            record_kind=kind,
            route=route,
            complainant_type=ComplainantType.PARENT,
            not_logged_reason=not_logged,
            issues=issues,
        ),
    )


def clocks(session: Session, case: Case) -> dict[str, Deadline]:
    """The case's clocks still running or met, by rule."""
    found = session.exec(
        select(Deadline).where(Deadline.case_id == case.id).order_by(col(Deadline.id))
    )
    return {deadline.rule: deadline for deadline in found if not deadline.cancelled}
