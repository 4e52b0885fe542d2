"""Acknowledging a complaint: the complaints acknowledgement deadline is met that day."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from cases.actor import Actor
from cases.enums import DeadlineRule
from cases.lifecycle import Action
from casework.service import CaseService
from casework.stages import meet_open
from store.models import Case


def acknowledge(
    service: CaseService, session: Session, *, case: Case, actor: Actor, now: datetime
) -> Case:
    def changes() -> None:
        case.acknowledged_at, case.acknowledged_by = now, str(actor)
        meet_open(
            service, session, case, [DeadlineRule.ACKNOWLEDGEMENT], service.calendar.local_date(now)
        )

    return service.transition(
        session, case=case, action=Action.ACKNOWLEDGE, actor=actor, changes=changes
    )
