"""The annual report as a council would hand it over: HTML that parses, is accessible and has
every section; a workbook that opens; metrics.json in the issue's shape; the CLI's answers."""

from __future__ import annotations

import itertools
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from cli.main import app
from reports.annual import build_report
from reports.periods import financial_year
from reports.render import write_all
from tests.reports.accessibility import axe_violations
from tests.reports.datasets import Sheet, bradford

SECTIONS = [
    "Summary",
    "Representations received",
    "Complaints not logged",
    "What complaints were about",
    "Outcomes",
    "Timescales",
    "Escalation",
    "Local Government and Social Care Ombudsman",
    "Costs",
    "Compliments",
    "Effectiveness of the procedure",
    "Learning and service improvements",
    "Definitions",
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


@pytest.fixture
def bradford_report(engine: Engine, load, tmp_path: Path) -> Path:
    sheet = Sheet()
    bradford(sheet)
    load(sheet)
    report, figures = build_report(engine, financial_year(2022))
    out = tmp_path / "report"
    write_all(report, figures, out)
    return out


def test_html_parses_with_every_section_and_headings_in_order(bradford_report: Path) -> None:
    outline = Outline()
    outline.feed((bradford_report / "report.html").read_text(encoding="utf-8"))
    outline.close()
    assert outline.lang == "en-GB"
    assert outline.stack == []
    levels = [level for level, _ in outline.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    titles = [text for level, text in outline.headings if level == 2]
    assert [t for t in titles if t != "Contents"] == SECTIONS
    assert outline.tables == len(outline.captions) >= 20
    html = (bradford_report / "report.html").read_text(encoding="utf-8")
    assert "<link" not in html and "src=" not in html  # one self-contained file
    assert "@media print" in html and "size:A4" in html
    assert html.count("[Complaints manager:") >= 3


def test_html_passes_axe_with_no_serious_violations(bradford_report: Path, tmp_path: Path) -> None:
    violations = axe_violations(bradford_report / "report.html", tmp_path)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1)


def test_workbook_has_a_sheet_per_table_and_the_definitions(bradford_report: Path) -> None:
    workbook = load_workbook(bradford_report / "report.xlsx")
    assert workbook.sheetnames[0] == "Contents" and workbook.sheetnames[-1] == "Definitions"
    headline = workbook["headline"]
    rows = {row[0]: row[1:] for row in headline.iter_rows(min_row=4, values_only=True) if row[0]}
    assert rows["Stage 1 received"][-2:] == (363, 369)
    assert rows["% stage 1 responded to in time"][-1] == pytest.approx(0.39)
    names = [row[0] for row in workbook["Definitions"].iter_rows(min_row=2, values_only=True)]
    assert "stage1.in_time_pct" in names


def test_metrics_json_has_the_issue_shape(bradford_report: Path) -> None:
    data = json.loads((bradford_report / "metrics.json").read_text())
    assert data["period"] == {"from": "2022-04-01", "to": "2023-03-31"}
    stage1 = data["metrics"]["stage1.received"]
    assert stage1["value"] == 369 and stage1["definition"]
    assert stage1["previous"]["2021/22"] == 363
    assert data["metrics"]["stage1.in_time_pct"]["value"] == 39
    assert data["metrics"]["escalation.stage1_to_stage2_pct"]["value"] == 5


def test_markdown_has_the_same_tables(bradford_report: Path) -> None:
    markdown = (bradford_report / "report.md").read_text()
    assert "| Stage 1 received |" in markdown
    for section in SECTIONS:
        assert f"## {section}" in markdown


def test_cli_annual_report_and_bad_arguments(settings, tmp_path: Path) -> None:
    runner = CliRunner()
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
    ):
        result = runner.invoke(app, ["report", "annual", *args, "--out", str(tmp_path / "x")])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output


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
    out = tmp_path / "export.csv"
    result = runner.invoke(app, ["export", "cases", "--out", str(out)])
    assert result.exit_code == 0 and "1 cases written" in result.output
