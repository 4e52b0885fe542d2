"""Complaints logged and triaged as mail is, then worked through `heard case REF ACTION`: the
set-up the report tests over casework share (test_casework_figures, test_code_report)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from cases.actor import SMTP, TRIAGE
from cases.calendar import WorkingCalendar
from cases.enums import Channel, ComplainantType, IssueCategory, RecordKind, Route
from cases.timescales import TimescalePolicy
from cases.triage_result import IssueProposal, TriageResult
from casework.receiving import create
from casework.service import CaseService
from casework.triage import apply_triage
from store.db import session_scope
from store.organisation import sync_organisation

runner = CliRunner()


def complaint_logger(
    engine: Engine,
    *,
    route: Route,
    directorate: tuple[str, str],
    team: tuple[str, str],
    code_from: date | None = None,
) -> Callable[[str], str]:
    """A function logging a complaint on `route` with one communication issue for `team`,
    received at 10:00 on the given day (YYYY-MM-DD); it returns the reference."""
    service = CaseService(
        calendar=WorkingCalendar(),
        timescales=TimescalePolicy.from_overrides({}, code_from=code_from),
        reference_prefix="CSC",
    )
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[directorate],
            teams=[(team[0], team[1], directorate[0], None)],
        )

    def log(received: str) -> str:
        with session_scope(engine) as session:
            case = create(
                service,
                session,
                record_kind=RecordKind.COMPLAINT,
                channel=Channel.EMAIL,
                received_at=datetime.fromisoformat(received).replace(hour=10, tzinfo=UTC),
                actor=SMTP,
                subject="A complaint",
            )
            apply_triage(
                service,
                session,
                case=case,
                actor=TRIAGE,
                result=TriageResult(
                    record_kind=RecordKind.COMPLAINT,
                    route=route,
                    complainant_type=ComplainantType.PARENT,
                    issues=(IssueProposal(IssueCategory.COMMUNICATION, team[0]),),
                ),
            )
            return case.reference

    return log


