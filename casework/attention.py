"""Asking staff to look at a case (a stranger quoting a reference, mail that could not be
read, a bounce of our letter), and a member of staff saying it has been looked at."""

from __future__ import annotations

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from casework.service import CaseService, raise_invalid, snapshot
from store.models import Case


def flag(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    actor: Actor,
    why: str,
    note: Note = Note.FLAGGED,
) -> Case:
    """`note`: what the audit log and the listeners hear it as; a threat to staff
    (Note.STAFF_THREAT) is told to the team's manager as well (outbound.staff_alert)."""
    before = snapshot(case)
    add_reason(case, why)
    service.record(session, case, action=note, actor=actor, before=before, reason=why)
    return case


def add_reason(case: Case, why: str) -> None:
    """Reasons add up rather than replace each other (also for a listener that flags the case
    inside the change it hears of: outbound.letters, for a letter it could not send)."""
    reasons = [case.attention_reason] if case.needs_attention and case.attention_reason else []
    if why not in reasons:
        reasons.append(why)
    case.needs_attention = True
    case.attention_reason = "; ".join(reasons)[:300]


REASON_MAX = 300


def clear(service: CaseService, session: Session, *, case: Case, actor: Actor, reason: str) -> Case:
    """A member of staff looked: the flag clears, with their reason (what they did or why
    nothing needs doing) in the audit log beside what the flag said."""
    if not case.needs_attention:
        raise_invalid(case, "clear the attention flag: nothing is waiting for a person to look")
    why = reason.strip()
    if not why:
        raise_invalid(case, "clear the attention flag without a reason (--reason)")
    before = snapshot(case)
    flagged = case.attention_reason or "needs attention"
    case.needs_attention, case.attention_reason = False, None
    service.record(
        session,
        case,
        action=Note.ATTENTION_CLEARED,
        actor=actor,
        before=before,
        reason=f"{why[:REASON_MAX]} (was: {flagged})",
    )
    return case
