"""Acknowledging a complaint: the complaints acknowledgement deadline is met that day.

Under the Ombudsman's Complaint Handling Code each corporate stage is acknowledged on its own
clock, and the stage's answer is then due its working days after the acknowledgement: the
first acknowledgement meets the case's clock and stage 1's, a stage 2 is acknowledged again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from cases.enums import DeadlineRule, Route
from cases.kinds import COMPLAINT_KINDS
from cases.lifecycle import Action
from cases.timescales import code_answer_deadline
from casework.service import CaseService, case_id
from casework.stages import meet_open, response_deadline, running_stage
from store import deadlines
from store.models import Case, Deadline, Stage


def no_automatic_reply(reasons: Iterable[object]) -> str:
    """The audit's words when a contact gets no automatic reply (a referral, secrecy, a child
    writing), whether it came by mail or staff logged it."""
    return "no automatic reply: " + "; ".join(map(str, reasons)) + " (staff decide how to reply)"


def acknowledge_by_automatic_letter(
    service: CaseService, session: Session, *, case: Case, actor: Actor, now: datetime
) -> None:
    """The automatic acknowledgement is the complaint's acknowledgement, whether intake wrote it
    to mail or triage's letter went to a contact staff logged: it meets the acknowledgement
    deadline, so nobody is chased to acknowledge it again. A contact not logged, an automated
    message or one already acknowledged keeps its deadline as it is."""
    if (
        case.record_kind in COMPLAINT_KINDS
        and case.route != Route.NOT_LOGGED
        and not case.automated
        and case.acknowledged_at is None
    ):
        acknowledge(service, session, case=case, actor=actor, now=now)


def acknowledge(
    service: CaseService, session: Session, *, case: Case, actor: Actor, now: datetime
) -> Case:
    on = service.calendar.local_date(now)
    code_clock = open_code_acknowledgement(session, case)
    if case.acknowledged_at is not None and code_clock is not None:
        return _acknowledge_code_stage(service, session, case=case, actor=actor, on=on)

    def changes() -> None:
        case.acknowledged_at, case.acknowledged_by = now, str(actor)
        meet_open(
            service,
            session,
            case,
            [DeadlineRule.ACKNOWLEDGEMENT, DeadlineRule.DATA_PROTECTION_ACKNOWLEDGEMENT],
            on,
        )
        if code_clock is not None:
            time_code_answer(service, session, clock=code_clock, acknowledged_on=on)

    return service.transition(
        session, case=case, action=Action.ACKNOWLEDGE, actor=actor, changes=changes
    )


def open_code_acknowledgement(session: Session, case: Case) -> Deadline | None:
    """The running stage's acknowledgement under the Complaint Handling Code, while unmet."""
    if case.id is None:
        return None
    found = deadlines.open_deadlines(
        session, case_id=case_id(case), rules=[DeadlineRule.CODE_ACKNOWLEDGEMENT]
    )
    return found[-1] if found else None


def time_code_answer(
    service: CaseService, session: Session, *, clock: Deadline, acknowledged_on: date
) -> None:
    """The stage's acknowledgement is met, and its answer is due its working days from then
    (the Code's clocks run from the acknowledgement, not from receipt)."""
    acknowledged_on = max(acknowledged_on, clock.start_on)
    deadlines.meet(
        session, deadlines=[clock], on=acknowledged_on, listeners=service.deadline_listeners
    )
    stage = session.get(Stage, clock.stage_id) if clock.stage_id is not None else None
    answer = response_deadline(session, stage) if stage is not None else None
    if stage is None or answer is None or answer.met_on is not None or answer.cancelled:
        return
    computed = code_answer_deadline(
        stage.kind,
        acknowledged_on=acknowledged_on,
        calendar=service.calendar,
        policy=service.timescales,
    )
    answer.start_on, answer.due_on, answer.maximum_on = (
        computed.start,
        computed.due,
        computed.maximum,
    )
    session.add(answer)
    deadlines.notify(session, answer, service.deadline_listeners)


def _acknowledge_code_stage(
    service: CaseService, session: Session, *, case: Case, actor: Actor, on: date
) -> Case:
    stage = running_stage(service, session, case)
    clock = open_code_acknowledgement(session, case)
    assert clock is not None
    before = {"acknowledged": None}
    time_code_answer(service, session, clock=clock, acknowledged_on=on)
    return service.note(
        session,
        case=case,
        action=Note.STAGE_ACKNOWLEDGED,
        actor=actor,
        reason=f"{stage.kind.label} acknowledged on {on:%-d %B %Y}",
        before=before,
        after={"acknowledged": on.isoformat()},
    )
