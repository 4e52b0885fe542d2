"""Reopening an ended case: the family asks for the next stage after staff closed it (their
reply is acknowledged by intake/ended_case.py, which decides nothing), a family that withdrew
comes back, or it was closed by mistake. Staff say why and from which day; no letter goes
(staff write what happens next).

A closed complaint goes back to RESPONDED, so its next step can be taken: the next stage (its
clock starts on the day the request came, as for any escalation), the Ombudsman, or closing
again. A withdrawn one resumes where the family left it, as the statutory guidance has it for a
complainant who withdrew and comes back within a reasonable time (what is reasonable is the
council's judgement: staff say why in the reason): a stage still unanswered runs again with
the working days it had left, an answered one is RESPONDED, a contact withdrawn before triage
is RECEIVED again.

The clocks the case had open when it ended (kept in that audit entry, casework.closing) are
restored, and with them their reminders and digest lines, and no other. They keep their dates,
with one exception: a withdrawn case's clocks for the council's own work (an unanswered stage,
an acknowledgement not yet sent) move on by the working days it was withdrawn, as a pause's do
(cases.procedure.paused_working_days, each in its own clock's calendar), so the council has the
days it had when the family stopped it, no fewer and no more. The family's own windows (asking
for the next stage) never move: a request after one still needs the reason for discretion.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from cases.actor import Actor
from cases.deadline_standing import FAMILY_WINDOWS
from cases.enums import CaseStatus, DeadlineRule, Outcome
from cases.lifecycle import Action
from cases.procedure import paused_working_days
from cases.timescales import calendar_for, stage_rule
from casework.closing import ENDED_CLOCKS
from casework.pauses import move_on
from casework.service import CaseService, raise_invalid, raise_refused
from store import audit, deadlines
from store.cases.queries import latest_stage
from store.models import Case, Deadline

REASON_MAX = 1000
# The family's own time to ask for the next stage: never moved by a reopening.
WINDOWS = frozenset(FAMILY_WINDOWS)


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
    ended, not in the future. The audit entry keeps who, when, why, both days, the clocks it
    restored and the working days a withdrawn stage was away."""
    why = (reason or "").strip()
    if not why:
        raise_invalid(case, "reopen without a reason (--reason)")
    service.event_date(case, on, today=today, what="the reopening date")
    withdrawn = case.status == CaseStatus.WITHDRAWN
    ended = "withdrawn" if withdrawn else "closed"
    ended_on = service.calendar.local_date(case.closed_at) if case.closed_at else None
    if ended_on is not None and on < ended_on:
        raise_refused(
            case,
            f"the reopening date {on.isoformat()} is before the case was {ended} "
            f"({ended_on.isoformat()})",
        )
    stage = service.current_stage(session, case)
    resumed = stage if withdrawn and stage is not None and stage.responded_on is None else None
    clocks = _ended_clocks(session, case)

    def away(rule: DeadlineRule) -> int:
        """Working days the case was withdrawn, as `rule`'s clock counts them."""
        if not withdrawn or ended_on is None or rule in WINDOWS:
            return 0
        return paused_working_days(
            paused_on=ended_on, resumed_on=on, calendar=calendar_for(rule, service.calendar)
        )

    moved: dict[str, int] = {}

    def changes() -> None:
        case.closed_at = None
        for deadline in clocks:
            rule = DeadlineRule(deadline.rule)
            days = away(rule)
            deadline.cancelled = False
            if days:
                move_on(deadline, days, calendar=calendar_for(rule, service.calendar))
                moved[deadline.rule] = days
            session.add(deadline)
            deadlines.notify(session, deadline, service.deadline_listeners)
        if resumed is not None:
            if resumed.outcome == Outcome.WITHDRAWN:
                resumed.outcome = None
            resumed.paused_working_days += away(stage_rule(resumed.kind))
            session.add(resumed)

    after: dict[str, Any] = {
        "reopened_on": on.isoformat(),
        "restored_deadlines": [deadline.rule for deadline in clocks],
    }
    if withdrawn:
        after["working_days_withdrawn"] = moved
    return service.transition(
        session,
        case=case,
        action=Action.REOPEN,
        actor=actor,
        reason=why[:REASON_MAX],
        changes=changes,
        extra=({f"{ended}_on": ended_on.isoformat() if ended_on else None}, after),
    )


def _ended_clocks(session: Session, case: Case) -> list[Deadline]:
    """The clocks that were open when the case ended, as its audit entry kept them. A case
    ended before heard kept them: its latest stage's clocks cancelled and never met."""
    assert case.id is not None
    entry = audit.latest(session, case_id=case.id, actions=(Action.CLOSE, Action.WITHDRAW))
    kept = (entry.after or {}).get(ENDED_CLOCKS) if entry is not None else None
    if isinstance(kept, list):
        return deadlines.cancelled_of(session, case_id=case.id, ids=kept)
    stage = latest_stage(session, case_id=case.id)
    clocks = deadlines.of_stage(session, stage=stage) if stage is not None else []
    return [row for row in clocks if row.cancelled and row.met_on is None]
