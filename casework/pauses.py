"""Putting a complaint on hold (legal proceedings, a police investigation) and resuming it.

While paused, every open deadline carries the pause date, so no reminder is planned for it
(scheduler.planner) and the digest shows the case as paused rather than overdue. On resume,
each of those deadlines (due, maximum and any extension) and the running stage move on by the
working days the case was paused, counted by cases.procedure.paused_working_days in the
calendar of each deadline's own clock: closure days move only the council's own (corporate)
clocks, never a statutory one.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from cases.actor import Actor
from cases.calendar import WorkingCalendar
from cases.enums import DeadlineRule, PauseReason
from cases.lifecycle import Action
from cases.procedure import ProcedureError, paused_working_days, shift
from cases.timescales import calendar_for, stage_rule
from casework.service import CaseService, raise_invalid
from store import deadlines
from store.cases.pauses import current_pause
from store.models import Case, CasePause, Deadline, Stage


def pause(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    reason: PauseReason,
    paused_on: date,
    actor: Actor,
    today: date,
    note: str | None = None,
) -> CasePause:
    service.event_date(case, paused_on, today=today, what="the pause date")
    assert case.id is not None
    row = CasePause(case_id=case.id, reason=reason, paused_on=paused_on, paused_by=str(actor))

    def changes() -> None:
        case.paused_on = paused_on
        session.add(row)
        for deadline in deadlines.open_deadlines(session, case_id=case.id or 0):
            deadline.paused_on = paused_on
            session.add(deadline)
            deadlines.notify(session, deadline, service.deadline_listeners)

    service.transition(
        session,
        case=case,
        action=Action.PAUSE,
        actor=actor,
        reason=f"{reason.label}" + (f": {note}" if note else ""),
        changes=changes,
    )
    return row


def resume(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    resumed_on: date,
    actor: Actor,
    today: date,
) -> CasePause:
    service.event_date(case, resumed_on, today=today, what="the resume date")
    row = current_pause(session, case)
    if row is None or case.paused_on is None:
        raise_invalid(case, "resume: the case is not paused")
    paused_on = row.paused_on
    stage = service.current_stage(session, case)
    running = stage if stage is not None and stage.responded_on is None else None

    def lost_in(rule: DeadlineRule) -> int:
        """Working days lost as `rule`'s clock counts them: a statutory clock counts the
        council's closure days as working days, so they are lost while paused and never
        skipped when the clock moves on."""
        return paused_working_days(
            paused_on=paused_on,
            resumed_on=resumed_on,
            calendar=calendar_for(rule, service.calendar),
        )

    try:
        lost = lost_in(stage_rule(running.kind) if running else DeadlineRule.STATUTORY_1)
    except ProcedureError as error:
        raise_invalid(case, f"resume: {error}")

    def changes() -> None:
        end_pause(service, session, case=case, row=row, on=resumed_on, actor=actor, running=running)

    service.transition(
        session,
        case=case,
        action=Action.RESUME,
        actor=actor,
        reason=f"paused {lost} working day{'s' if lost != 1 else ''}",
        changes=changes,
    )
    return row


def end_pause(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    row: CasePause,
    on: date,
    actor: Actor,
    running: Stage | None,
) -> int:
    """End the pause `row` on `on`, inside a transition's changes: resuming, or closing or
    withdrawing a paused case (casework.closing), whose clocks a reopening may restore and must
    not find still paused. Each paused clock gets back the working days as its own calendar
    counts them, and the running stage keeps the count; returns the stage clock's count."""

    def lost_in(rule: DeadlineRule) -> int:
        """Working days lost as `rule`'s clock counts them: a statutory clock counts the
        council's closure days as working days, so they are lost while paused and never
        skipped when the clock moves on."""
        return paused_working_days(
            paused_on=row.paused_on, resumed_on=on, calendar=calendar_for(rule, service.calendar)
        )

    lost = lost_in(stage_rule(running.kind) if running else DeadlineRule.STATUTORY_1)
    row.resumed_on, row.resumed_by, row.working_days = on, str(actor), lost
    session.add(row)
    case.paused_on = None
    for deadline in deadlines.open_deadlines(session, case_id=case.id or 0):
        if deadline.paused_on is None:
            continue
        rule = DeadlineRule(deadline.rule)
        deadline.paused_on = None
        move_on(deadline, lost_in(rule), calendar=calendar_for(rule, service.calendar))
        session.add(deadline)
        deadlines.notify(session, deadline, service.deadline_listeners)
    if running is not None:
        running.paused_working_days += lost
        session.add(running)
    return lost


def move_on(deadline: Deadline, working_days: int, *, calendar: WorkingCalendar) -> None:
    """Give a clock back the working days its case was stopped (paused, or withdrawn and
    reopened: casework.reopening): its due day, maximum and extension move on in its own
    calendar, and it keeps the count."""
    deadline.due_on = shift(deadline.due_on, working_days, calendar=calendar) or deadline.due_on
    deadline.maximum_on = shift(deadline.maximum_on, working_days, calendar=calendar)
    deadline.extended_to = shift(deadline.extended_to, working_days, calendar=calendar)
    deadline.paused_working_days += working_days
