from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from cases.calendar import WorkingCalendar
from cases.timescales import TimescalePolicy
from cli.import_ import council_lists
from heard.settings import DEFAULT_RULES_PATH
from reports.case_rows import CouncilLists
from reports.importing import ImportReport, import_cases
from tests.reports.datasets import Sheet
from triage.rulebook import load_rulebook


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


@pytest.fixture(scope="session")
def lists() -> CouncilLists:
    """The shipped rule file's categories and complainant types, as `heard import` passes them."""
    return council_lists(load_rulebook(DEFAULT_RULES_PATH))


def import_sheet(
    engine: Engine, sheet: Sheet, path: Path, *, lists: CouncilLists, calendar: WorkingCalendar
) -> ImportReport:
    """A Sheet written to `path` and imported as `heard import cases` does."""
    return import_cases(
        engine, sheet.write(path), calendar=calendar, policy=TimescalePolicy(), lists=lists
    )


@pytest.fixture
def load(engine: Engine, calendar: WorkingCalendar, lists: CouncilLists, tmp_path: Path):
    """Import a Sheet into the test database (both engines)."""

    def load(sheet: Sheet, name: str = "cases.csv") -> ImportReport:
        return import_sheet(engine, sheet, tmp_path / name, lists=lists, calendar=calendar)

    return load
