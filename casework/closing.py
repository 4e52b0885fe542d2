"""Ending a case: closing it after its response (or a compliment, comment or enquiry once
answered), or the complainant withdrawing it at any point. Its open clocks are cancelled and
their ids kept in the audit entry (ENDED_CLOCKS), so that reopening it (casework.reopening)
restores those clocks, and their reminders, and no other."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from cases.actor import Actor
from cases.closing import REQUEST_WINDOWS, close_warning
from cases.enums import DeadlineRule, Outcome
from cases.lifecycle import Action, InvalidTransition
from casework.pauses import end_pause
from casework.service import CaseService, case_id, raise_refused
from store import deadlines
from store.cases.pauses import current_pause
from store.models import Case, Stage


class CloseNotConfirmed(InvalidTransition):
    """Refused: closing while the complainant may still ask for the next stage, unconfirmed.
    Typed so each door asks in its own way (the web form's box, Slack's dialog, the CLI's
    --confirm)."""


ENDED_CLOCKS = "cancelled_deadlines"  # the audit entry's key for the clocks ending cancelled
PAUSED_DAYS = "paused_working_days"  # and for the working days a pause it ended had stopped


def close(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    actor: Actor,
    now: datetime,
    reason: str | None = None,
    confirmed: bool = False,
) -> Case:
    """`confirmed`: staff were told what closing means while the complainant may still ask
    for the next stage (closing_warning) and chose to close."""
    warning = closing_warning(session, case, today=service.calendar.local_date(now))
    if warning is not None and not confirmed:
        raise_refused(case, warning, refusal=CloseNotConfirmed)
    ended: dict[str, Any] = {}
    stage = service.current_stage(session, case)

    def changes() -> None:
        _end_any_pause(service, session, case, stage, actor=actor, now=now, ended=ended)
        case.closed_at = now
        ended[ENDED_CLOCKS] = deadlines.cancel_all(
            session, case_id=case_id(case), listeners=service.deadline_listeners
        )

    return service.transition(
        session, case=case, action=Action.CLOSE, actor=actor, reason=reason, changes=changes,
        extra=({}, ended),
    )  # fmt: skip


def closing_warning(session: Session, case: Case, *, today: date) -> str | None:
    """What closing means now, if the complainant may still ask for the next stage (a request
    window a response opened runs to today or later); None if nothing is lost by closing."""
    if case.id is None:
        return None
    windows = [
        (window.extended_to or window.due_on, DeadlineRule(window.rule))
        for window in deadlines.open_deadlines(session, case_id=case.id, rules=REQUEST_WINDOWS)
    ]
    running = [(ask_by, rule) for ask_by, rule in windows if ask_by >= today]
    if not running:
        return None
    ask_by, rule = max(running)
    return close_warning(next_stage=REQUEST_WINDOWS[rule], ask_by=ask_by)


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
        _end_any_pause(service, session, case, stage, actor=actor, now=now, ended=ended)
        case.closed_at = now
        ended[ENDED_CLOCKS] = deadlines.cancel_all(
            session, case_id=case_id(case), listeners=service.deadline_listeners
        )

    return service.transition(
        session, case=case, action=Action.WITHDRAW, actor=actor, reason=reason, changes=changes,
        extra=({}, ended),
    )  # fmt: skip


def _end_any_pause(
    service: CaseService,
    session: Session,
    case: Case,
    stage: Stage | None,
    *,
    actor: Actor,
    now: datetime,
    ended: dict[str, Any],
) -> None:
    """A case ended while paused ends its pause the day it ends: the clocks it cancels are then
    not left paused for a reopening to restore, and the days paused are counted as a resume
    counts them (kept in the ending's audit entry)."""
    row = current_pause(session, case) if case.paused_on is not None else None
    if row is None:
        case.paused_on = None
        return
    on = max(row.paused_on, service.calendar.local_date(now))
    running = stage if stage is not None and stage.responded_on is None else None
    ended[PAUSED_DAYS] = end_pause(
        service, session, case=case, row=row, on=on, actor=actor, running=running
    )
