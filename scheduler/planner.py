"""Keeping reminder rows in step with deadlines (a DeadlineListener, run inside the change's
transaction): a deadline set, extended, met or cancelled rewrites its pending reminders."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from cases.calendar import WorkingCalendar
from cases.timescales import DeadlineRule
from scheduler.rules import ChaserPolicy, DeadlineFacts, plan
from store.deadlines import DeadlineFields
from store.models import Reminder
from store.types import table_of, utcnow
from store.upsert import insert_or_ignore


def facts_of(deadline: DeadlineFields) -> DeadlineFacts | None:
    try:
        rule = DeadlineRule(deadline.rule)
    except ValueError:
        return None
    assert deadline.id is not None
    return DeadlineFacts(
        deadline_id=deadline.id,
        rule=rule,
        due=deadline.extended_to or deadline.due_on,
        maximum=deadline.maximum_on,
        extended=deadline.extended_to is not None,
    )


@dataclass
class ReminderPlanner:
    calendar: WorkingCalendar
    policy: ChaserPolicy

    def __call__(self, session: Session, deadline: DeadlineFields) -> None:
        self.many(session, [deadline])

    def many(
        self, session: Session, deadlines: Sequence[DeadlineFields], *, new: bool = False
    ) -> None:
        """Rewrite the pending reminders of several deadlines: one DELETE of those no longer
        wanted and one multi-row INSERT of the new ones, however many deadlines. `new`: the
        deadlines were just inserted, so no reminder refers to them yet (a foreign key) and
        the DELETE is left out."""
        table = table_of(Reminder)
        now = utcnow()
        keys: list[str] = []
        rows: list[dict[str, object]] = []
        for deadline in deadlines:
            facts = facts_of(deadline)
            held = deadline.paused_on is not None  # a paused case's reminders wait for its resume
            if facts is None or deadline.met_on is not None or deadline.cancelled or held:
                continue  # none wanted: all its pending reminders go
            for reminder in plan(facts, calendar=self.calendar, policy=self.policy):
                key = reminder.dedupe_key(facts)
                keys.append(key)
                rows.append(
                    {
                        "case_id": deadline.case_id,
                        "deadline_id": deadline.id,
                        "kind": reminder.kind.value,
                        "recipient": ",".join(r.value for r in reminder.recipients),
                        "dedupe_key": key,
                        "due_at": reminder.due_at,
                        "created_at": now,
                        "details": {
                            "rule": facts.rule.value,
                            "due": facts.due.isoformat(),
                            "step": reminder.step,
                        },
                    }
                )
        if not new:
            session.execute(
                sa.delete(table).where(
                    table.c.deadline_id.in_([deadline.id for deadline in deadlines]),
                    table.c.done_at.is_(None),
                    table.c.dedupe_key.not_in(keys),
                )
            )
        if rows:
            session.execute(_insert_reminders(session.get_bind().dialect.name), rows)


@functools.cache
def _insert_reminders(dialect: str) -> sa.Insert:
    """One statement per engine (building and keying one for each batch cost more than its
    rows)."""
    return insert_or_ignore(table_of(Reminder), dialect=dialect, conflict_columns=["dedupe_key"])
