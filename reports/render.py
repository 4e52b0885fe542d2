"""Write a report's files: report.html (one self-contained file in GOV.UK Frontend's style,
printable on A4), report.md, report.docx (for the manager's narrative), report.xlsx (a sheet
per table) and metrics.json. Nothing here counts anything: the figures come from
reports.annual; each format's layout is in its own module."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from functools import partial
from pathlib import Path

from reports.forked import all_ended, started
from reports.metrics import Figures
from reports.render_docx import render_docx
from reports.render_html import footnotes, render_html
from reports.render_text import render_markdown
from reports.render_xlsx import render_xlsx
from reports.tables import Report

__all__ = ["footnotes", "render_docx", "render_html", "render_markdown", "render_xlsx", "write_all"]

FILES = ("report.html", "report.md", "report.docx", "report.xlsx", "metrics.json")


def write_all(report: Report, figures: Figures, out: Path) -> list[Path]:
    """Write every file into a new folder beside `out`, then move them into place: a report
    that fails half way (a writer refusing a value) leaves `out` as it was, never half
    written. Text with control characters (a team label with \\x0b, from the CLI or Slack) is
    written without them: the workbook and the Word file cannot hold them."""
    printable(report)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.writing-"))
    try:
        html, markdown, docx, xlsx, metrics = (staging / name for name in FILES)
        # The Word file and the workbook take most of the time: each is written by a child
        # process while this one writes the rest.
        writers = [started(partial(render_docx, report, docx))]
        writers.append(started(partial(render_xlsx, report, xlsx)))
        try:
            html.write_text(render_html(report), encoding="utf-8")
            markdown.write_text(render_markdown(report), encoding="utf-8")
            metrics.write_text(json.dumps(figures.as_json(), indent=2) + "\n", encoding="utf-8")
        finally:
            all_ended(writers)
        if not out.exists():
            staging.rename(out)
        else:  # a folder that may hold other files: ours are replaced one rename each
            for name in FILES:
                os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / name for name in FILES]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def printable(report: Report) -> None:
    """Every text of the report without control characters (in place)."""
    report.title, report.council = _clean(report.title), _clean(report.council)
    report.coverage = [_clean(line) for line in report.coverage]
    for section in report.sections:
        section.title = _clean(section.title)
        section.paragraphs = [_clean(paragraph) for paragraph in section.paragraphs]
        for table in section.tables:
            table.caption = _clean(table.caption)
            table.columns = [_clean(column) for column in table.columns]
            table.rows = [
                [_clean(cell) if isinstance(cell, str) else cell for cell in row]
                for row in table.rows
            ]
