"""Extending a stage's deadline: with the complainant's agreement, or, under the Ombudsman's
Complaint Handling Code, once, with the reason the complainant is told."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from cases.actor import Actor
from cases.enums import DeadlineRule
from cases.lifecycle import Action, InvalidTransition, apply
from cases.text_limits import REASON_MAX
from cases.timescales import Deadline as ComputedDeadline
from cases.timescales import extend_code_deadline, extend_deadline
from casework.service import CaseService, raise_invalid, raise_refused, refuse_too_long
from casework.stages import code_acknowledgement, response_deadline, running_stage
from store import deadlines
from store.models import Case


class NoReasonForComplainant(InvalidTransition):
    """Refused: not agreed, and no reason the complainant would read. Typed so that each
    adapter can put it where staff type that reason (the web form's field, the CLI's option)."""


def extend(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    new_due: date,
    reason: str,
    agreed_on: date | None,
    actor: Actor,
    today: date | None = None,
    reason_for_complainant: str | None = None,
) -> Case:
    """Extend the running stage's deadline with the complainant's agreement, given on or before
    the original due date (at statutory stage 2, up to 65 working days, the reason alone: the
    complainant is told by the extension letter); under the Complaint Handling Code once, after the acknowledgement,
    agreed or not; refused past the maximum (ExtensionRefused).

    `reason` is internal (the audit trail, staff's view); the extension letter quotes only
    `reason_for_complainant`, which is needed when the complainant did not agree (they must
    be told why)."""
    refuse_too_long(case, reason, limit=REASON_MAX, what="The internal reason", field="reason")
    refuse_too_long(case, reason_for_complainant, limit=REASON_MAX,
                    what="The reason for the complainant", field="reason_for_complainant")  # fmt: skip
    apply(service.state_of(case, session), Action.EXTEND)  # the lifecycle's words first
    stage = running_stage(service, session, case)
    deadline = response_deadline(session, stage)
    if deadline is None or deadline.met_on is not None:
        raise_invalid(case, "extend: the stage has no open deadline")
    if agreed_on is not None and today is not None:
        service.event_date(case, agreed_on, today=today, what="the agreement date")
    current = ComputedDeadline(
        rule=DeadlineRule(deadline.rule),
        start=deadline.start_on,
        due=deadline.effective_due,
        maximum=deadline.maximum_on,
    )
    under_code = code_acknowledgement(session, stage)
    if under_code is not None:
        # The Code asks for no agreement: the complainant is told the new date and why (the
        # extension letter), and a stage is extended once.
        extended = extend_code_deadline(
            current,
            new_due=new_due,
            reason=reason,
            extended_before=deadline.extended_to is not None,
            acknowledged=under_code.met_on is not None,
            calendar=service.calendar,
        )
    else:
        extended = extend_deadline(
            current,
            new_due=new_due,
            reason=reason,
            agreed_on=agreed_on,
            calendar=service.calendar,
            original_due=deadline.due_on,
        )
    # Checked after the procedure's own refusals, which say more (not agreed, past the maximum).
    told = (reason_for_complainant or "").strip()[:1000] or None
    if agreed_on is None and told is None:
        raise_refused(
            case,
            "without the complainant's agreement, give the reason for the complainant as they "
            "will read it (the letter tells them why)",
            refusal=NoReasonForComplainant,
        )

    def changes() -> None:
        deadline.extended_to = extended.due
        deadline.extension_reason = reason[:1000]
        deadline.extension_reason_for_complainant = told
        deadline.extension_agreed_on = agreed_on
        deadline.extended_by = str(actor)
        session.add(deadline)
        deadlines.notify(session, deadline, service.deadline_listeners)

    return service.transition(
        session,
        case=case,
        action=Action.EXTEND,
        actor=actor,
        reason=f"extended to {new_due:%-d %B %Y}: {reason}",
        changes=changes,
    )
