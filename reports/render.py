"""Lay a report out as HTML (one self-contained file in GOV.UK Frontend's style, printable on
A4), Markdown, an XLSX workbook (one sheet per table and a definitions sheet) and
metrics.json. Nothing here counts anything: the figures come from reports.annual."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from reports.charts import chart_svg
from reports.metrics import METRICS, Figures, Metric
from reports.tables import Report, Table

GOVUK_FRONTEND_CSS = "govuk-frontend-6.6.0.min.css"
OWN_CSS = """
.heard-chart-wrap svg{max-width:100%;height:auto}
.heard-chart-note{color:#505a5f}
.heard-table-wrap{overflow-x:auto;margin-bottom:10px}
.heard-table-wrap:focus{outline:3px solid #fd0;outline-offset:0}
.heard-footnotes p{color:#505a5f;margin-bottom:5px}
.heard-narrative{border-left-color:#f47738}
.govuk-table{font-size:1rem}
@page{size:A4;margin:15mm 12mm}
@media print{
  html,body{background:#fff;font-size:10pt}
  .govuk-skip-link,.heard-contents{display:none}
  .govuk-width-container{max-width:none;margin:0}
  .govuk-main-wrapper{padding:0}
  h2{break-after:avoid}
  .heard-table-block{break-inside:auto}
  .govuk-table caption{break-after:avoid}
  thead{display:table-header-group}
  tr{break-inside:avoid}
  .heard-table-wrap{overflow:visible}
  .heard-chart-wrap{break-inside:avoid}
  a{color:#0b0c0c;text-decoration:none}
}
"""


@cache
def govuk_css() -> str:
    """The vendored GOV.UK Frontend CSS without web fonts and image URLs (the file must stand
    alone; text falls back to Arial)."""
    css = (resources.files("reports") / "assets" / GOVUK_FRONTEND_CSS).read_text(encoding="utf-8")
    css = re.sub(r"@font-face\{[^}]*\}", "", css)
    return re.sub(r"url\(/assets/[^)]*\)", "none", css)


def footnotes(table: Table) -> list[str]:
    notes = [f"{METRICS[name].definition}" for name in dict.fromkeys(table.metrics)]
    if table.definition:
        notes.insert(0, table.definition)
    return notes


def _numeric(text: str) -> bool:
    return text == "n/a" or bool(re.fullmatch(r"[£]?-?[\d,]+(\.\d+)?%?", text))


def _show(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, int):
        return f"{cell:,}"
    return str(cell)


def used_metrics(report: Report) -> list[Metric]:
    names = dict.fromkeys(name for table in report.tables() for name in table.metrics)
    return [METRICS[name] for name in names] + [
        metric for name, metric in METRICS.items() if name not in names
    ]


def render_html(report: Report) -> str:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("reports", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    charts = {table.key: chart_svg(table) for table in report.tables()}
    return environment.get_template("report.html.j2").render(
        report=report,
        govuk_css=govuk_css(),
        own_css=OWN_CSS,
        charts=charts,
        footnotes=footnotes,
        numeric=_numeric,
        show=_show,
        definitions=used_metrics(report),
    )


def render_markdown(report: Report) -> str:
    lines = [f"# {report.title} {report.period_label}", "", f"{report.long_period}.", ""]
    for section in report.sections:
        lines += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        if section.narrative:
            lines += [f"> **To complete:** {section.narrative}", ""]
        for table in section.tables:
            lines += [f"**{table.caption}**", ""]
            lines.append("| " + " | ".join(_md(c) for c in table.columns) + " |")
            lines.append(
                "|" + "|".join("---" if i == 0 else "---:" for i in range(len(table.columns))) + "|"
            )
            for row in table.rows or [[table.empty_text, *[""] * (len(table.columns) - 1)]]:
                lines.append("| " + " | ".join(_md(_show(c)) for c in row) + " |")
            lines.append("")
            for note in footnotes(table):
                lines += [f"_{note}_", ""]
    lines += ["## Definitions", ""]
    for metric in used_metrics(report):
        lines.append(f"- `{metric.name}`: {metric.definition}")
    return "\n".join(lines) + "\n"


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_xlsx(report: Report, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    contents = workbook.active
    assert contents is not None
    contents.title = "Contents"
    contents.append([f"{report.title} {report.period_label}"])
    contents["A1"].font = Font(bold=True, size=14)
    contents.append([report.long_period])
    contents.append([])
    contents.append(["Sheet", "Table", "Section"])
    used: set[str] = {"Contents", "Definitions"}
    for section in report.sections:
        for table in section.tables:
            name = _sheet_name(table.key, used)
            contents.append([name, table.caption, section.title])
            sheet = workbook.create_sheet(name)
            sheet.append([table.caption])
            sheet["A1"].font = Font(bold=True, size=12)
            sheet.append([])
            sheet.append(table.columns)
            for cell in sheet[3]:
                cell.font = Font(bold=True)
            for row in table.rows:
                sheet.append([_xlsx_value(c) for c in row])
            sheet.append([])
            for note in footnotes(table):
                sheet.append([note])
            sheet.column_dimensions["A"].width = 40
    definitions = workbook.create_sheet("Definitions")
    definitions.append(["Metric", "Unit", "Definition"])
    for cell in definitions[1]:
        cell.font = Font(bold=True)
    for metric in used_metrics(report):
        definitions.append([metric.name, metric.unit, metric.definition])
    definitions.column_dimensions["A"].width = 38
    definitions.column_dimensions["C"].width = 120
    workbook.save(path)


def _xlsx_value(cell: object) -> object:
    """Numbers stay numbers (so councils can sum them); "39%" becomes 0.39 formatted as %."""
    if isinstance(cell, str) and cell != "n/a" and _numeric(cell) and not cell.startswith("£"):
        text = cell.replace(",", "")
        if text.endswith("%"):
            return float(text[:-1]) / 100
        return float(text) if "." in text else int(text)
    return cell


def _sheet_name(key: str, used: set[str]) -> str:
    base = key[:31]
    name, n = base, 2
    while name in used:
        name = f"{base[:28]}_{n}"
        n += 1
    used.add(name)
    return name


def write_all(report: Report, figures: Figures, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "report.html", out / "report.md", out / "report.xlsx", out / "metrics.json"]
    paths[0].write_text(render_html(report), encoding="utf-8")
    paths[1].write_text(render_markdown(report), encoding="utf-8")
    render_xlsx(report, paths[2])
    paths[3].write_text(json.dumps(figures.as_json(), indent=2) + "\n", encoding="utf-8")
    return paths
