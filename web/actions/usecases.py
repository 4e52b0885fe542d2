"""The use cases the web's forms call: the same functions Slack and the CLI call, imported in
one place. Nothing here decides anything; it only names what web/actions uses."""

from __future__ import annotations

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
from store.cases.service import CaseService, ConcurrentChange
from store.models import Case

REFUSALS = (InvalidTransition, ProcedureError, ExtensionRefused)


def steps_allowed(service: CaseService, session: Session, case: Case) -> frozenset[Action]:
    """The lifecycle steps the case allows now, as the service itself will judge them."""
    return allowed_actions(service._state(case, session))


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
