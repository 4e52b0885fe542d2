"""What a table's cell holds, typed, so each output shows it its own way: the HTML and Word
report print "39%", "£1,200" and "1 April 2025"; the workbook keeps 0.39 formatted as a
percentage, 1200 as pounds and a real date, so a council can sum and sort them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PERCENT_FORMAT = "0%"
POUNDS_FORMAT = '"£"#,##0.00'
DAYS_FORMAT = "0.0"
DATE_FORMAT = "d mmm yyyy"
NOT_AVAILABLE = "n/a"  # a figure with nothing to count (a percentage of none)


@dataclass(frozen=True)
class Percent:
    """A whole-number percentage; None when there is nothing to take it of."""

    value: int | None

    def __str__(self) -> str:
        return NOT_AVAILABLE if self.value is None else f"{self.value}%"


@dataclass(frozen=True)
class Pounds:
    value: float

    def __str__(self) -> str:
        whole = self.value == int(self.value)
        return f"£{self.value:,.0f}" if whole else f"£{self.value:,.2f}"


@dataclass(frozen=True)
class Days:
    """Working days to one decimal place (an average)."""

    value: float | None

    def __str__(self) -> str:
        return NOT_AVAILABLE if self.value is None else f"{self.value:.1f}"


Cell = str | int | float | date | Percent | Pounds | Days | None


def show(cell: Cell) -> str:
    """The words a printed report shows for a cell."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "Yes" if cell else "No"
    if isinstance(cell, int):
        return f"{cell:,}"
    if isinstance(cell, date):
        return f"{cell.day} {cell:%B %Y}"
    return str(cell)


def numeric(cell: Cell) -> bool:
    """Right-aligned in a printed table."""
    if isinstance(cell, bool):
        return False
    return isinstance(cell, int | float | Percent | Pounds | Days)


def as_day(value: object) -> date | None:
    """A date from the database (SQLite may give one back as text)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def spreadsheet(cell: Cell) -> tuple[object, str | None]:
    """(value, number format) for a workbook cell."""
    if isinstance(cell, Percent):
        return (None if cell.value is None else cell.value / 100), PERCENT_FORMAT
    if isinstance(cell, Pounds):
        return cell.value, POUNDS_FORMAT
    if isinstance(cell, Days):
        return cell.value, DAYS_FORMAT
    if isinstance(cell, bool):
        return ("Yes" if cell else "No"), None
    if isinstance(cell, date):
        return cell, DATE_FORMAT
    return cell, None


# OWASP's advice on CSV (formula) injection: a text cell that begins with one of these is taken
# by Excel, LibreOffice and Sheets for a formula (or a DDE call), so it is written with a
# single quote in front. A number written as text (-12.50) stays a number.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def inert(value: object) -> object:
    """A value a spreadsheet will show and never evaluate (names, subjects, team labels and
    reasons come from complainants and staff). A value that already starts with quotes before
    a formula start gets one more, so `read_back` gives it back as it was."""
    if (
        isinstance(value, str)
        and value.lstrip("'").startswith(FORMULA_STARTS)
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def read_back(text: str) -> str:
    """What `inert` was given, from what it wrote (an import of heard's own export)."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def cell_text(value: str, *, lines: bool) -> str:
    """Text as a cell of heard's export holds it and its import reads it: line breaks as LF
    (a workbook's XML turns CR LF into LF), other control characters dropped, no spaces around
    it; without `lines`, on one line. Export and import both use it, so what one writes the
    other reads back unchanged."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not lines:
        value = value.replace("\n", " ").replace("\t", " ")
    return _CONTROL_BUT_LINES.sub("", value).strip()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def xml_safe(value: object) -> object:
    """Text without the control characters a workbook (XML) cannot hold (openpyxl refuses
    them and the whole file is lost)."""
    if isinstance(value, str) and _CONTROL.search(value):
        return _CONTROL.sub("", value)
    return value
