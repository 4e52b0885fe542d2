"""Escalating to the next stage: what a request is judged against, and opening the stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from cases.actor import Actor
from cases.enums import DeadlineRule, Timeliness
from cases.lifecycle import Action, next_stage
from cases.procedure import EscalationCheck, ProcedureError, check_escalation
from cases.timescales import escalation_request_rule
from casework.service import CaseService, case_id, raise_invalid
from casework.stages import meet_open, response_deadline
from store import deadlines
from store.cases.queries import latest_deadline
from store.models import Case, Stage


@dataclass(frozen=True)
class EscalationFacts:
    """What a request for the next stage is judged against (`check`), so a form can say what is
    missing before anything changes."""

    stage: Stage
    responded: bool
    stage_due: date | None  # the current stage's response deadline, as extended
    request_due: date | None  # the last day to ask for the next stage, after a response
    request_rule: DeadlineRule | None

    def check(self, *, requested_on: date, reason: str | None) -> EscalationCheck:
        """The procedure's rule (ProcedureError if the request cannot be accepted)."""
        return check_escalation(
            stage=self.stage.kind,
            responded=self.responded,
            stage_due=self.stage_due,
            request_due=self.request_due,
            requested_on=requested_on,
            reason=reason,
        )


def escalation_facts(service: CaseService, session: Session, case: Case) -> EscalationFacts | None:
    """None when no stage has run."""
    current = service.current_stage(session, case)
    if current is None:
        return None
    responded = current.responded_on is not None
    stage_deadline = response_deadline(session, current)
    request_rule = escalation_request_rule(current.kind)
    request_deadline = (
        deadlines.stage_deadline(session, stage=current, rule=request_rule)
        if request_rule and responded
        else None
    )
    if request_deadline is None and request_rule and responded:
        request_deadline = latest_deadline(session, case_id=case_id(case), rule=request_rule)
    return EscalationFacts(
        stage=current,
        responded=responded,
        stage_due=stage_deadline.effective_due if stage_deadline else None,
        request_due=request_deadline.effective_due if request_deadline else None,
        request_rule=request_rule,
    )


def escalate(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    requested_on: date,
    actor: Actor,
    reason: str | None = None,
    today: date | None = None,
) -> Case:
    """Open the next stage; its clock starts on the day the request was received.

    Allowed after a response (a late request only with the reason for discretion), on a stage
    left unanswered past its due date, or early for a historic or serious stage 1 that staff
    agree should go to stage 2 (who and why are recorded on the new stage).
    """
    facts = escalation_facts(service, session, case)
    if facts is None:
        raise_invalid(case, "escalate: no stage has run")
    current, responded, request_rule = facts.stage, facts.responded, facts.request_rule
    if today is not None:
        service.event_date(case, requested_on, today=today, what="the request date")
    try:
        check = facts.check(requested_on=requested_on, reason=reason)
    except ProcedureError as error:
        raise_invalid(case, f"escalate: {error}")
    following = next_stage(current.kind, case.route)

    def changes() -> None:
        if not responded:
            current.superseded_on = requested_on
            if not check.early_start:
                current.timeliness = Timeliness.LATE
            session.add(current)
            for deadline in deadlines.open_deadlines(session, case_id=case_id(case)):
                if deadline.stage_id == current.id:
                    deadline.cancelled = True
                    session.add(deadline)
                    deadlines.notify(session, deadline, service.deadline_listeners)
        elif request_rule is not None:
            meet_open(service, session, case, [request_rule], requested_on)
        # The new stage exists before the change is recorded, so its listeners (the letter
        # saying the request is accepted and by when it is answered) see it.
        assert following is not None  # the lifecycle refused the escalation otherwise
        stage = service.start_stage(session, case, following, start=requested_on)
        stage.requested_on = requested_on
        stage.opened_by = str(actor)
        stage.request_late = check.late
        if check.early_start:
            stage.open_reason = f"started early (historic or serious): {reason}"
        elif check.skipped_unanswered:
            stage.open_reason = f"{current.kind.label} was not answered by its due date"
        elif check.late:
            stage.open_reason = f"late request accepted: {reason}"
        session.add(stage)
        session.flush()

    service.transition(
        session,
        case=case,
        action=Action.ESCALATE,
        actor=actor,
        reason=reason,
        start_stage=following,
        changes=changes,
        stage_overdue=check.skipped_unanswered and not check.early_start,
    )
    return case
