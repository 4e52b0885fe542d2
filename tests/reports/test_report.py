"""The annual report as a council would hand it over: HTML that parses, is accessible and has
every section; a workbook that opens; metrics.json in the issue's shape; the CLI's answers."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from cases.calendar import WorkingCalendar
from cli.main import app
from reports.annual import build_report
from reports.case_rows import CouncilLists
from reports.code_report import build_code_report
from reports.periods import financial_year
from reports.render import write_all
from reports.tables import Report
from store.db import make_engine
from tests.conftest import ENGINES, fresh_database
from tests.reports.accessibility import axe_violations
from tests.reports.conftest import import_sheet
from tests.reports.datasets import Sheet, bradford

PRODUCED_ON = date(2026, 12, 6)  # the report's date

SECTIONS = [
    "Summary",
    "Complaints and other contacts received",
    "Complaints not logged",
    "What complaints were about",
    "Outcomes and remedies",
    "Timescales",
    "Escalation",
    "Each procedure's complaints by team",
    "Local Government and Social Care Ombudsman",
    "Costs",
    "Compliments",
    "Effectiveness of the procedure",
    "Learning and service improvements",
    "Appendix A: The cases behind the figures",
    "Appendix B: Learning and service improvements, in words",
    "Appendix C: Examples of complaints and compliments",
    "Appendix D: Definitions",
]


class Outline(HTMLParser):
    """Headings in order, table captions, the html lang and whether every tag closed."""

    VOID: ClassVar[set[str]] = {
        "meta",
        "link",
        "br",
        "img",
        "input",
        "hr",
        "path",
        "use",
        "rect",
        "circle",
        "line",
        "polyline",
        "stop",
    }

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.captions: list[str] = []
        self.lang: str | None = None
        self.stack: list[str] = []
        self.tables = 0
        self._text: list[str] | None = None
        self._kind: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag == "table":
            self.tables += 1
        if tag in {"h1", "h2", "h3", "h4", "caption"}:
            self._text, self._kind = [], tag
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()
        if tag == self._kind and self._text is not None:
            text = " ".join("".join(self._text).split())
            if tag == "caption":
                self.captions.append(text)
            else:
                self.headings.append((int(tag[1]), text))
            self._text = self._kind = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


@dataclass(frozen=True)
class BradfordReport:
    report: Report  # the annual report of the Bradford seed's 2022/23
    folder: Path  # written: report.html, .md, .xlsx, .docx, metrics.json
    code_folder: Path  # the Code report of the same year, written


@pytest.fixture(scope="module", params=ENGINES)
def bradford_report(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, lists: CouncilLists
) -> BradfordReport:
    """Built and written once per database for the tests that only read it: building it took
    most of each of those tests' time. The database is left to the next test to empty."""
    folder = tmp_path_factory.mktemp("bradford")
    engine = make_engine(fresh_database(request, request.param, folder))
    try:
        sheet = Sheet()
        bradford(sheet)
        import_sheet(engine, sheet, folder / "cases.csv", lists=lists, calendar=WorkingCalendar())
        report, figures = build_report(engine, financial_year(2022), today=PRODUCED_ON)
        write_all(report, figures, folder / "report")
        code, code_figures = build_code_report(engine, financial_year(2022), today=PRODUCED_ON)
        write_all(code, code_figures, folder / "code")
    finally:
        engine.dispose()
    return BradfordReport(report, folder / "report", folder / "code")


def test_html_parses_with_every_section_and_headings_in_order(
    bradford_report: BradfordReport,
) -> None:
    outline = Outline()
    outline.feed((bradford_report.folder / "report.html").read_text(encoding="utf-8"))
    outline.close()
    assert outline.lang == "en-GB"
    assert outline.stack == []
    levels = [level for level, _ in outline.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    titles = [text for level, text in outline.headings if level == 2]
    assert [t for t in titles if t != "Contents"] == SECTIONS
    assert outline.tables == len(outline.captions) >= 40
    html = (bradford_report.folder / "report.html").read_text(encoding="utf-8")
    assert "<link" not in html and "src=" not in html  # one self-contained file
    assert "@media print" in html and "size:A4" in html
    assert html.count("[Complaints manager:") >= 3


def test_html_passes_axe_with_no_serious_violations(
    bradford_report: BradfordReport, tmp_path: Path
) -> None:
    violations = axe_violations(bradford_report.folder / "report.html", tmp_path)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1)


