"""heard's own export, imported into an empty database, gives the same annual report figures
(issue 24): `heard demo seed`'s cases, with the Ombudsman's mail that has no enquiry on it and
complaints that had one, exported and imported into a fresh database of each engine; metrics.json
is the same for the year and the year before, apart from what the import layout cannot hold
(reports.case_export says what). A past council's `lgsco_enquiry` row with no date is still an
Ombudsman enquiry."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from cases.calendar import WorkingCalendar
from cases.timescales import TimescalePolicy
from cli.demo_data import seed_demo
from reports.annual import build_report
from reports.case_export import NOT_EXPORTED_METRICS, export_rows, write_csv
from reports.case_rows import CouncilLists, read_file
from reports.importing import ImportReport, import_cases
from reports.periods import financial_year
from store.db import make_engine
from tests.cli.test_demo import SHIPPED_CATEGORIES
from tests.reports.datasets import Sheet
from tests.reports.organised import organised

TODAY = date(2026, 5, 1)
YEAR = 2025


def _metrics(engine: Engine) -> dict[str, Any]:
    _, figures = build_report(engine, financial_year(YEAR), today=TODAY)
    found = figures.as_json()["metrics"]
    assert isinstance(found, dict)
    return {
        name: (metric["value"], metric["previous"])
        for name, metric in found.items()
        if not name.startswith(NOT_EXPORTED_METRICS)
    }


def _import(engine: Engine, path: Path, lists: CouncilLists) -> ImportReport:
    return import_cases(
        engine, path, calendar=WorkingCalendar(), policy=TimescalePolicy(), lists=lists
    )


def test_heards_export_imported_afresh_gives_the_same_report(
    engine: Engine, sqlite_template: Path, lists: CouncilLists, tmp_path: Path
) -> None:
    path = tmp_path / "demo.db"
    shutil.copy(sqlite_template, path)
    source = organised(make_engine(f"sqlite:///{path}"))
    seed_demo(source, cases=600, years=2, today=TODAY, seed=12, categories=SHIPPED_CATEGORIES)
    before = _metrics(source)
    sheet = tmp_path / "all-cases.csv"
    write_csv(export_rows(source), sheet)
    with source.connect() as connection:
        mail = connection.execute(
            sa.text(
                "SELECT count(*) FROM cases WHERE record_kind = 'lgsco_enquiry' AND id NOT IN"
                " (SELECT case_id FROM lgsco_case)"
            )
        ).scalar_one()
    source.dispose()
    kinds = [cells["record_kind"] for _, cells in read_file(sheet)]
    # Not vacuous: Ombudsman mail with no enquiry, and enquiries, in the year and the one before.
    assert mail > 5 and kinds.count("lgsco_mail") == mail
    received = before["lgsco.received"]
    assert received[0] > 0 and received[1]["2024/25"] > 0

    report = _import(organised(engine), sheet, lists)

    assert report.rejected == [] and report.imported == len(kinds)
    assert _metrics(engine) == before


def test_a_past_sheets_undated_lgsco_enquiry_is_still_an_enquiry(
    engine: Engine, lists: CouncilLists, tmp_path: Path
) -> None:
    sheet = Sheet()
    for day in (date(2025, 5, 6), date(2025, 9, 1), date(2026, 1, 12)):
        sheet.add(record_kind="lgsco_enquiry", received_on=day)
    sheet.add(record_kind="lgsco_mail", received_on=date(2025, 6, 2))
    sheet.add(record_kind="LGSCO mail", received_on=date(2025, 7, 2))  # as a sheet may spell it

    report = _import(engine, sheet.write(tmp_path / "past.csv"), lists)

    assert report.rejected == []
    assert _metrics(engine)["lgsco.received"][0] == 3
    with engine.connect() as connection:
        kinds = connection.execute(sa.text("SELECT record_kind FROM cases")).scalars().all()
    assert sorted(kinds) == ["lgsco_enquiry"] * 5
