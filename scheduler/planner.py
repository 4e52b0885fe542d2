"""Keeping reminder rows in step with deadlines (a DeadlineListener, run inside the change's
transaction): a deadline set, extended, met or cancelled rewrites its pending reminders."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from cases.calendar import WorkingCalendar
from cases.timescales import DeadlineRule
from scheduler.rules import ChaserPolicy, DeadlineFacts, plan
from store.models import Deadline, Reminder
from store.types import table_of, utcnow
from store.upsert import insert_or_ignore


def facts_of(deadline: Deadline) -> DeadlineFacts | None:
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

    def __call__(self, session: Session, deadline: Deadline) -> None:
        table = table_of(Reminder)
        pending = sa.and_(table.c.deadline_id == deadline.id, table.c.done_at.is_(None))
        facts = facts_of(deadline)
        if facts is None or deadline.met_on is not None or deadline.cancelled:
            session.execute(sa.delete(table).where(pending))
            return
        wanted = plan(facts, calendar=self.calendar, policy=self.policy)
        keys = [reminder.dedupe_key(facts) for reminder in wanted]
        session.execute(sa.delete(table).where(pending, table.c.dedupe_key.not_in(keys)))
        insert = insert_or_ignore(
            table, dialect=session.get_bind().dialect.name, conflict_columns=["dedupe_key"]
        )
        now = utcnow()
        for reminder, key in zip(wanted, keys, strict=True):
            session.execute(
                insert.values(
                    case_id=deadline.case_id,
                    deadline_id=deadline.id,
                    kind=reminder.kind.value,
                    recipient=",".join(recipient.value for recipient in reminder.recipients),
                    dedupe_key=key,
                    due_at=reminder.due_at,
                    created_at=now,
                    details={
                        "rule": facts.rule.value,
                        "due": facts.due.isoformat(),
                        "step": reminder.step,
                    },
                )
            )
