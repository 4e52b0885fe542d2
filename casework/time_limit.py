"""The 12-month time limit from the day staff give for the event complained of, or for the
complainant's awareness of it (docs/domain.md, Timescales: "12 months from the event or
awareness"). Setting it reads the limit again, as triage does when a contact carries the date
(triage/time_limit.py): the case's out-of-time flag follows, and the audit log says which."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from cases.day_words import long_date
from cases.permissions import StaffAction
from cases.timescales import time_limit_expired
from casework.finished import refuse_if_finished
from casework.service import CaseService, raise_invalid, snapshot
from store.models import Case

# Events a living complainant can remember: historic complaints (an adult about their own
# childhood in care) go back decades, a century does not.
EARLIEST_EVENT_YEARS = 100


def earliest_event_on(received: date) -> date:
    """The earliest event or awareness date a complaint received on `received` may carry."""
    try:
        return received.replace(year=received.year - EARLIEST_EVENT_YEARS)
    except ValueError:  # 29 February, a century before a year that has none
        return received.replace(year=received.year - EARLIEST_EVENT_YEARS, day=28)


def set_event_date(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    event_on: date,
    actor: Actor,
    reason: str | None = None,
) -> Case:
    """The event (or awareness) date: not after the complaint arrived, and not more than a
    lifetime before it (1900-01-01 is a slip of the keyboard, not a complainant's memory).
    A closed or withdrawn case takes none (casework.finished), at every door."""
    refuse_if_finished(session, case, StaffAction.EVENT_DATE, what="an event date")
    received = service.arrived_on(case)
    earliest = earliest_event_on(received)
    if event_on < earliest:
        raise_invalid(
            case,
            f"give an event date more than {EARLIEST_EVENT_YEARS} years before the complaint "
            f"arrived ({received.isoformat()}): give one on or after {earliest.isoformat()}",
        )
    if event_on > received:
        raise_invalid(
            case,
            f"give an event date after the complaint arrived ({received.isoformat()}): the "
            "event or awareness comes first",
        )
    before = snapshot(case)
    case.event_on = event_on
    case.out_of_time = time_limit_expired(event_or_awareness_on=event_on, received_on=received)
    verdict = (
        "over 12 months before the complaint: the council must weigh its discretion"
        if case.out_of_time
        else "within 12 months"
    )
    why = f"event or awareness {long_date(event_on)}: {verdict}"
    if reason and reason.strip():
        why = f"{why} ({reason.strip()[:300]})"
    service.record(session, case, action=Note.EVENT_DATE, actor=actor, before=before, reason=why)
    return case
