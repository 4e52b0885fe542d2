"""What a table's cell holds, typed, so each output shows it its own way: the HTML and Word
report print "39%", "£1,200" and "1 April 2025"; the workbook keeps 0.39 formatted as a
percentage, 1200 as pounds and a real date, so a council can sum and sort them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PERCENT_FORMAT = "0%"
POUNDS_FORMAT = '"£"#,##0.00'
DAYS_FORMAT = "0.0"
DATE_FORMAT = "d mmm yyyy"


@dataclass(frozen=True)
class Percent:
    """A whole-number percentage; None when there is nothing to take it of."""

    value: int | None

    def __str__(self) -> str:
        return "n/a" if self.value is None else f"{self.value}%"


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
        return "n/a" if self.value is None else f"{self.value:.1f}"


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
