"""Deadline rows: opened from the timescale policy, met by responses, extended only on purpose."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from sqlmodel import Session, col, select

from cases.calendar import WorkingCalendar
from cases.timescales import DeadlineRule, TimescalePolicy, compute_deadline
from store.models import Case, Deadline, Stage

# Called with every deadline written or changed, inside the same transaction: the scheduler
# registers its reminder planner here so reminders always match the deadlines.
DeadlineListener = Callable[[Session, Deadline], None]


def open_deadline(
    session: Session,
    *,
    case: Case,
    rule: DeadlineRule,
    start: date,
    calendar: WorkingCalendar,
    policy: TimescalePolicy,
    stage: Stage | None = None,
    listeners: Iterable[DeadlineListener] = (),
) -> Deadline:
    computed = compute_deadline(rule, start=start, calendar=calendar, policy=policy)
    deadline = Deadline(
        case_id=_id(case),
        stage_id=stage.id if stage is not None else None,
        rule=rule.value,
        start_on=computed.start,
        due_on=computed.due,
        maximum_on=computed.maximum,
    )
    session.add(deadline)
    session.flush()
    notify(session, deadline, listeners)
    return deadline


def open_deadlines(
    session: Session, *, case_id: int, rules: Iterable[DeadlineRule] | None = None
) -> list[Deadline]:
    statement = select(Deadline).where(
        Deadline.case_id == case_id,
        col(Deadline.met_on).is_(None),
        Deadline.cancelled == False,  # noqa: E712
    )
    if rules is not None:
        statement = statement.where(col(Deadline.rule).in_([rule.value for rule in rules]))
    return list(session.exec(statement.order_by(col(Deadline.id))))


def stage_deadline(session: Session, *, stage: Stage, rule: DeadlineRule) -> Deadline | None:
    statement = select(Deadline).where(Deadline.stage_id == stage.id, Deadline.rule == rule.value)
    return session.exec(statement.order_by(col(Deadline.id).desc())).first()


def meet(
    session: Session,
    *,
    deadlines: Iterable[Deadline],
    on: date,
    listeners: Iterable[DeadlineListener] = (),
) -> None:
    for deadline in deadlines:
        deadline.met_on = on
        session.add(deadline)
        notify(session, deadline, listeners)


def cancel_all(
    session: Session, *, case_id: int, listeners: Iterable[DeadlineListener] = ()
) -> None:
    for deadline in open_deadlines(session, case_id=case_id):
        deadline.cancelled = True
        session.add(deadline)
        notify(session, deadline, listeners)


def notify_many(
    session: Session, written: Sequence[Deadline], listeners: Iterable[DeadlineListener]
) -> None:
    """Tell the listeners about deadlines written with one statement (they may be detached
    objects: the listeners read them, never change them). A listener with a `many` method
    takes them all at once (the reminder planner writes their reminders in one statement)."""
    if not written:
        return
    for listener in listeners:
        many = getattr(listener, "many", None)
        if many is not None:
            many(session, written)
        else:
            for deadline in written:
                listener(session, deadline)


def notify(session: Session, deadline: Deadline, listeners: Iterable[DeadlineListener]) -> None:
    session.flush()
    for listener in listeners:
        listener(session, deadline)


def _id(case: Case) -> int:
    if case.id is None:
        raise ValueError("the case must be flushed before its deadlines are written")
    return case.id
