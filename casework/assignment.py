"""Assigning a case to the member of staff who will answer it."""

from __future__ import annotations

from sqlmodel import Session

from cases.actor import Actor
from cases.lifecycle import Action
from casework.service import CaseService
from store.models import Case


def assign(
    service: CaseService, session: Session, *, case: Case, assignee: str, actor: Actor
) -> Case:
    def changes() -> None:
        case.assignee = assignee

    return service.transition(
        session, case=case, action=Action.ASSIGN, actor=actor, changes=changes, reason=assignee
    )
