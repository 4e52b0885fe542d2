"""Per-day counts from the database, added up into the periods a table shows (the large tables
are counted per day: see store.reports.sql)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from reports.periods import Period, PeriodOf

NOT_RECORDED = "not_recorded"


def per_period(
    rows: Iterable[tuple[date, str | None, int]], periods: Sequence[Period]
) -> dict[str, list[int]]:
    """value -> count in each period, for (day, value, count) rows."""
    period_of = PeriodOf(periods)
    found: dict[str, list[int]] = {}
    for day, value, count in rows:
        index = period_of(day)
        if index is not None:
            found.setdefault(value or NOT_RECORDED, [0] * len(periods))[index] += count
    return found


def largest_first(found: dict[str, list[int]], *, index: int = 0) -> list[str]:
    """Names by their count in period `index`, then in all periods, largest first."""
    return sorted(found, key=lambda name: (-found[name][index], -sum(found[name]), name))
