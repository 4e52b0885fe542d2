"""Compliments by what they praise (issue 24: "compliments by team, source and theme"), on
both databases: the category of each thing triage found in a compliment."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine

from cases.actor import SMTP, TRIAGE
from cases.calendar import WorkingCalendar
from cases.enums import Channel, ComplainantType, IssueCategory, RecordKind, Route
from cases.timescales import TimescalePolicy
from cases.triage_result import IssueProposal, TriageResult
from casework.receiving import create
from casework.service import CaseService
from casework.triage import apply_triage
from reports.annual import build_report
from reports.periods import financial_year
from store.db import session_scope
from store.organisation import sync_organisation


def test_compliments_by_what_they_praise(engine: Engine) -> None:
    service = CaseService(
        calendar=WorkingCalendar(), timescales=TimescalePolicy(), reference_prefix="CSC"
    )
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("csc", "Children's Social Care")],
            teams=[("fostering", "Fostering", "csc", None), ("care", "Children in Care", "csc", None)],
        )
        praised = [
            (IssueCategory.COMMUNICATION, IssueCategory.QUALITY_OF_SERVICE),
            (IssueCategory.COMMUNICATION,),
            (),
        ]
        for categories in praised:
            case = create(service, session, record_kind=RecordKind.COMPLAINT,
                          channel=Channel.EMAIL, actor=SMTP,
                          received_at=datetime(2025, 6, 2, 10, tzinfo=UTC))  # fmt: skip
            apply_triage(service, session, case=case, actor=TRIAGE, result=TriageResult(
                record_kind=RecordKind.COMPLIMENT, route=Route.NONE,
                complainant_type=ComplainantType.PARENT,
                issues=tuple(IssueProposal(c, "fostering") for c in categories),
            ))  # fmt: skip
    report, figures = build_report(engine, financial_year(2025), today=date(2026, 5, 1))
    assert figures.get("compliment.received") == 3
    (themes,) = [t for t in report.tables() if t.key == "compliment_themes"]
    assert themes.rows == [["Communication", 2], ["Quality of service", 1], ["Not recorded", 1]]
