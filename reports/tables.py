"""What a report holds: sections of tables, each table with its caption, its columns, the
definitions printed beneath it and the chart drawn from it. Renderers (HTML, Markdown, Word,
XLSX) only lay these out. The body comes first; appendix sections hold the case lists, the
learning recorded, the examples and the definitions."""

from __future__ import annotations

from dataclasses import dataclass, field

from reports.cells import Cell, numeric

__all__ = ["Cell", "Chart", "Report", "Section", "Table", "narrative"]


@dataclass
class Chart:
    """A chart drawn from the table itself (the table is always printed beside it).

    `series_in_rows`: each row is a series over the year columns (a trend table), or only the
    rows `rows` names where the table mixes units (counts beside percentages or pounds);
    otherwise each row is a bar, `value_columns` giving the bars' values."""

    kind: str  # "bar" (horizontal bars) or "line"
    title: str
    label_column: int = 0
    value_columns: tuple[int, ...] = (1,)
    percent: bool = False
    series_in_rows: bool = False
    rows: tuple[int, ...] | None = None  # with series_in_rows: the rows drawn (None: all)


@dataclass
class Table:
    key: str  # stable id: the HTML anchor; the workbook's sheet is named from the caption
    caption: str
    columns: list[str]
    rows: list[list[Cell]]
    metrics: list[str] = field(default_factory=list)  # names whose definitions are footnoted
    definition: str | None = None  # for breakdowns that are not a named metric
    chart: Chart | None = None
    empty_text: str = "None in this period."
    is_list: bool = False  # a list of cases or actions (appendix and workbook)

    def figure_columns(self) -> list[bool]:
        """Which columns hold figures, right-aligned with their headings: not the first, not
        a list's, and not one holding words (a directorate, an example) or nothing at all (an
        empty table's, the self-assessment's to fill in)."""
        filled = [[row[i] for row in self.rows if row[i] not in (None, "")] for i in range(
            len(self.columns))]  # fmt: skip
        return [
            i > 0 and not self.is_list and bool(cells) and all(numeric(cell) for cell in cells)
            for i, cells in enumerate(filled)
        ]


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    narrative: str | None = None  # a marked place for the complaints manager's own words
    appendix: bool = False


@dataclass
class Report:
    title: str
    period_label: str
    long_period: str
    sections: list[Section]
    generated_on: str
    council: str = ""
    coverage: list[str] = field(default_factory=list)  # sentences on partial periods

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]

    @property
    def body(self) -> list[Section]:
        return [section for section in self.sections if not section.appendix]

    @property
    def appendices(self) -> list[Section]:
        return [section for section in self.sections if section.appendix]


NARRATIVE_MARK = "[Complaints manager: "


def narrative(prompt: str) -> str:
    return f"{NARRATIVE_MARK}{prompt}]"
