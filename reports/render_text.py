"""The report as Markdown (for pasting into a council's own document or an intranet page)."""

from __future__ import annotations

import html

from reports.cells import show
from reports.render_html import footnotes
from reports.tables import Report


def render_markdown(report: Report) -> str:
    lines = [f"# {report.title} {report.period_label}", "", f"{report.long_period}.", ""]
    for note in report.coverage:
        lines += [f"> **Note:** {note}", ""]
    for section in report.sections:
        lines += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        if section.narrative:
            lines += [f"> **To complete:** {section.narrative}", ""]
        for table in section.tables:
            if table.chart is not None:
                lines += [f"_Chart in the HTML and Word report: {table.chart.title}._", ""]
            lines += [f"**{_md(table.caption)}**", ""]
            lines.append("| " + " | ".join(_md(c) for c in table.columns) + " |")
            figures = table.figure_columns()
            lines.append("|" + "|".join("---:" if f else "---" for f in figures) + "|")
            for row in table.rows or [[table.empty_text, *[""] * (len(table.columns) - 1)]]:
                lines.append("| " + " | ".join(_md(show(c)) for c in row) + " |")
            lines.append("")
            for note in footnotes(table):
                lines += [f"_{note}_", ""]
    return "\n".join(lines) + "\n"


def _md(text: object) -> str:
    """A table cell: outside text (team labels, categories) shown as text, never as HTML or a
    Markdown link, whatever renders the file."""
    escaped = html.escape(str(text), quote=False)
    for char in "\\[]`*_":
        escaped = escaped.replace(char, "\\" + char)
    return escaped.replace("|", "\\|").replace("\n", " ")
