"""`heard demo seed`'s advocacy offers: a child or young person complaining is owed an offer of
an advocate, and the made-up year records what staff did about it, so the report's table of
advocacy offers has rows, as a council's has.

Chosen by the case's id, never the random generator `cli.demo_data` draws from, so that every
other made-up figure stays as it was."""

from __future__ import annotations

from datetime import date
from typing import Any

from cases.calendar import WorkingCalendar
from cases.enums import AdvocacyStatus

# The services the seeds name (002: Coram Voice and NYAS).
SERVICES = ("Coram Voice", "NYAS")
# Of every three offers owed, two are recorded; what came of them, in turn (an offer stays open
# only until the child decides, a few working days).
OUTCOMES = (AdvocacyStatus.TAKEN_UP, AdvocacyStatus.DECLINED, AdvocacyStatus.TAKEN_UP)


def advocacy_offer(
    case_id: int, *, receipt_day: date, today: date, calendar: WorkingCalendar
) -> dict[str, Any] | None:
    """The advocacy row for a complaint owed an offer, or None when staff recorded none (one
    in three) or the day it would be made has not come."""
    if case_id % 3 == 0:
        return None
    offered_on = calendar.add_working_days(receipt_day, 1 + case_id % 2)
    if offered_on > today:
        return None
    decided_on = calendar.add_working_days(offered_on, 3 + case_id % 5)
    status = OUTCOMES[case_id // 3 % len(OUTCOMES)]
    if decided_on > today:
        status = AdvocacyStatus.OFFERED
    return {
        "case_id": case_id,
        "status": status.value,
        "offered_on": offered_on,
        "decided_on": None if status == AdvocacyStatus.OFFERED else decided_on,
        "organisation": SERVICES[case_id // 2 % len(SERVICES)],
        "recorded_by": "demo",
    }
