"""Reporting periods: the financial year (1 April to 31 March) councils report on, quarters,
weeks, and the run of previous years a trend table shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def long_label(self) -> str:
        return f"{_long(self.start)} to {_long(self.end)}"

    @property
    def unit(self) -> str:
        """What a run of periods like this one is counted by: "year", "quarter", "week"."""
        if (
            self.start.month == 4
            and self.start.day == 1
            and self.end == date(self.start.year + 1, 3, 31)
        ):
            return "year"
        if self.label.endswith(("Q1", "Q2", "Q3", "Q4")):
            return "quarter"
        if self.label.startswith("week of "):
            return "week"
        return "period"

    @property
    def named(self) -> str:
        """The period in a sentence: "2025/26", "the week of 30 November 2026"."""
        return f"the {self.label}" if self.unit == "week" else self.label


class PeriodOf:
    """The index in `periods` of the period a day falls in (None when in none), as
    store.reports.sql.bucket gives it in SQL: the first period that holds the day. The report's
    large tables are counted per day in the database and added up into periods here."""

    def __init__(self, periods: Sequence[Period]) -> None:
        self.periods = list(periods)
        self._known: dict[date, int | None] = {}

    def __call__(self, day: date | None) -> int | None:
        if day is None:
            return None
        if day not in self._known:
            self._known[day] = next(
                (i for i, period in enumerate(self.periods) if period.contains(day)), None
            )
        return self._known[day]


def financial_year(year: int) -> Period:
    """`year` is the year the financial year starts in: 2022 is 1 April 2022 to 31 March 2023,
    printed "2022/23" as the annual reports print it."""
    return Period(date(year, 4, 1), date(year + 1, 3, 31), f"{year}/{(year + 1) % 100:02d}")


def financial_year_of(day: date) -> Period:
    return financial_year(day.year if day.month >= 4 else day.year - 1)


def custom(start: date, end: date) -> Period:
    return Period(start, end, f"{start.isoformat()} to {end.isoformat()}")


def quarter(year: int, number: int) -> Period:
    """Quarter `number` (1 to 4) of the financial year starting in `year`: Q1 is April–June."""
    if number not in (1, 2, 3, 4):
        raise ValueError("a quarter is 1, 2, 3 or 4")
    first_month = 4 + 3 * (number - 1)
    start_year = year + (first_month - 1) // 12
    start = date(start_year, (first_month - 1) % 12 + 1, 1)
    following = date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1)
    return Period(start, following - timedelta(days=1), f"{financial_year(year).label} Q{number}")


def week_of(day: date) -> Period:
    """Monday to Sunday around `day`."""
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6), f"week of {_long(monday)}")


def previous_years(period: Period, *, count: int, earliest: date | None) -> list[Period]:
    """Up to `count` periods of the same length before `period`, newest first, stopping at the
    first that ends before any data exists. Financial years step back by whole years."""
    found: list[Period] = []
    current = period
    for _ in range(count):
        current = _step_back(current)
        if earliest is None or current.end < earliest:
            break
        found.append(current)
    return found


def _step_back(period: Period) -> Period:
    """The period of the same kind just before: a financial year, quarter or week keeps its
    kind (and its label); any other period steps back by its own length."""
    start, end = period.start, period.end
    if start.month == 4 and start.day == 1 and end == date(start.year + 1, 3, 31):
        return financial_year(start.year - 1)
    if start.weekday() == 0 and (end - start).days == 6:
        return week_of(start - timedelta(days=7))
    fy = financial_year_of(start)
    for number in (1, 2, 3, 4):
        q = quarter(fy.start.year, number)
        if (q.start, q.end) == (start, end):
            return (
                quarter(fy.start.year, number - 1) if number > 1 else quarter(fy.start.year - 1, 4)
            )
    length = end - start
    before = start - timedelta(days=1)
    return custom(before - length, before)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