def landmark_names(page: str) -> list[str]:
    """The accessible names of the page's landmarks: each section, and each table's scrolling
    region, is named by the element its aria-labelledby points to."""
    import re

    text = {
        found[1]: re.sub(r"<[^>]+>", "", found[2]).strip()
        for found in re.finditer(
            r'<(?:h2|caption)[^>]*\bid="([^"]+)"[^>]*>(.*?)</(?:h2|caption)>', page, re.S
        )
    }
    landmarks = re.findall(r'(?:<section|<nav|role="region")[^>]*aria-labelledby="([^"]+)"', page)
    return [text[target] for target in landmarks]


def test_every_landmark_has_its_own_name(bradford_report: BradfordReport) -> None:
    """axe's landmark-unique: no table is captioned with a section's title (Appendix B's list
    and the Code report's self-assessment were)."""
    for page in (
        bradford_report.folder / "report.html",
        bradford_report.code_folder / "report.html",
    ):
        names = landmark_names(page.read_text(encoding="utf-8"))
        assert len(names) > 10
        assert sorted({n for n in names if names.count(n) > 1}) == [], page


def test_every_trend_table_has_a_titled_chart_beside_it(bradford_report: BradfordReport) -> None:
    """Issue 24: a chart beside each trend table with rows, each with a title. The two that mix
    units in their rows (counts with percentages, pounds with cases) draw the rows of one unit:
    what was received, and the pounds paid."""
    trends = [
        table
        for table in bradford_report.report.tables()
        if sum(column[:2] == "20" for column in table.columns) > 1 and table.rows
    ]
    assert len(trends) > 10
    missing = [t.key for t in trends if t.chart is None or not t.chart.title]
    assert missing == [], ", ".join(missing)
    mixed = {t.key: t for t in trends if t.key in ("headline", "compensation_by_route")}
    for table in mixed.values():
        assert table.chart is not None and table.chart.rows
        drawn = [str(table.rows[i][0]) for i in table.chart.rows]
        assert not any("%" in row or row.endswith(": cases") for row in drawn), drawn
    assert "headline" in mixed


def test_only_columns_of_figures_are_aligned_right(bradford_report: BradfordReport) -> None:
    """A column of words (a team's directorate; a not-logged reason's example, the Code's
    self-assessment) is headed and aligned as text; columns of figures are right-aligned, in
    Markdown and in HTML."""
    markdown = (bradford_report.folder / "report.md").read_text(encoding="utf-8")
    lines = markdown.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Team | Directorate |"))
    assert lines[header + 1].startswith("|---|---|---:|")
    page = (bradford_report.folder / "report.html").read_text(encoding="utf-8")
    assert (
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Directorate'
        not in page
    )
    assert '<th scope="col" class="govuk-table__header">Directorate</th>' in page


def test_workbook_has_a_readable_sheet_per_table(bradford_report: BradfordReport) -> None:
    """Sheet names from the captions, real numbers and percentages, the header frozen and
    filters on, and the definitions under each table and on their own sheet."""
    workbook = load_workbook(bradford_report.folder / "report.xlsx")
    assert workbook.sheetnames[0] == "Contents" and workbook.sheetnames[-1] == "Definitions"
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    headline = workbook["Headline figures"]
    assert headline["A1"].value == "Complaints, enquiries and compliments by year"
    assert headline.freeze_panes == "B4" and headline.auto_filter.ref.startswith("A3:")
    rows = {row[0]: row[1:] for row in headline.iter_rows(min_row=4, values_only=True) if row[0]}
    assert rows["Stage 1 received"][-2:] == (363, 369)
    assert rows["% stage 1 responded to in time"][-1] == pytest.approx(0.39)
    percent_cell = next(
        cell
        for row in headline.iter_rows(min_row=4)
        if row[0].value == "% stage 1 responded to in time"
        for cell in row[-1:]
    )
    assert percent_cell.number_format == "0%"
    notes = [row[0] for row in headline.iter_rows(values_only=True) if row[0]]
    assert any(str(note).startswith("stage1.in_time_pct: Of statutory stage 1") for note in notes)
    cases = workbook["Stage 2 and 3 cases"]
    assert cases.freeze_panes == "A4"
    started = [row[3] for row in cases.iter_rows(min_row=4, values_only=True) if row[0]]
    assert started and all(isinstance(day, datetime) for day in started[:-1] if day)
    names = [row[0] for row in workbook["Definitions"].iter_rows(min_row=4, values_only=True)]
    assert "stage1.in_time_pct" in names and "remedy.apology" in names


