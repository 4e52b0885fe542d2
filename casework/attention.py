"""Asking staff to look at a case (a stranger quoting a reference, mail that could not be
read, a bounce of our letter)."""

from __future__ import annotations

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from casework.service import CaseService, snapshot
from store.models import Case


def flag(service: CaseService, session: Session, *, case: Case, actor: Actor, why: str) -> Case:
    """Reasons add up rather than replace each other."""
    before = snapshot(case)
    reasons = [case.attention_reason] if case.needs_attention and case.attention_reason else []
    if why not in reasons:
        reasons.append(why)
    case.needs_attention = True
    case.attention_reason = "; ".join(reasons)[:300]
    service.record(session, case, action=Note.FLAGGED, actor=actor, before=before, reason=why)
    return case
