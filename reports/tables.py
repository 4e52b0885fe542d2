"""What a report holds: sections of tables, each table with its caption, its columns, and the
definitions printed beneath it. Renderers (HTML, Markdown, XLSX) only lay these out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Cell = Any  # str, int, float or None


@dataclass
class Chart:
    """A chart drawn from the table itself (the table is always printed as its alternative)."""

    kind: str  # "bar" (horizontal bars) or "line"
    label_column: int = 0
    value_columns: tuple[int, ...] = (1,)
    percent: bool = False


@dataclass
class Table:
    key: str  # stable id: the XLSX sheet name and the HTML anchor
    caption: str
    columns: list[str]
    rows: list[list[Cell]]
    metrics: list[str] = field(default_factory=list)  # names whose definitions are footnoted
    definition: str | None = None  # for breakdowns that are not a named metric
    chart: Chart | None = None
    empty_text: str = "None in this period."


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    narrative: str | None = None  # a marked place for the complaints manager's own words


@dataclass
class Report:
    title: str
    period_label: str
    long_period: str
    sections: list[Section]
    generated_on: str
    council: str = ""

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


NARRATIVE_MARK = "[Complaints manager: "


def narrative(prompt: str) -> str:
    return f"{NARRATIVE_MARK}{prompt}]"
