"""Reminder rows: the scheduler's ladder of chasers (scheduler/planner.py), written when
deadlines change, claimed when due; and the reminders staff ask for themselves, a snoozed
chaser coming back to the person who snoozed it (casework/snooze.py), beside the ladder."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from store.cases.queries import stage_due
from store.claims import claim_due
from store.models import Case, Deadline, Reminder
from store.types import table_of
from store.upsert import insert_or_ignore

# A reminder's recipient is a list of roles (scheduler.rules.Recipient) or, for a snooze, one
# person: a Slack user ("slack:U123") or, for staff who snoozed from the web and may have no
# Slack, an email address ("email:pat@council.gov.uk").
PERSON_PREFIX = "slack:"
EMAIL_PREFIX = "email:"
# scheduler.rules.ReminderKind.PANEL_NOT_ARRANGED, which casework may not import
PANEL_NOT_ARRANGED = "panel_not_arranged"


def panel_warning_at(session: Session, *, deadline_id: int) -> datetime | None:
    """When the chaser saying a stage 3 panel is not arranged falls (or fell) due for this
    panel clock, as the planner set it from HEARD_PANEL_WARNING_WORKING_DAYS; None when none
    is planned (0 days, or the panel arranged). The card and the case page warn from then."""
    return session.exec(
        select(Reminder.due_at)
        .where(Reminder.deadline_id == deadline_id, Reminder.kind == PANEL_NOT_ARRANGED)
        .order_by(col(Reminder.due_at))
    ).first()


def snoozed_deadline(session: Session, *, case: Case) -> Deadline | None:
    """The deadline a snoozed chaser is about: the stage's open one, else any open one."""
    assert case.id is not None
    return stage_due(session, case_id=case.id) or _any_open(session, case)


def add_snooze(
    session: Session,
    *,
    case: Case,
    deadline: Deadline,
    user: str,
    kind: str,
    remind_on: date,
    remind_at: datetime,
    now: datetime,
) -> bool:
    """A reminder for `user` (a Slack user id, or "email:" and an address) about `deadline` at
    `remind_at`; False when this person had already snoozed it to that day (one reminder, not
    two)."""
    due = deadline.extended_to or deadline.due_on
    key = f"snooze:{deadline.id}:{user}:{remind_on.isoformat()}"
    recipient = user if user.startswith(EMAIL_PREFIX) else f"{PERSON_PREFIX}{user}"
    insert = insert_or_ignore(
        table_of(Reminder),
        dialect=session.get_bind().dialect.name,
        conflict_columns=["dedupe_key"],
    )
    return (
        session.execute(
            insert.values(
                case_id=case.id,
                deadline_id=deadline.id,
                kind=kind,
                recipient=recipient,
                due_at=remind_at,
                dedupe_key=key,
                created_at=now,
                details={
                    "snoozed_by": user,
                    "rule": deadline.rule,
                    "step": 0,
                    "due": due.isoformat(),
                },
            ).returning(col(Reminder.id))
        ).first()
        is not None
    )


def _any_open(session: Session, case: Case) -> Deadline | None:
    """Only the acknowledgement is open (a case not yet triaged to a stage)."""
    statement = (
        select(Deadline)
        .where(
            Deadline.case_id == case.id,
            col(Deadline.met_on).is_(None),
            col(Deadline.cancelled).is_(False),
        )
        .order_by(col(Deadline.id).desc())
    )
    return session.exec(statement).first()


@dataclass(frozen=True)
class PendingReminder:
    due_at: datetime  # aware, UTC
    kind: str
    reference: str
    recipient: str | None


def pending_reminders(session: Session, *, limit: int) -> list[PendingReminder]:
    """Reminders not yet sent, soonest first (`heard reminders list`)."""
    reminder, case = table_of(Reminder), table_of(Case)
    rows = session.execute(
        sa.select(reminder.c.due_at, reminder.c.kind, case.c.reference, reminder.c.recipient)
        .join(case, case.c.id == reminder.c.case_id)
        .where(reminder.c.done_at.is_(None))
        .order_by(reminder.c.due_at, reminder.c.id)
        .limit(limit)
    )
    return [PendingReminder(*row) for row in rows]


# --- the scheduler's ladder (scheduler/planner.py) and sweep (scheduler/sweep.py) -----------


def replace_pending(
    session: Session,
    *,
    deadline_ids: Sequence[int],
    rows: Sequence[dict[str, Any]],
    new_deadlines: bool = False,
) -> None:
    """The deadlines' pending reminders become `rows` (reminder columns, each with its
    dedupe_key): pending ones not among them are deleted, the rest inserted once. A reminder
    already sent is never touched. `new_deadlines`: just inserted, so they have none yet."""
    table = table_of(Reminder)
    if not new_deadlines and deadline_ids:
        session.execute(
            sa.delete(table).where(
                table.c.deadline_id.in_(deadline_ids),
                table.c.done_at.is_(None),
                table.c.dedupe_key.not_in([row["dedupe_key"] for row in rows]),
            )
        )
    if rows:
        session.execute(_insert_reminders(session.get_bind().dialect.name), list(rows))


@functools.cache
def _insert_reminders(dialect: str) -> sa.Insert:
    """One statement per engine (building and keying one for each batch cost more than its
    rows)."""
    return insert_or_ignore(table_of(Reminder), dialect=dialect, conflict_columns=["dedupe_key"])


def claim_due_reminders(
    session: Session, *, worker: str, now: datetime, lease: timedelta, limit: int
) -> list[int]:
    """Lease up to `limit` reminders due by `now` to `worker` (store/claims.py)."""
    table = table_of(Reminder)
    return claim_due(
        session,
        table=table,
        due_column=table.c.due_at,
        worker=worker,
        now=now,
        lease=lease,
        limit=limit,
        conditions=(table.c.done_at.is_(None),),
    )


@dataclass(frozen=True)
class DueReminder:
    reminder: Reminder
    deadline: Deadline | None
    case: Case | None


def mark_done(
    session: Session, *, reminder_id: int, worker: str, now: datetime
) -> DueReminder | None:
    """Mark a claimed reminder done, if `worker` still holds it and it is not done; then
    return it with its deadline and case (None when another worker has it or did it)."""
    table = table_of(Reminder)
    mine = session.execute(
        sa.update(table)
        .where(table.c.id == reminder_id, table.c.claimed_by == worker, table.c.done_at.is_(None))
        .values(done_at=now)
        .returning(table.c.id)
    ).first()
    if mine is None:
        return None
    reminder = session.get(Reminder, reminder_id)
    assert reminder is not None
    return DueReminder(
        reminder,
        session.get(Deadline, reminder.deadline_id) if reminder.deadline_id else None,
        session.get(Case, reminder.case_id) if reminder.case_id else None,
    )