def test_every_sheet_the_readme_maps_a_seed_table_to_is_in_the_workbook(
    engine: Engine, load, tmp_path: Path
) -> None:
    """The README's table of the seeds' tables names a sheet for each; each is there, and a
    table SHEETS names is on the sheet of that name."""
    from reports.render_xlsx import SHEETS

    sheet = Sheet()
    bradford(sheet)
    sheet.add(record_kind="complaint", route="corporate", received_on="2022-06-01",
              stage1_responded_on="2022-06-08", stage1_outcome="upheld")  # fmt: skip
    load(sheet)
    report, figures = build_report(engine, financial_year(2022), today=PRODUCED_ON)
    write_all(report, figures, tmp_path / "report")
    workbook = load_workbook(tmp_path / "report" / "report.xlsx", read_only=True)
    contents = {
        row[1]: row[0] for row in workbook["Contents"].iter_rows(values_only=True) if row[0]
    }
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    mapping = readme.split("| seed | table or figure | report section | workbook sheet |")[1]
    named = {
        sheet.strip()
        for line in mapping.split("\n\n")[0].splitlines()[2:]
        for sheet in line.strip("|").split("|")[3].split(";")
    } - {"—"}
    assert sorted(named - set(workbook.sheetnames)) == []
    assert (
        contents["Percentage of complaints responded to in time, by year"]
        == SHEETS["in_time_trend"]
    )
    assert contents["LGSCO enquiries and decisions by year"] == SHEETS["lgsco_trend"]


