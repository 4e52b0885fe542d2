"""Where a deadline stands today, in working days: what a case page shows beside each one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cases.calendar import WorkingCalendar


class Standing(StrEnum):
    NO_LONGER_APPLIES = "no_longer_applies"
    MET = "met"
    MET_LATE = "met_late"
    PAUSED = "paused"
    LEFT = "left"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DeadlineStanding:
    standing: Standing
    working_days: int = 0  # left, overdue by, or late by

    def describe(self) -> str:
        days = self.working_days
        plural = "" if days == 1 else "s"
        return {
            Standing.NO_LONGER_APPLIES: "No longer applies",
            Standing.MET: "Met in time",
            Standing.MET_LATE: f"Met {days} working day{plural} late",
            Standing.PAUSED: "Paused",
            Standing.LEFT: f"{days} working day{plural} left",
            Standing.DUE_TODAY: "Due today",
            Standing.OVERDUE: f"Overdue by {days} working day{plural}",
        }[self.standing]


def standing_of(
    *,
    due: date,
    met_on: date | None,
    paused_on: date | None,
    cancelled: bool,
    today: date,
    calendar: WorkingCalendar,
) -> DeadlineStanding:
    if cancelled:
        return DeadlineStanding(Standing.NO_LONGER_APPLIES)
    if met_on is not None:
        late = calendar.working_days_between(due, met_on)
        return (
            DeadlineStanding(Standing.MET_LATE, late)
            if late > 0
            else DeadlineStanding(Standing.MET)
        )
    if paused_on is not None:
        return DeadlineStanding(Standing.PAUSED)
    left = calendar.working_days_between(today, due)
    if left > 0:
        return DeadlineStanding(Standing.LEFT, left)
    if left == 0:
        return DeadlineStanding(Standing.DUE_TODAY)
    return DeadlineStanding(Standing.OVERDUE, -left)
