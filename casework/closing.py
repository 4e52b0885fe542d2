"""Ending a case: closing it after its response (or a compliment, comment or enquiry once
answered), or the complainant withdrawing it at any point."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from cases.actor import Actor
from cases.enums import Outcome
from cases.lifecycle import Action
from casework.service import CaseService, case_id
from store import deadlines
from store.models import Case


def close(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    actor: Actor,
    now: datetime,
    reason: str | None = None,
) -> Case:
    def changes() -> None:
        case.closed_at = now
        case.paused_on = None
        deadlines.cancel_all(session, case_id=case_id(case), listeners=service.deadline_listeners)

    return service.transition(
        session, case=case, action=Action.CLOSE, actor=actor, reason=reason, changes=changes
    )


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

    def changes() -> None:
        if stage is not None and stage.responded_on is None:
            stage.outcome = Outcome.WITHDRAWN
            session.add(stage)
        case.closed_at = now
        case.paused_on = None
        deadlines.cancel_all(session, case_id=case_id(case), listeners=service.deadline_listeners)

    return service.transition(
        session, case=case, action=Action.WITHDRAW, actor=actor, reason=reason, changes=changes
    )