def test_word_report_has_the_sections_tables_and_charts(bradford_report: BradfordReport) -> None:
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    document = Document(str(bradford_report.folder / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[1:] == SECTIONS  # "Contents" first
    assert document.core_properties.title.endswith("2022/23")
    assert len(document.tables) >= 40
    header = document.tables[0].rows[0]
    assert header._tr.trPr is not None  # repeats on every page
    assert len(document.inline_shapes) >= 15  # a chart beside each trend table
    highlighted = [
        run.text
        for p in document.paragraphs
        for run in p.runs
        if run.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert len(highlighted) >= 3 and all(t.startswith("[Complaints manager:") for t in highlighted)


def test_metrics_json_has_the_issue_shape(bradford_report: BradfordReport) -> None:
    data = json.loads((bradford_report.folder / "metrics.json").read_text())
    assert data["period"] == {"from": "2022-04-01", "to": "2023-03-31"}
    stage1 = data["metrics"]["stage1.received"]
    assert stage1["value"] == 369 and stage1["definition"]
    assert stage1["previous"]["2021/22"] == 363
    assert data["metrics"]["stage1.in_time_pct"]["value"] == 39
    assert data["metrics"]["escalation.stage1_to_stage2_pct"]["value"] == 5
    issue_names = [
        f"{stage}.outcome.{outcome}"
        for stage in ("stage1", "stage2", "stage3")
        for outcome in ("upheld", "partially_upheld", "not_upheld", "inconclusive", "resolved",
                        "withdrawn")
    ] + [
        "stage1.within_10_working_days", "stage1.within_20_working_days",
        "stage1.beyond_20_working_days", "stage1.manager_contact_pct", "remedy.apology",
        "remedy.explanation", "remedy.service_provided", "remedy.financial",
        "remedy.practice_change", "remedy.no_remedy_required", "historic.received",
    ]  # fmt: skip
    for name in issue_names:
        metric = data["metrics"][name]
        assert metric["definition"] and "2021/22" in metric["previous"], name
    assert data["metrics"]["stage1.outcome.upheld"]["value"] == 326  # every closure upheld


def test_bradfords_costs_table(bradford_report: BradfordReport) -> None:
    """Seed 000's costs for 2022/23, imported as a council's sheet gives them (compensation,
    the independent people at stages 2 and 3, the Ombudsman's remedies): the same figures and
    total, £68,439."""
    costs = next(t for t in bradford_report.report.tables() if t.key == "costs")
    assert costs.columns[-1] == "2022/23"
    assert {row[0]: str(row[-1]) for row in costs.rows} == {
        "Compensation": "£100",
        "Independent investigators (stage 2)": "£55,111",
        "Review panel members (stage 3)": "£10,128",
        "LGSCO remedies": "£3,100",
        "Total": "£68,439",
    }


def test_markdown_has_the_same_tables(bradford_report: BradfordReport) -> None:
    markdown = (bradford_report.folder / "report.md").read_text()
    assert "| Stage 1 received |" in markdown
    for section in SECTIONS:
        assert f"## {section}" in markdown


def test_cli_annual_report_and_bad_arguments(settings, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0  # a report creates no database
    result = runner.invoke(
        app, ["report", "annual", "--year", "2025", "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "report.html").is_file()
    for args, message in (
        (["--year", "20x5"], "--year"),
        (["--from", "2025-04-01"], "--from and --to go together"),
        (["--from", "2025-04-01", "--to", "31/03/2026"], "not a date"),
        (["--from", "2026-04-01", "--to", "2025-03-31"], "before it starts"),
        ([], "give --year"),
        (["--year", "2099"], "2099/00 has not begun (it starts on 1 April 2099; today is"),
        (["--year", "2025", "--out", ""], "--out': give a path"),  # not the current directory
        (["--year", "2025", "--out", " "], "--out': give a path"),
    ):
        result = runner.invoke(app, ["report", "annual", "--out", str(tmp_path / "x"), *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert not (tmp_path / "x").exists()
    for command in (["quarterly", "--year", "2099", "--quarter", "1"], ["code", "--year", "2099"]):
        result = runner.invoke(app, ["report", *command, "--out", str(tmp_path / "x")])
        assert result.exit_code == 2 and "has not begun" in result.output, result.output
    # A folder where a report file should be: said in one line, nothing else replaced.
    (tmp_path / "odd" / "report.html").mkdir(parents=True)
    for command in (["annual", "--year", "2025"], ["code", "--year", "2026"]):
        result = runner.invoke(app, ["report", *command, "--out", str(tmp_path / "odd")])
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"heard: --out: cannot write the report into {tmp_path}")
        assert "Is a directory" in result.output and len(result.output.splitlines()) == 1
    assert sorted(p.name for p in (tmp_path / "odd").iterdir()) == ["report.html"]


def test_cli_import_reports_rejects_by_row(settings, tmp_path: Path) -> None:
    sheet = Sheet()
    sheet.add(record_kind="complaint", received_on="2025-05-02")
    sheet.add(record_kind="nonsense", received_on="2025-05-02")
    path = sheet.write(tmp_path / "cases.csv")
    runner = CliRunner()
    result = runner.invoke(app, ["import", "cases", str(path)])
    assert result.exit_code == 1
    assert "row 3: record_kind: 'nonsense'" in result.output
    assert "1 cases imported" in result.output
    assert runner.invoke(app, ["import", "cases", str(tmp_path / "missing.csv")]).exit_code == 2
    result = runner.invoke(app, ["import", "cases", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder, not a file" in result.output
    out = tmp_path / "export.csv"
    result = runner.invoke(app, ["export", "cases", "--out", str(out)])
    assert result.exit_code == 0 and "1 cases written" in result.output
