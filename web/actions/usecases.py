"""The use cases the web's forms call: casework/'s functions, the ones Slack and the CLI call,
named in one place. Nothing here decides anything; it only gathers what web/actions uses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session

from cases.enums import StageKind
from cases.lifecycle import Action, InvalidTransition, allowed_actions
from cases.procedure import ProcedureError
from cases.timescales import ExtensionRefused, stage_three_steps_closed
from casework.acknowledgement import acknowledge
from casework.assignment import UnknownAssignee, assign
from casework.attention import clear as clear_attention
from casework.closing import CloseNotConfirmed, close, closing_warning, withdraw
from casework.contacts import LoggedContact, log_contact
from casework.escalation import escalate
from casework.examples import choose_example, remove_example
from casework.extension import NoReasonForComplainant, extend
from casework.ombudsman import (
    LgscoReferenceRefused,
    lgsco_decided,
    lgsco_received,
    lgsco_replied,
    update_recommendation,
)
from casework.pauses import pause, resume
from casework.records import add_cost, add_learning, record_advocacy, update_learning
from casework.refusals import OTHER_TEAM_REFUSED, record_refusal
from casework.reopening import reopen
from casework.response import (
    NoDelayReasonForComplainant,
    NoPoint,
    NoReasonForDelay,
    RemedyInput,
    ResponseInput,
    record_reason_for_delay,
    record_response,
    reports_to_enclose,
)
from casework.service import CaseService
from casework.snooze import snooze
from casework.stage_reports import LATE_REPORT, after_the_response, attach_report
from casework.stage_three import arrange_panel, chair_report, panel_held, panel_to_arrange
from casework.time_limit import set_event_date
from casework.triage import confirm_triage
from store.cases.learning import example_of, learning_actions
from store.cases.lgsco import recommendations_of
from store.cases.queries import issues_of, numbered_issues, open_deadlines_by_id, stage_due
from store.cases.versions import ConcurrentChange
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
    steps = set(allowed_actions(replace(service.state_of(case, session), stage_overdue=overdue)))
    if case.stage == StageKind.STATUTORY_3:  # one step at a time, as the card (bot.card_data)
        running = open_deadlines_by_id(session, case_id=case.id)
        closed = stage_three_steps_closed(d.rule for d in running)
        steps = {step for step in steps if step.value not in closed}
    if case.triage_confirmed_at is None and case.status.value in ("received", "open", "not_logged"):
        steps.add(Action.CONFIRM_TRIAGE)
    return frozenset(steps)


__all__ = [
    "LATE_REPORT",
    "OTHER_TEAM_REFUSED",
    "REFUSALS",
    "CaseService",
    "CloseNotConfirmed",
    "ConcurrentChange",
    "LgscoReferenceRefused",
    "LoggedContact",
    "NoDelayReasonForComplainant",
    "NoPoint",
    "NoReasonForComplainant",
    "NoReasonForDelay",
    "ProcedureError",
    "RemedyInput",
    "ResponseInput",
    "UnknownAssignee",
    "acknowledge",
    "add_cost",
    "add_learning",
    "after_the_response",
    "arrange_panel",
    "assign",
    "attach_report",
    "chair_report",
    "choose_example",
    "clear_attention",
    "close",
    "closing_warning",
    "confirm_triage",
    "escalate",
    "example_of",
    "extend",
    "issues_of",
    "learning_actions",
    "lgsco_decided",
    "lgsco_received",
    "lgsco_replied",
    "log_contact",
    "numbered_issues",
    "panel_held",
    "panel_to_arrange",
    "pause",
    "recommendations_of",
    "record_advocacy",
    "record_reason_for_delay",
    "record_refusal",
    "record_response",
    "remove_example",
    "reopen",
    "reports_to_enclose",
    "resume",
    "set_event_date",
    "snooze",
    "update_learning",
    "update_recommendation",
    "withdraw",
]
