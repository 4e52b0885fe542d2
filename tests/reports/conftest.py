from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from cases.calendar import WorkingCalendar
from cases.timescales import TimescalePolicy
from reports.importing import ImportReport, import_cases
from tests.reports.datasets import Sheet


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


@pytest.fixture
def load(engine: Engine, calendar: WorkingCalendar, tmp_path: Path):
    """Import a Sheet into the test database (both engines)."""

    def load(sheet: Sheet, name: str = "cases.csv") -> ImportReport:
        return import_cases(
            engine, sheet.write(tmp_path / name), calendar=calendar, policy=TimescalePolicy()
        )

    return load
