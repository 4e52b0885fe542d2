"""The use cases the web's forms call: the same functions Slack and the CLI call, imported in
one place. Nothing here decides anything; it only names what web/actions uses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session

from cases.lifecycle import Action, InvalidTransition, allowed_actions
from cases.procedure import ProcedureError
from cases.timescales import ExtensionRefused
from store.cases import actions, pauses
from store.cases.actions import (
    LoggedContact,
    RemedyInput,
    ResponseInput,
    numbered_issues,
)
from store.cases.queries import stage_due
from store.cases.service import CaseService, ConcurrentChange
from store.models import Case

REFUSALS = (InvalidTransition, ProcedureError, ExtensionRefused)


def steps_allowed(
    service: CaseService, session: Session, case: Case, *, today: date
) -> frozenset[Action]:
    """The steps to offer now, as Slack's card offers them (bot/card_data.py): the lifecycle's,
    with an overdue stage open to escalation, and triage to confirm until someone has."""
    assert case.id is not None
    due = stage_due(session, case_id=case.id)
    overdue = due is not None and due.effective_due < today
    steps = set(allowed_actions(replace(service._state(case, session), stage_overdue=overdue)))
    if case.triage_confirmed_at is None and case.status.value in ("received", "open", "not_logged"):
        steps.add(Action.CONFIRM_TRIAGE)
    return frozenset(steps)


acknowledge = actions.acknowledge
assign = actions.assign
extend = actions.extend
record_response = actions.record_response
escalate = actions.escalate
panel_held = actions.panel_held
chair_report = actions.chair_report
close = actions.close
withdraw = actions.withdraw
record_reason_for_delay = actions.record_reason_for_delay
log_contact = actions.log_contact
record_refusal = actions.record_refusal
event_date = actions.event_date
pause = pauses.pause
resume = pauses.resume

__all__ = [
    "REFUSALS",
    "CaseService",
    "ConcurrentChange",
    "LoggedContact",
    "RemedyInput",
    "ResponseInput",
    "allowed_actions",
    "numbered_issues",
]
