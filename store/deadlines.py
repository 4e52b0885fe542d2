"""Deadline rows: opened with the dates the timescale policy gives, met, cancelled, and the
listeners (the reminder planner) told of every one written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlmodel import Session, col, select

from cases.enums import DeadlineRule
from store.models import Deadline, Stage


class DeadlineFields(Protocol):
    """What a deadline listener reads of a deadline: a Deadline, or an InsertedDeadline."""

    @property
    def id(self) -> int | None: ...
    @property
    def case_id(self) -> int: ...
    @property
    def rule(self) -> str: ...
    @property
    def due_on(self) -> date: ...
    @property
    def maximum_on(self) -> date | None: ...
    @property
    def extended_to(self) -> date | None: ...
    @property
    def met_on(self) -> date | None: ...
    @property
    def paused_on(self) -> date | None: ...
    @property
    def cancelled(self) -> bool: ...


@dataclass(frozen=True)
class InsertedDeadline:
    """A deadline row just inserted with Core, as its listeners see it: building a Deadline
    (a SQLModel) for each cost intake's worker time for objects nothing else used."""

    id: int
    case_id: int
    rule: str
    due_on: date
    maximum_on: date | None
    cancelled: bool
    extended_to: date | None = None
    met_on: date | None = None
    paused_on: date | None = None


# Called with every deadline written or changed, inside the same transaction: the scheduler
# registers its reminder planner here so reminders always match the deadlines.
DeadlineListener = Callable[[Session, DeadlineFields], None]


def open_deadline(
    session: Session,
    *,
    case_id: int,
    rule: DeadlineRule,
    start_on: date,
    due_on: date,
    maximum_on: date | None,
    stage_id: int | None = None,
    listeners: Iterable[DeadlineListener] = (),
) -> Deadline:
    """A new deadline row, its dates as the timescale policy computed them (casework/)."""
    deadline = Deadline(
        case_id=case_id,
        stage_id=stage_id,
        rule=rule.value,
        start_on=start_on,
        due_on=due_on,
        maximum_on=maximum_on,
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


def of_stage(session: Session, *, stage: Stage) -> list[Deadline]:
    """Every clock of a stage, met, open or cancelled."""
    statement = select(Deadline).where(Deadline.stage_id == stage.id)
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
) -> list[int]:
    """Cancel the case's open deadlines; returns their ids (a case that ends keeps them in its
    audit entry, so reopening it restores those and no other)."""
    cancelled = []
    for deadline in open_deadlines(session, case_id=case_id):
        deadline.cancelled = True
        session.add(deadline)
        notify(session, deadline, listeners)
        cancelled.append(deadline.id or 0)
    return cancelled


def cancelled_of(session: Session, *, case_id: int, ids: Iterable[int]) -> list[Deadline]:
    """Those of `ids` that are the case's, still cancelled and never met, in id order."""
    wanted = list(ids)
    if not wanted:
        return []
    statement = select(Deadline).where(
        Deadline.case_id == case_id,
        col(Deadline.id).in_(wanted),
        col(Deadline.met_on).is_(None),
        Deadline.cancelled == True,  # noqa: E712
    )
    return list(session.exec(statement.order_by(col(Deadline.id))))


def notify_inserted(
    session: Session, inserted: Sequence[InsertedDeadline], listeners: Iterable[DeadlineListener]
) -> None:
    """Tell the listeners about deadlines just inserted with one statement. A listener with a
    `many` method takes them all at once (the reminder planner writes their reminders in one
    statement), told they are new: nothing can refer to a row that did not exist."""
    if not inserted:
        return
    for listener in listeners:
        many = getattr(listener, "many", None)
        if many is not None:
            many(session, inserted, new=True)
        else:
            for deadline in inserted:
                listener(session, deadline)


def notify(session: Session, deadline: Deadline, listeners: Iterable[DeadlineListener]) -> None:
    session.flush()
    for listener in listeners:
        listener(session, deadline)
