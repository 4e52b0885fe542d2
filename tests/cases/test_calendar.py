from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.calendar import WorkingCalendar

CALENDAR = WorkingCalendar()
CLOSED = WorkingCalendar(
    closure_days=frozenset({date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)})
)
BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG", years=range(2015, 2041))
days = st.dates(min_value=date(2018, 1, 1), max_value=date(2035, 12, 31))
moments = st.datetimes(
    min_value=datetime(2018, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 12, 22), 10, date(2027, 1, 8)),  # 25, 28 Dec (Boxing Day observed), 1 Jan
        (date(2025, 12, 19), 7, date(2026, 1, 2)),  # 25, 26 Dec 2025 and 1 Jan 2026
        (date(2025, 4, 16), 2, date(2025, 4, 22)),  # Good Friday 18 Apr, Easter Monday 21 Apr
        (date(2026, 4, 1), 3, date(2026, 4, 8)),  # Good Friday 3 Apr, Easter Monday 6 Apr
        (date(2026, 3, 2), 10, date(2026, 3, 16)),
        (date(2026, 3, 2), 20, date(2026, 3, 30)),
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # from a Saturday
        (date(2026, 3, 2), 0, date(2026, 3, 2)),
    ],
)
def test_known_dates(start: date, n: int, expected: date) -> None:
    assert CALENDAR.add_working_days(start, n) == expected


def test_closure_days_are_skipped() -> None:
    assert CLOSED.add_working_days(date(2026, 12, 22), 10) == date(2027, 1, 13)
    assert not CLOSED.is_working_day(date(2026, 12, 30))
    assert CALENDAR.is_working_day(date(2026, 12, 30))


def test_bank_holidays_including_substitutes_are_not_working_days() -> None:
    for day in (
        date(2026, 12, 25),
        date(2026, 12, 28),
        date(2027, 12, 27),
        date(2027, 12, 28),
        date(2026, 5, 4),
        date(2026, 8, 31),
    ):
        assert not CALENDAR.is_working_day(day), day


@pytest.mark.parametrize(
    ("received_at", "day_zero"),
    [
        (datetime(2026, 3, 6, 17, 30, tzinfo=UTC), date(2026, 3, 9)),  # Friday evening
        (datetime(2026, 3, 6, 16, 59, tzinfo=UTC), date(2026, 3, 6)),  # Friday afternoon
        (datetime(2026, 3, 7, 11, 0, tzinfo=UTC), date(2026, 3, 9)),  # Saturday
        (datetime(2026, 4, 3, 11, 0, tzinfo=UTC), date(2026, 4, 7)),  # Good Friday
        (datetime(2026, 3, 9, 7, 0, tzinfo=UTC), date(2026, 3, 9)),  # early Monday: read at 9
        (datetime(2026, 6, 1, 16, 30, tzinfo=UTC), date(2026, 6, 2)),  # 17:30 BST is after hours
    ],
)
def test_receipt_day(received_at: datetime, day_zero: date) -> None:
    assert CALENDAR.receipt_day(received_at) == day_zero


def test_out_of_hours_in_local_time() -> None:
    assert CALENDAR.is_out_of_hours(datetime(2026, 6, 1, 16, 30, tzinfo=UTC))  # 17:30 BST
    assert not CALENDAR.is_out_of_hours(datetime(2026, 1, 5, 16, 30, tzinfo=UTC))  # 16:30 GMT


@given(start=days, n=st.integers(min_value=0, max_value=400))
def test_adding_then_counting_back_gives_n(start: date, n: int) -> None:
    assert CLOSED.working_days_between(start, CLOSED.add_working_days(start, n)) == n


@given(start=days, n=st.integers(min_value=1, max_value=400))
def test_a_result_is_never_a_weekend_bank_holiday_or_closure(start: date, n: int) -> None:
    result = CLOSED.add_working_days(start, n)
    assert result.weekday() < 5
    assert result not in BANK_HOLIDAYS
    assert result not in CLOSED.closure_days
    assert CLOSED.add_working_days(start, n - 1) < result


@given(start=days, end=days)
def test_counting_is_antisymmetric(start: date, end: date) -> None:
    assert CALENDAR.working_days_between(start, end) == -CALENDAR.working_days_between(end, start)


@given(moment=moments)
def test_next_working_moment_is_not_earlier_and_is_in_hours(moment: datetime) -> None:
    found = CALENDAR.next_working_moment(moment)
    assert found >= moment
    local = found.astimezone(CALENDAR.zone)
    assert CALENDAR.is_working_day(local.date())
    assert time(9, 0) <= local.time() < time(17, 0)
    assert found - moment < timedelta(days=12)
