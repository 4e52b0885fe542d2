"""Reopening a closed case: the family asks for the next stage after staff closed it (their
reply is acknowledged by intake/ended_case.py, which decides nothing), or it was closed by
mistake. Staff say why and from which day; no letter goes (staff write what happens next).

A complaint goes back to RESPONDED, so its next step can be taken: the next stage (its clock
starts on the day the request came, as for any escalation), the Ombudsman, or closing again.
No clock restarts: the stage's window for asking for the next stage keeps the dates it had
(escalation reads it, cancelled or not), so a request after it still needs the reason for
using discretion.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from cases.actor import Actor
from cases.lifecycle import Action
from casework.service import CaseService, raise_invalid, raise_refused
from store.models import Case

REASON_MAX = 1000


def reopen(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    actor: Actor,
    reason: str,
    on: date,
    today: date,
) -> Case:
    """Reopen `case` from `on` (the day the family asked, or today): not before the day it
    closed, not in the future. The audit entry keeps who, when, why and both days."""
    why = (reason or "").strip()
    if not why:
        raise_invalid(case, "reopen without a reason (--reason)")
    service.event_date(case, on, today=today, what="the reopening date")
    closed_on = service.calendar.local_date(case.closed_at) if case.closed_at else None
    if closed_on is not None and on < closed_on:
        raise_refused(
            case,
            f"the reopening date {on.isoformat()} is before the case was closed "
            f"({closed_on.isoformat()})",
        )

    def changes() -> None:
        case.closed_at = None

    return service.transition(
        session,
        case=case,
        action=Action.REOPEN,
        actor=actor,
        reason=why[:REASON_MAX],
        changes=changes,
        extra=(
            {"closed_on": closed_on.isoformat() if closed_on else None},
            {"reopened_on": on.isoformat()},
        ),
    )
