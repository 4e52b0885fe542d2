"""Applying triage to a case: the automatic proposal as mail is read, staff's changes to it
(with a reason), and staff confirming it. A batch of newly read mail is triaged in one go by
casework/triage_batch.py, to the same effect."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from cases.compliments import compliment_source
from cases.enums import CaseStatus, DeadlineRule, RecordKind, StageKind
from cases.permissions import StaffAction
from cases.triage_result import TriageResult
from casework.acknowledgement import open_code_acknowledgement, time_code_answer
from casework.finished import refuse_if_finished
from casework.receiving import open_acknowledgement_deadline
from casework.service import CaseService, case_id, raise_invalid, snapshot
from casework.triage_batch import open_and_triage_fresh
from casework.triage_plan import plan_triage
from store import deadlines
from store.cases import stage_records
from store.cases.queries import any_stage_answered, stages_of
from store.cases.triage_rows import lock_untouched, replace_compliments, replace_issues
from store.models import Case


def open_and_triage_received(
    service: CaseService,
    session: Session,
    items: Sequence[tuple[Case, TriageResult | None]],
    *,
    actor: Actor,
) -> None:
    """For each newly received case, open_acknowledgement_deadline then apply_triage (None:
    no triage), for a whole batch of intake's mail with a few statements in all: cases nobody
    has touched yet go through casework/triage_batch.py, any other one at a time."""
    if not items:
        return
    untouched = lock_untouched(session, [case for case, _ in items])
    fresh: list[tuple[Case, TriageResult | None]] = []
    for case, result in items:
        if case.id in untouched:
            fresh.append((case, result))
            continue
        open_acknowledgement_deadline(service, session, case)
        if result is not None:
            apply_triage(service, session, case=case, result=result, actor=actor)
    open_and_triage_fresh(service, session, fresh, actor=actor)


def apply_triage(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    result: TriageResult,
    actor: Actor,
    reason: str | None = None,
) -> Case:
    """Apply a triage result to a case that no stage has answered yet.

    The automatic proposal is applied at once, so statutory clocks run from receipt and never
    wait for a person; staff confirm it or apply a changed result (with a reason) later.
    """
    before = snapshot(case)
    if case.status not in (CaseStatus.RECEIVED, CaseStatus.OPEN, CaseStatus.NOT_LOGGED) or (
        any_stage_answered(session, case_id=case_id(case))
    ):
        raise_invalid(case, "change triage")
    carried = _undo_opened_stage(service, session, case)
    plan = plan_triage(
        case,
        service.state_of(case),
        result,
        stage_two_agreed=bool(reason and reason.strip()) and actor.is_staff,
    )
    for name, value in plan.fields.items():
        setattr(case, name, value)
    replace_issues(session, case_id=case_id(case), proposals=result.issues)
    _record_compliment(session, case, result)
    _match_acknowledgement_deadline(service, session, case, owed=plan.acknowledgement_owed)
    if plan.not_logged:
        deadlines.cancel_all(session, case_id=case_id(case), listeners=service.deadline_listeners)
    elif plan.stage_kind is not None:
        stage = service.start_stage(session, case, plan.stage_kind, start=case.receipt_day)
        stage_records.carry_to(session, carried, stage=stage)
        _acknowledged_before_triage(service, session, case)
        if plan.stage_kind == StageKind.STATUTORY_2:
            stage.opened_by, stage.open_reason = str(actor), f"started at stage 2: {reason}"
            session.add(stage)
    case.status, case.stage = plan.state.status, plan.state.stage
    if plan.data_protection_clock:
        from casework.data_protection import open_clock

        open_clock(service, session, case=case)
    service.record(session, case, action=Note.TRIAGED, actor=actor, before=before, reason=reason)
    return case


def confirm_triage(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    actor: Actor,
    now: datetime,
    again: bool = False,
) -> Case:
    """Staff stand behind triage as it is now. Once is enough for a proposal left as it was;
    a change staff make after confirming it (`again`, casework.triage_change) is confirmed by
    whoever made it."""
    refuse_if_finished(session, case, StaffAction.CONFIRM_TRIAGE, what="the triage")
    if case.triage_confirmed_at is not None and not again:
        raise_invalid(case, "confirm triage twice")
    before = snapshot(case)
    case.triage_confirmed_at, case.triage_confirmed_by = now, str(actor)
    service.record(session, case, action=Note.TRIAGE_CONFIRMED, actor=actor, before=before)
    return case


def _acknowledged_before_triage(service: CaseService, session: Session, case: Case) -> None:
    """A complaint acknowledged before it was triaged to a stage under the Complaint Handling
    Code has had that stage's acknowledgement: its answer is timed from it."""
    clock = open_code_acknowledgement(session, case)
    if case.acknowledged_at is not None and clock is not None:
        on = service.calendar.local_date(case.acknowledged_at)
        time_code_answer(service, session, clock=clock, acknowledged_on=on)


def _match_acknowledgement_deadline(
    service: CaseService, session: Session, case: Case, *, owed: bool
) -> None:
    """Only a complaint is owed the complaints acknowledgement (TriagePlan.acknowledgement_owed).
    A contact first opened as a complaint (by the mailbox it came to) and triaged as a
    compliment, comment or enquiry has had its letter; its deadline goes, or staff would be
    chased to acknowledge a thank you. Changed back to a complaint, it is owed one again, dated
    from receipt."""
    running = deadlines.open_deadlines(
        session, case_id=case_id(case), rules=[DeadlineRule.ACKNOWLEDGEMENT]
    )
    if not owed:
        for deadline in running:
            deadline.cancelled = True
            session.add(deadline)
            deadlines.notify(session, deadline, service.deadline_listeners)
    elif not running and case.acknowledged_at is None:
        open_acknowledgement_deadline(service, session, case)


def _record_compliment(session: Session, case: Case, result: TriageResult) -> None:
    """A compliment counts by team and by who sent it (every seed's table)."""
    rows: list[dict[str, object]] = []
    if result.record_kind == RecordKind.COMPLIMENT:
        teams: list[str | None] = [issue.team_id for issue in result.issues if issue.team_id]
        rows = [
            {
                "team_id": team_id,
                "source": compliment_source(result.complainant_type),
                "received_on": case.receipt_day,
                "summary": case.subject[:2000] or None,
            }
            for team_id in dict.fromkeys(teams or [None])
        ]
    replace_compliments(session, case_id=case_id(case), rows=rows)


def _undo_opened_stage(
    service: CaseService, session: Session, case: Case
) -> list[stage_records.StageRecord]:
    """Re-triage before any response: the stage opened by the earlier proposal goes away, and
    every clock of it with it, met ones too (a Code acknowledgement already made: the new
    stage's is met again from case.acknowledged_at, _acknowledged_before_triage). The costs,
    remedies and learning recorded against it are returned for the stage that replaces it."""
    carried: list[stage_records.StageRecord] = []
    for stage in stages_of(session, case_id=case_id(case)):
        carried += stage_records.let_go(session, stage=stage)
        for deadline in deadlines.of_stage(session, stage=stage):
            deadline.cancelled = True
            deadline.stage_id = None
            session.add(deadline)
            deadlines.notify(session, deadline, service.deadline_listeners)
        session.flush()
        session.delete(stage)
    session.flush()
    case.status, case.stage = CaseStatus.RECEIVED, None
    return carried
