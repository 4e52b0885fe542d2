"""Whether a stage 3 review panel's day is, or was, outside its timescale (30 working days from
the stage 3 request), in the words every door shows: the Slack card, the web case page and
`heard cases show`. One function, so that the three say the same thing (walkerJ: a panel
confirmed late on 1 June 2027 left the card saying only that the response was due in January).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cases.calendar import WorkingCalendar
from cases.day_words import long_date, working_days
from cases.enums import DeadlineRule
from cases.timescales import calendar_for


@dataclass(frozen=True)
class PanelClock:
    """The panel's clock and the day it stands on: held (`held`), arranged, or neither yet."""

    requested_on: date  # the clock's day 0: the stage 3 request
    due: date  # the day the panel is due by (an extended or resumed one, if so)
    panel_on: date | None  # the day it met, or the day the complainant was told it meets
    held: bool
    # the day the chaser says it is still to be arranged (HEARD_PANEL_WARNING_WORKING_DAYS
    # before it is due), from which the card and the case page say so too; None: no warning
    warn_from: date | None = None


def panel_timing_words(clock: PanelClock, *, today: date, calendar: WorkingCalendar) -> str | None:
    """A sentence when the panel met, or is to meet, after its deadline, or has not been
    arranged though the deadline has passed or is near (from `warn_from`); None while it
    stands within the timescale. The
    working days are counted as the clock counts them (a statutory clock: closure days are
    working days, cases.timescales.calendar_for)."""
    days = calendar_for(DeadlineRule.STAGE_3_PANEL, calendar)
    timescale = days.working_days_between(clock.requested_on, clock.due)
    if clock.panel_on is None:
        if clock.warn_from is not None and clock.warn_from <= today <= clock.due:
            left = days.working_days_between(today, clock.due)
            when = f"{working_days(left)} from today" if left else "today"
            return f"Review panel not yet arranged: it must meet by {long_date(clock.due)} ({when})"
        if today <= clock.due:
            return None
        return (
            f"Review panel not yet arranged: it was due by {long_date(clock.due)}, "
            f"{working_days(timescale)} after the stage 3 request, and "
            f"{working_days(days.working_days_between(clock.due, today))} have passed since"
        )
    if clock.panel_on <= clock.due:
        return None
    what = "held" if clock.held else "arranged for"
    taken = days.working_days_between(clock.requested_on, clock.panel_on)
    past = days.working_days_between(clock.due, clock.panel_on)
    return (
        f"Review panel {what} {long_date(clock.panel_on)}, outside the timescale: "
        f"{working_days(taken)} after the stage 3 request, {working_days(past)} after it was "
        f"due by {long_date(clock.due)} ({working_days(timescale)} from the request)"
    )
