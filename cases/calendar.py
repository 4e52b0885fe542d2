"""The working-day calendar that every statutory deadline is counted in.

Working days are weekdays minus England bank holidays (substitute days included, from the
`holidays` package) minus the council's own closure days. Counting is by binary search over a
precomputed, sorted list of working days, because the scheduler and reports count millions of
deadlines and a day-by-day loop would dominate them.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_SPAN_YEARS = 20  # working days are computed for this many years around any date asked about

# The calendar answers only where it knows the bank holidays (the `holidays` package has
# England's from 1872 to 2100), and counts at most about five years of working days at once:
# a count beyond that is a typing mistake, and refusing it costs nothing where obeying it would
# build a list of days until memory runs out.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)
MAX_WORKING_DAYS = 1300


class OutsideCalendar(ValueError):
    """A date or count the calendar cannot answer for; the message says the range."""


@dataclass(frozen=True)
class WorkingCalendar:
    closure_days: frozenset[date] = frozenset()
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/London"))
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    _cache: _WorkingDays = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_cache", _WorkingDays(self.closure_days))

    def without_closures(self) -> WorkingCalendar:
        """The same calendar with no council closure days: weekdays minus bank holidays. The
        clocks a council does not set (the statutory procedure's, the Ombudsman's) run on it,
        so closing the office never gives the council longer (cases.timescales)."""
        if not self.closure_days:
            return self
        found = self.__dict__.get("_without_closures")
        if found is None:
            found = WorkingCalendar(zone=self.zone, opens=self.opens, closes=self.closes)
            object.__setattr__(self, "_without_closures", found)
        return found

    # --- days -----------------------------------------------------------------------------
    def is_working_day(self, day: date) -> bool:
        return self._cache.contains(day)

    def closed_why(self, day: date) -> str | None:
        """Why the council is shut on a weekday, in words ("a bank holiday (Christmas Day)",
        "a council closure day"), or None: a meeting arranged on such a day is almost always a
        slip (walker3's review panel on 25 December). Weekends are not asked about here."""
        if day.weekday() >= 5 or self.is_working_day(day):
            return None
        import holidays  # loaded already by the working days above

        name = holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day)
        return f"a bank holiday ({name})" if name else "a council closure day"

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (`start` itself need not be a working day).

        n = 0 gives `start` back unchanged: "0 working days after" is the same day.
        """
        if not 0 <= n <= MAX_WORKING_DAYS:
            raise OutsideCalendar(f"{n} working days: must be from 0 to {MAX_WORKING_DAYS}")
        check_in_range(start)
        if n == 0:
            return start
        return self._cache.nth_after(start, n)

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days d satisfy start < d <= end (negative if end is before start)."""
        if end < start:
            return -self.working_days_between(end, start)
        return self._cache.count_up_to(end) - self._cache.count_up_to(start)

    def next_working_day(self, day: date) -> date:
        """`day` if it is a working day, otherwise the first working day after it."""
        return day if self.is_working_day(day) else self._cache.nth_after(day, 1)

    # --- moments ----------------------------------------------------------------------------
    def local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("an aware datetime is needed")
        return moment.astimezone(self.zone)

    def local_date(self, moment: datetime) -> date:
        return self.local(moment).date()

    def is_out_of_hours(self, received_at: datetime) -> bool:
        local = self.local(received_at)
        return not (self.is_working_day(local.date()) and self.opens <= local.time() < self.closes)

    def receipt_day(self, received_at: datetime) -> date:
        """Day 0 of every deadline: today if within working hours, else the next working day."""
        local = self.local(received_at)
        if not self.is_out_of_hours(received_at):
            return local.date()
        if self.is_working_day(local.date()) and local.time() < self.opens:
            return local.date()
        return self._cache.nth_after(local.date(), 1)

    def next_working_moment(self, moment: datetime) -> datetime:
        """`moment` if inside working hours on a working day, else the next opening time."""
        if not self.is_out_of_hours(moment):
            return moment
        return self.opening_on(self.receipt_day(moment))

    def opening_on(self, day: date) -> datetime:
        return datetime.combine(day, self.opens, tzinfo=self.zone)

    def at_local_time(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self.zone)

    def moment_on(self, day: date, now: datetime) -> datetime:
        """When something staff say happened on `day` happened: now, if `day` is today; on an
        earlier day, its opening time. A letter or call logged a few days late was received
        during that day, and every deadline counts from it: today's clock time (say 18:00,
        after closing) would have moved its receipt, and the deadlines, to the next working
        day."""
        if day == self.local_date(now):
            return now
        return self.opening_on(day)


def zone_name(name: str) -> str:
    """A time zone the calendar can work in (HEARD_TIMEZONE), e.g. Europe/London."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error
    return name


def check_in_range(day: date) -> date:
    """`day`, or OutsideCalendar if the calendar holds no bank holidays for its year."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise OutsideCalendar(
            f"{day.isoformat()} is outside the working-day calendar "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})"
        )
    return day


class _WorkingDays:
    """A sorted list of working-day ordinals covering the years asked about so far."""

    def __init__(self, closure_days: frozenset[date]) -> None:
        self._closures = {day.toordinal() for day in closure_days}
        self._first_year = self._last_year = 0
        self._ordinals: list[int] = []
        self._members: set[int] = set()
        self._lock = threading.Lock()

    def _cover(self, day: date, extra_years: int = 0) -> None:
        check_in_range(day)
        if self._first_year <= day.year and day.year + extra_years < self._last_year:
            return
        with self._lock:
            first = max(
                FIRST_DAY.year, min(day.year - _SPAN_YEARS // 2, self._first_year or day.year)
            )
            last = min(
                LAST_DAY.year, max(day.year + extra_years + _SPAN_YEARS // 2, self._last_year)
            )
            if (first, last) == (self._first_year, self._last_year):
                return
            import holidays  # imported when first needed: it takes a second to load

            bank = holidays.country_holidays("GB", subdiv="ENG", years=range(first, last + 1))
            ordinals = []
            current, stop = date(first, 1, 1), date(last, 12, 31)
            while current <= stop:
                ordinal = current.toordinal()
                if current.weekday() < 5 and current not in bank and ordinal not in self._closures:
                    ordinals.append(ordinal)
                current += timedelta(days=1)
            self._ordinals, self._members = ordinals, set(ordinals)
            self._first_year, self._last_year = first, last

    def contains(self, day: date) -> bool:
        self._cover(day)
        return day.toordinal() in self._members

    def count_up_to(self, day: date) -> int:
        self._cover(day)
        return bisect_right(self._ordinals, day.toordinal())

    def nth_after(self, day: date, n: int) -> date:
        self._cover(day, extra_years=n // 200 + 1)
        index = bisect_right(self._ordinals, day.toordinal()) + n - 1
        while index >= len(self._ordinals):
            if self._last_year >= LAST_DAY.year:
                raise OutsideCalendar(
                    f"{n} working days after {day.isoformat()} is after {LAST_DAY.isoformat()}, "
                    "the end of the working-day calendar"
                )
            self._cover(date.fromordinal(self._ordinals[-1]), extra_years=n // 200 + 2)
            index = bisect_right(self._ordinals, day.toordinal()) + n - 1
        return date.fromordinal(self._ordinals[index])
