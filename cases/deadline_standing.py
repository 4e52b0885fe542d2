"""Where a deadline stands today, in working days: what a case page shows beside each one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cases.calendar import WorkingCalendar
from cases.enums import DeadlineRule

# The family's time to ask for the next stage, by the stage it asks for: not the council's
# deadline, so never "overdue" (staff read that as the council's failure); open or closed.
FAMILY_WINDOWS: Mapping[str, str] = {
    DeadlineRule.STAGE_2_REQUEST: "Stage 2",
    DeadlineRule.STAGE_3_REQUEST: "Stage 3",
    DeadlineRule.CORPORATE_2_REQUEST: "Corporate stage 2",
}


def window_words(rule: str, *, until: str, left: int) -> str:
    """A family's window as staff read it on the CLI and the Slack card, `left` working days
    from today to its last day (negative once it has passed)."""
    state = (
        "window closed"
        if left < 0
        else "open: today is its last day"
        if left == 0
        else f"open: {left} working day{'' if left == 1 else 's'} left"
    )
    return f"{FAMILY_WINDOWS[rule]} could be asked for until {until} ({state})"


class Standing(StrEnum):
    NO_LONGER_APPLIES = "no_longer_applies"
    MET = "met"
    MET_LATE = "met_late"
    PAUSED = "paused"
    LEFT = "left"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    WINDOW_OPEN = "window_open"
    WINDOW_CLOSED = "window_closed"


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
            Standing.WINDOW_OPEN: (
                f"Open: {days} working day{plural} left" if days else "Open: today is its last day"
            ),
            Standing.WINDOW_CLOSED: "Window closed",
        }[self.standing]


def standing_of(
    *,
    due: date,
    met_on: date | None,
    paused_on: date | None,
    cancelled: bool,
    today: date,
    calendar: WorkingCalendar,
    family_window: bool = False,
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
    if family_window:
        return (
            DeadlineStanding(Standing.WINDOW_OPEN, left)
            if left >= 0
            else DeadlineStanding(Standing.WINDOW_CLOSED)
        )
    if left > 0:
        return DeadlineStanding(Standing.LEFT, left)
    if left == 0:
        return DeadlineStanding(Standing.DUE_TODAY)
    return DeadlineStanding(Standing.OVERDUE, -left)
