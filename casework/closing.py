"""Ending a case: closing it after its response (or a compliment, comment or enquiry once
answered), or the complainant withdrawing it at any point. Its open clocks are cancelled and
their ids kept in the audit entry (ENDED_CLOCKS), so that reopening it (casework.reopening)
restores those clocks, and their reminders, and no other."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from cases.actor import Actor
from cases.enums import Outcome
from cases.lifecycle import Action
from casework.service import CaseService, case_id
from store import deadlines
from store.models import Case

ENDED_CLOCKS = "cancelled_deadlines"  # the audit entry's key for the clocks ending cancelled


def close(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    actor: Actor,
    now: datetime,
    reason: str | None = None,
) -> Case:
    ended: dict[str, Any] = {}

    def changes() -> None:
        case.closed_at = now
        case.paused_on = None
        ended[ENDED_CLOCKS] = deadlines.cancel_all(
            session, case_id=case_id(case), listeners=service.deadline_listeners
        )

    return service.transition(
        session, case=case, action=Action.CLOSE, actor=actor, reason=reason, changes=changes,
        extra=({}, ended),
    )  # fmt: skip


def withdraw(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    actor: Actor,
    now: datetime,
    reason: str | None = None,
) -> Case:
    stage = service.current_stage(session, case)
    ended: dict[str, Any] = {}

    def changes() -> None:
        if stage is not None and stage.responded_on is None:
            stage.outcome = Outcome.WITHDRAWN
            session.add(stage)
        case.closed_at = now
        case.paused_on = None
        ended[ENDED_CLOCKS] = deadlines.cancel_all(
            session, case_id=case_id(case), listeners=service.deadline_listeners
        )

    return service.transition(
        session, case=case, action=Action.WITHDRAW, actor=actor, reason=reason, changes=changes,
        extra=({}, ended),
    )  # fmt: skip
