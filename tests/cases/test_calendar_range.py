"""The working-day calendar refuses dates and counts it cannot answer for, at once (issue 13
item 10: `calendar add 2026-12-22 99999999999` grew to 23.6 GB before the kernel killed it)."""

from __future__ import annotations

import time
from datetime import date

import pytest

from cases.calendar import LAST_DAY, MAX_WORKING_DAYS, OutsideCalendar, WorkingCalendar


@pytest.mark.parametrize(
    ("start", "days"),
    [
        (date(2026, 12, 22), 99_999_999_999),
        (date(2026, 12, 22), MAX_WORKING_DAYS + 1),
        (date(2026, 12, 22), -1),
        (date(9999, 12, 30), 10),
        (date(1, 1, 1), 1),
        (date(2100, 12, 20), 30),
    ],
)
def test_absurd_counts_and_dates_are_refused_cheaply(start: date, days: int) -> None:
    calendar = WorkingCalendar()
    calendar.is_working_day(date(2026, 1, 5))  # loads the holidays package first
    began = time.perf_counter()
    with pytest.raises(OutsideCalendar):
        calendar.add_working_days(start, days)
    assert time.perf_counter() - began < 10  # at most a few years of days are listed


def test_the_largest_count_still_works() -> None:
    due = WorkingCalendar().add_working_days(date(2026, 1, 5), MAX_WORKING_DAYS)
    assert date(2030, 1, 1) < due < LAST_DAY


def test_other_questions_outside_the_calendar_are_refused() -> None:
    calendar = WorkingCalendar()
    with pytest.raises(OutsideCalendar):
        calendar.is_working_day(date(9999, 1, 4))
    with pytest.raises(OutsideCalendar):
        calendar.working_days_between(date(1, 1, 1), date(2026, 1, 1))
