"""The daily retention job inside `heard serve` runs unattended: a case past its schedule is
anonymised by the scheduler's run, and the run is logged without personal data."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from cases.enums import CaseStatus
from heard.context import AppContext
from heard.wiring import build_scheduler
from store.db import read_scope, session_scope
from store.models import CaseRetention, Person
from tests.scheduler.conftest import clock_of, new_complaint


async def test_the_daily_job_anonymises_what_is_due(
    app: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    case = new_complaint(app)
    with session_scope(app.engine) as session:
        session.add(Person(case_id=case.id, role="complainant", name="Jo Complainant"))
        case.status, case.closed_at = CaseStatus.CLOSED, datetime(2026, 3, 30, tzinfo=UTC)
        session.add(case)
    service = build_scheduler(app)
    caplog.set_level(logging.INFO, logger="heard.scheduler")
    await service.retention()
    assert "removed from 0 cases" in caplog.text
    clock_of(app).advance(timedelta(days=7 * 366))
    await service.retention()
    assert "removed from 1 cases" in caplog.text and "Jo Complainant" not in caplog.text
    with read_scope(app.engine) as session:
        assert session.exec(select(Person.name)).one() is None
        assert session.get(CaseRetention, case.id).anonymised_at is not None  # type: ignore[union-attr]
