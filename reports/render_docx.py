"""The report as a Word document (report.docx), so the complaints manager can write the
narrative around the figures: the same sections, tables and charts as the HTML report, the
places for the manager's own words highlighted, A4 portrait."""

from __future__ import annotations

import io
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from reports.cells import Cell, numeric, show
from reports.charts import chart_png
from reports.render_html import footnotes
from reports.tables import Report, Section, Table

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.shared import Length


def render_docx(report: Report, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Cm, Pt

    document = Document()
    _page_and_language(document)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    properties = document.core_properties
    properties.title = f"{report.title} {report.period_label}"
    properties.subject = report.long_period
    properties.language = "en-GB"
    document.add_heading(f"{report.title} {report.period_label}", level=0)
    document.add_paragraph(report.long_period)
    for note in report.coverage:
        document.add_paragraph(note).runs[0].bold = True
    document.add_paragraph(f"Produced on {report.generated_on}.")
    document.add_heading("Contents", level=1)
    for section in report.sections:
        _styled(document, section.title, "ListNumber")
    for section in report.sections:
        if section.appendix and section is report.appendices[0]:
            document.add_page_break()
        _section(document, section, highlight=WD_COLOR_INDEX.YELLOW, width=Cm(16))
    document.save(str(path))


def _section(
    document: WordDocument, section: Section, *, highlight: WD_COLOR_INDEX, width: Length
) -> None:
    document.add_heading(section.title, level=1)
    for paragraph in section.paragraphs:
        document.add_paragraph(paragraph)
    if section.narrative:
        run = document.add_paragraph().add_run(section.narrative)
        run.font.highlight_color = highlight
    for table in section.tables:
        _table(document, table, width=width)


def _table(document: WordDocument, table: Table, *, width: Length) -> None:
    picture = chart_png(table)
    if picture is not None and table.chart is not None:
        _styled(document, f"Chart: {table.chart.title}", "Caption")
        shape = document.add_picture(io.BytesIO(picture), width=width)
        # Alternative text: the table that follows gives the chart's figures.
        shape._inline.docPr.set(
            "descr", f"{table.chart.title}. The figures are in the table below."
        )
    _styled(document, table.caption, "Caption")
    rows = table.rows or [[table.empty_text, *[""] * (len(table.columns) - 1)]]
    document.element.body.append(_table_xml(table.columns, rows))
    document.add_paragraph()  # Word joins two tables that touch into one
    for note in footnotes(table):
        _styled(document, note, "Caption")


def _table_xml(columns: list[str], rows: list[list[Cell]]) -> BaseOxmlElement:
    """The table as WordprocessingML, written in one piece: python-docx builds a table a cell
    at a time, which took seconds for the appendix's lists. The template's Table Grid style,
    the full page width, and a header row that repeats on every page the table runs over."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def cell(text: str, *, bold: bool = False, right: bool = False) -> str:
        alignment = '<w:jc w:val="right"/>' if right else ""
        weight = "<w:rPr><w:b/></w:rPr>" if bold else ""
        return (
            f'<w:tc><w:p><w:pPr><w:spacing w:before="0" w:after="0"/>{alignment}</w:pPr>'
            f'<w:r>{weight}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'
        )

    header = "".join(cell(text, bold=True) for text in columns)
    body = "".join(
        "<w:tr>" + "".join(cell(show(value), right=numeric(value)) for value in row) + "</w:tr>"
        for row in rows
    )
    grid = "".join("<w:gridCol/>" for _ in columns)
    return parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        '<w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="04A0" w:firstRow="1" '
        'w:firstColumn="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{header}</w:tr>{body}</w:tbl>"
    )


def _styled(document: WordDocument, text: str, style_id: str) -> None:
    """A paragraph in one of the template's styles, set by its id: python-docx's lookup by
    name searches every style each time (a second over a report's few hundred paragraphs)."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id


def _page_and_language(document: WordDocument) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm as cm

    for section in document.sections:
        section.page_height, section.page_width = cm(29.7), cm(21.0)
        section.left_margin = section.right_margin = cm(2.0)
        section.top_margin = section.bottom_margin = cm(2.0)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is not None:
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), "en-GB")
        properties.append(language)
