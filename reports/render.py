"""Write a report's files: report.html (one self-contained file in GOV.UK Frontend's style,
printable on A4), report.md, report.docx (for the manager's narrative), report.xlsx (a sheet
per table) and metrics.json. Nothing here counts anything: the figures come from
reports.annual; each format's layout is in its own module."""

from __future__ import annotations

import json
from pathlib import Path

from reports.metrics import Figures
from reports.render_docx import render_docx
from reports.render_html import footnotes, render_html
from reports.render_text import render_markdown
from reports.render_xlsx import render_xlsx
from reports.tables import Report

__all__ = ["footnotes", "render_docx", "render_html", "render_markdown", "render_xlsx", "write_all"]

FILES = ("report.html", "report.md", "report.docx", "report.xlsx", "metrics.json")


def write_all(report: Report, figures: Figures, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    html, markdown, docx, xlsx, metrics = (out / name for name in FILES)
    html.write_text(render_html(report), encoding="utf-8")
    markdown.write_text(render_markdown(report), encoding="utf-8")
    render_docx(report, docx)
    render_xlsx(report, xlsx)
    metrics.write_text(json.dumps(figures.as_json(), indent=2) + "\n", encoding="utf-8")
    return [html, markdown, docx, xlsx, metrics]
