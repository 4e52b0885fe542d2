"""How much of each period the records cover, and how a comparison between periods is worded.

A council that starts using heard (or imports its spreadsheets) part way through a year has a
first year holding only some months of records, and the year being reported on may not be over
yet. Comparing a full year with four months of another misleads councillors ("751 compared with
210"), so every comparison and every trend table says when a period is only partly covered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reports.cells import NOT_AVAILABLE
from reports.periods import Period

MONTH_DAYS = 30.44  # an average month, for "4 of its 12 months"


@dataclass(frozen=True)
class Coverage:
    """The days of `period` the records cover: from the first day anything was recorded (or
    the period's start) to the day the report was made (or the period's end)."""

    period: Period
    first_day: date
    last_day: date

    @property
    def complete(self) -> bool:
        """Covered but for a few days at the start (the first working day after a weekend or
        a bank holiday, a slow first week): at most a twentieth of the period."""
        if self.last_day != self.period.end or self.empty:
            return False
        whole = (self.period.end - self.period.start).days + 1
        return (self.first_day - self.period.start).days <= whole // 20

    @property
    def empty(self) -> bool:
        return self.last_day < self.first_day

    @property
    def heading(self) -> str:
        """The period's label as a table's column heading: "2024/25 (part)" when partial."""
        return self.period.label if self.complete else f"{self.period.label} (part)"

    def describe(self) -> str:
        """One sentence saying how much of the period is covered (empty when all of it)."""
        if self.complete:
            return ""
        # a sentence of its own: "The week of 7 December 2026 …", not "week of …"
        label = self.period.named[:1].upper() + self.period.named[1:]
        if self.empty:
            return f"{label} holds no records."
        share = self._share()
        if self.first_day > self.period.start and self.last_day < self.period.end:
            return (
                f"{label} holds records from {_long(self.first_day)} to {_long(self.last_day)} "
                f"only ({share})."
            )
        if self.first_day > self.period.start:
            return f"{label} holds records from {_long(self.first_day)} only ({share})."
        return f"{label} is not over: it holds records to {_long(self.last_day)} ({share})."

    def _share(self) -> str:
        whole = (self.period.end - self.period.start).days + 1
        covered = (self.last_day - self.first_day).days + 1
        if whole < 60:
            return f"{covered} of its {whole} days"
        months, of = round(covered / MONTH_DAYS), round(whole / MONTH_DAYS)
        return f"{months} of its {of} months" if months else f"{covered} of its {whole} days"


def coverage_of(periods: Sequence[Period], *, earliest: date | None, today: date) -> list[Coverage]:
    """Each period's coverage; with no records at all every period is empty."""
    return [
        Coverage(
            period,
            max(period.start, earliest) if earliest is not None else date.max,
            min(period.end, today),
        )
        for period in periods
    ]


def comparison(what: str, now: str, before: str, *, current: Coverage, earlier: Coverage) -> str:
    """ "Stage 1 complaints received: 751 in 2025/26, compared with 610 in 2024/25.", with the
    warning a partial period needs; an earlier period with no figure is said to have none."""
    if before == NOT_AVAILABLE:
        return " ".join(
            [
                f"{what}: {now} in {current.period.named}; {earlier.period.named} has no figure "
                "to compare it with.",
                *([current.describe()] if not current.complete else []),
            ]
        )
    sentence = (
        f"{what}: {now} in {current.period.named}, compared with {before} in "
        f"{earlier.period.named}."
    )
    partial = [c.describe() for c in (current, earlier) if not c.complete]
    if not partial:
        return sentence
    return f"{sentence} {' '.join(partial)} The two are not like for like."


def notes(coverages: Sequence[Coverage]) -> list[str]:
    """The sentences a trend table prints beneath it for its partial periods."""
    return [c.describe() for c in coverages if not c.complete]


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
