"""Imports that bounded nothing (issue 29, moderate 7 and 8, and the CSV row numbers): a small
workbook that unpacks to hundreds of megabytes is refused before it is read (a 1.5 MB one took
1.7 GB before MemoryError); a stale `<dimension>` no longer makes rows vanish; re-importing a
file after staff worked on one of its cases refuses that row with a reason and imports the
rest (it was a raw foreign-key error, and nothing written); a cell with a line break does not
shift the row numbers problems are reported by."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import Actor, Via
from cases.calendar import WorkingCalendar
from cases.enums import CostKind
from cases.timescales import TimescalePolicy
from casework.records import add_cost
from heard.context import build_context
from heard.settings import Settings
from heard.wiring import build_case_service
from reports.case_export import export_rows, write_csv
from reports.case_rows import CouncilLists, LayoutError, export_columns
from reports.importing import import_cases
from store.db import session_scope
from store.models import Case
from tests.reports.datasets import Sheet


def _import(engine: Engine, path: Path, lists: CouncilLists):
    return import_cases(
        engine, path, calendar=WorkingCalendar(), policy=TimescalePolicy(), lists=lists
    )


def _workbook(path: Path, rows: int) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    columns = list(export_columns())
    sheet.append(columns)
    for number in range(rows):
        row = {name: "" for name in columns}
        row |= {"reference": f"X{number:05d}", "record_kind": "complaint"}
        row["received_on"] = "2023-05-02"
        sheet.append([row[name] for name in columns])
    workbook.save(path)
    return path


def test_a_workbook_that_unpacks_to_too_much_is_refused_unread(
    engine: Engine, lists: CouncilLists, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "bomb.xlsx", 1)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as entry,
    ):
        chunk = b"\0" * (1 << 20)
        for _ in range(300):  # 300 MB unpacked, about 300 KB packed
            entry.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(LayoutError, match="unpacks to 300 MB"):
        _import(engine, path, lists)


def test_a_stale_dimension_loses_no_row(
    engine: Engine, lists: CouncilLists, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "stale.xlsx", 5)
    stale = tmp_path / "stale2.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stale, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C2"', data)
                assert count == 1
            target.writestr(item, data)
    report = _import(engine, stale, lists)
    assert report.created == 5


def test_csv_rows_are_numbered_as_a_spreadsheet_numbers_them(
    engine: Engine, lists: CouncilLists, tmp_path: Path
) -> None:
    sheet = Sheet()
    sheet.add(record_kind="complain\nt", received_on="2023-05-02")  # row 2, on two lines
    sheet.add(record_kind="complaint", received_on="02/05/2023")  # row 3 (line 4 of the file)
    report = _import(engine, sheet.write(tmp_path / "cases.csv"), lists)
    assert [rejected.row_number for rejected in report.rejected] == [2, 3]


def test_reimport_after_staff_worked_on_a_case_refuses_that_row_only(
    settings: Settings, database_url: str, engine: Engine, lists: CouncilLists, tmp_path: Path
) -> None:
    sheet = Sheet()
    for _ in range(3):
        sheet.add(
            record_kind="complaint",
            received_on="2023-05-02",
            stage1_received_on="2023-05-02",
            stage1_responded_on="2023-06-01",
            stage1_outcome="upheld",
            team="East",
        )
    path = sheet.write(tmp_path / "cases.csv")
    assert _import(engine, path, lists).created == 3
    context = build_context(settings.model_copy(update={"database_url": database_url}))
    service = build_case_service(context)
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == "T00002")).one()
        add_cost(
            service,
            session,
            case=case,
            kind=CostKind.INDEPENDENT_INVESTIGATOR,
            amount_pence=50_000,
            incurred_on=date(2023, 5, 20),
            actor=Actor.staff(Via.CLI, "officer"),
            today=date(2026, 3, 2),
        )
    context.engine.dispose()
    report = _import(engine, path, lists)
    assert report.replaced == 2
    [(row, why)] = [(rejected.row_number, str(rejected)) for rejected in report.rejected]
    assert row == 3 and "staff have worked on this case" in why


def test_a_formula_cell_without_a_value_is_never_read_as_empty(
    tmp_path: Path, engine: Engine, lists: CouncilLists
) -> None:
    """Seen walking issue 29 by hand: a sheet written by a program holds formulas with no value
    calculated; the import read them as empty, so a team given as a formula vanished without a
    word. Now a formula text is text (kept, made inert again on export) and a date by formula
    is refused with its row."""
    workbook = Workbook()
    sheet = workbook.active
    columns = list(export_columns())
    sheet.append(columns)
    for reference, cells in (
        ("F1", {"team": '=HYPERLINK("http://evil.example/","click")'}),
        ("F2", {"stage1_responded_on": "=DATE(2024,3,20)"}),
    ):
        row = dict.fromkeys(columns) | {
            "reference": reference,
            "record_kind": "complaint",
            "received_on": "2024-03-04",
            **cells,
        }
        sheet.append([row[name] for name in columns])
    path = tmp_path / "formulas.xlsx"
    workbook.save(path)
    report = import_cases(
        engine, path, calendar=WorkingCalendar(), policy=TimescalePolicy(), lists=lists
    )
    assert report.created == 1
    (refused,) = report.rejected
    assert refused.row_number == 3 and "stage1_responded_on" in refused.problems[0]
    exported = tmp_path / "out.csv"
    write_csv(export_rows(engine), exported)
    with exported.open(newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["team"] == "'=HYPERLINK(\"http://evil.example/\",\"click\")"
