"""The clocks of the data protection records (UK GDPR; Data (Use and Access) Act 2025).

A subject access request is answered within one month of receipt (day 0 is the day it
arrived; the same date next month, or that month's last day when it has no such date), or
within three months when it is complex (an extension of two months, told to the requester).
A limit that falls on a weekend or a bank holiday runs to the next working day (the ICO's
guidance on time limits); the council's own closure days never give it longer.
The clock stops while the council waits for proof of identity or for clarification, and starts
again for the days that were left: the limit is the month from receipt plus every day stopped,
rolled to a working day once, at the end (a limit already rolled is never moved and rolled again,
which could give days the law does not). A complaint about the council's handling of personal data
(from 19 June 2026) is acknowledged within 30 days.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from cases.calendar import WorkingCalendar
from cases.enums import DeadlineRule, RecordKind

DATA_PROTECTION_KINDS = frozenset(
    {RecordKind.SUBJECT_ACCESS_REQUEST, RecordKind.DATA_PROTECTION_COMPLAINT}
)
ACKNOWLEDGE_WITHIN_DAYS = 30


@dataclass(frozen=True)
class Clock:
    rule: DeadlineRule
    start: date
    due: date
    maximum: date | None  # the latest it may be extended to (a complex request)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def answer_day(day: date, calendar: WorkingCalendar) -> date:
    """`day`, or the next working day when it falls on a weekend or a bank holiday."""
    return calendar.without_closures().next_working_day(day)


def clock_for(
    kind: RecordKind, *, received_on: date, calendar: WorkingCalendar, stopped: int = 0
) -> Clock:
    """The record's clock; for a request whose clock has stopped, `stopped` is every day it did
    not run, added to the calendar limits before they are rolled to a working day."""
    if kind == RecordKind.SUBJECT_ACCESS_REQUEST:
        pause = timedelta(days=stopped)
        return Clock(
            DeadlineRule.SUBJECT_ACCESS,
            received_on,
            answer_day(add_months(received_on, 1) + pause, calendar),
            answer_day(add_months(received_on, 3) + pause, calendar),
        )
    if kind == RecordKind.DATA_PROTECTION_COMPLAINT:
        return Clock(
            DeadlineRule.DATA_PROTECTION_ACKNOWLEDGEMENT,
            received_on,
            received_on + timedelta(days=ACKNOWLEDGE_WITHIN_DAYS),
            None,
        )
    raise ValueError(f"{kind.value} is not a data protection record")


def stopped_days(*, stopped_on: date, restarted_on: date) -> int:
    """The days the clock did not run: from the day it stopped to the day before it restarted."""
    if restarted_on < stopped_on:
        raise ValueError("the clock restarts before it stopped")
    return (restarted_on - stopped_on).days
