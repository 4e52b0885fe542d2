"""What the stage actions share: the stage that is running, the clock its response meets, and
meeting a case's open clocks."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from cases.enums import CaseStatus, DeadlineRule, StageKind
from cases.timescales import response_rule
from casework.service import CaseService, case_id, raise_invalid, raise_refused
from store import deadlines
from store.models import Case, Deadline, Stage


def running_stage(
    service: CaseService, session: Session, case: Case, kind: StageKind | None = None
) -> Stage:
    """The stage awaiting its response (of `kind`, when given); InvalidTransition if none."""
    stage = service.current_stage(session, case)
    if case.paused_on is not None:
        raise_invalid(case, "act on a paused case: resume it first")
    # Said as what happened, for the form or the command that came too late (a colleague
    # answered the stage meanwhile, or the case moved on), with days as ISO for the adapters.
    if stage is not None and stage.responded_on is not None:
        raise_refused(case, f"{stage.kind.label} was answered on {stage.responded_on.isoformat()}")
    if case.status != CaseStatus.OPEN or stage is None:
        raise_refused(
            case, f"no stage is waiting for its response: the case is {case.status.label.lower()}"
        )
    if kind is not None and stage.kind != kind:
        raise_refused(case, f"this is for {kind.label}, and the case is at {stage.kind.label}")
    return stage


def stage_started_on(service: CaseService, case: Case, stage: Stage) -> date:
    """The first day a stage can be answered: the day it opened, or, for the stage the case
    opened with, the day the mail came. Its clock counts from the next working day, but a
    complaint can be put right the evening it arrives."""
    if stage.opened_on == case.receipt_day:
        return min(stage.opened_on, service.arrived_on(case))
    return stage.opened_on


def response_deadline(session: Session, stage: Stage) -> Deadline | None:
    """The clock the stage's response meets (stage 3: the council's response)."""
    return deadlines.stage_deadline(session, stage=stage, rule=response_rule(stage.kind))


def code_acknowledgement(session: Session, stage: Stage) -> Deadline | None:
    """The stage's acknowledgement clock: only a stage run under the Complaint Handling Code
    has one."""
    return deadlines.stage_deadline(session, stage=stage, rule=DeadlineRule.CODE_ACKNOWLEDGEMENT)


def meet_open(
    service: CaseService, session: Session, case: Case, rules: list[DeadlineRule], on: date
) -> None:
    """The case's open clocks of these rules are met on `on`."""
    deadlines.meet(
        session,
        deadlines=deadlines.open_deadlines(session, case_id=case_id(case), rules=rules),
        on=on,
        listeners=service.deadline_listeners,
    )
