"""Refusals: someone without the role tried an action."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from cases.actor import Actor
from cases.enums import AuditAction
from store import audit
from store.cases.queries import get_case


def record_refusal(
    session: Session, *, reference: str | None, actor: Actor, what: str, now: datetime
) -> None:
    """Someone without the role tried an action: kept in the audit log, the case unchanged."""
    case = get_case(session, reference=reference) if reference else None
    audit.record(
        session,
        case_id=case.id if case else None,
        actor=actor,
        action=AuditAction.REFUSED,
        reason=f"{what}: no role",
        at=now,
    )
