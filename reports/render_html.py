"""The report as one self-contained HTML file in GOV.UK Frontend's style, printable on A4."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import jinja2

from reports.cells import numeric, show
from reports.charts import chart_svg
from reports.metrics import METRICS
from reports.tables import Report, Table

GOVUK_FRONTEND_CSS = "govuk-frontend-6.6.0.min.css"
OWN_CSS = """
.heard-chart-wrap{margin:0 0 15px}
.heard-chart-wrap svg{max-width:100%;height:auto}
.heard-chart-title{margin-bottom:5px}
.heard-chart-note{color:#505a5f}
.heard-table-wrap{overflow-x:auto;margin-bottom:10px}
.heard-table-wrap:focus{outline:3px solid #fd0;outline-offset:0}
.heard-footnotes p{color:#505a5f;margin-bottom:5px}
.heard-narrative{border-left-color:#f47738}
.govuk-table{font-size:1rem}
.heard-list{font-size:.875rem}
@page{size:A4;margin:15mm 12mm}
@media print{
  html,body{background:#fff;font-size:10pt}
  .govuk-skip-link,.heard-contents{display:none}
  .govuk-width-container{max-width:none;margin:0}
  .govuk-main-wrapper{padding:0}
  h2{break-after:avoid}
  .heard-appendix{break-before:page}
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
    """What a printed report says beneath a table: what it counts, and which periods the
    records only partly cover. The named figures' definitions are in the appendix, once."""
    notes = [table.definition] if table.definition else []
    if table.metrics:
        notes.append("Each figure is defined in the appendix of definitions, by its name there.")
    return notes


def definitions_of(table: Table) -> list[str]:
    """Everything said about a table, the named figures' definitions included (the workbook's
    sheets carry them, as a sheet may be read on its own)."""
    notes = [table.definition] if table.definition else []
    return notes + [f"{name}: {METRICS[name].definition}" for name in dict.fromkeys(table.metrics)]


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
        numeric=numeric,
        show=show,
    )
