"""Keeping reminder rows in step with deadlines (a DeadlineListener, run inside the change's
transaction): a deadline set, extended, met or cancelled rewrites its pending reminders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from cases.calendar import WorkingCalendar
from cases.clock import Clock, SystemClock
from cases.enums import DeadlineRule
from casework.stage_three import panel_arranged
from scheduler.rules import ChaserPolicy, DeadlineFacts, plan
from store.deadlines import DeadlineFields
from store.reminders import replace_pending


def facts_of(deadline: DeadlineFields, *, panel_arranged: bool = False) -> DeadlineFacts | None:
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
        panel_arranged=panel_arranged,
    )


@dataclass
class ReminderPlanner:
    calendar: WorkingCalendar
    policy: ChaserPolicy
    clock: Clock = field(default_factory=SystemClock)  # heard/ passes the process's clock

    def __call__(self, session: Session, deadline: DeadlineFields) -> None:
        self.many(session, [deadline])

    def many(
        self, session: Session, deadlines: Sequence[DeadlineFields], *, new: bool = False
    ) -> None:
        """Rewrite the pending reminders of several deadlines: one DELETE of those no longer
        wanted and one multi-row INSERT of the new ones, however many deadlines. `new`: the
        deadlines were just inserted, so no reminder refers to them yet (a foreign key) and
        the DELETE is left out."""
        now = self.clock.now()
        rows: list[dict[str, object]] = []
        for deadline in deadlines:
            # a deadline just inserted has had no panel arranged against it
            arranged = (
                not new
                and deadline.rule == DeadlineRule.STAGE_3_PANEL
                and panel_arranged(session, case_id=deadline.case_id)
            )
            facts = facts_of(deadline, panel_arranged=arranged)
            held = deadline.paused_on is not None  # a paused case's reminders wait for its resume
            if facts is None or deadline.met_on is not None or deadline.cancelled or held:
                continue  # none wanted: all its pending reminders go
            for reminder in plan(facts, calendar=self.calendar, policy=self.policy):
                rows.append(
                    {
                        "case_id": deadline.case_id,
                        "deadline_id": deadline.id,
                        "kind": reminder.kind.value,
                        "recipient": ",".join(r.value for r in reminder.recipients),
                        "dedupe_key": reminder.dedupe_key(facts),
                        "due_at": reminder.due_at,
                        "created_at": now,
                        "details": {
                            "rule": facts.rule.value,
                            "due": facts.due.isoformat(),
                            "step": reminder.step,
                        },
                    }
                )
        replace_pending(
            session,
            deadline_ids=[deadline.id for deadline in deadlines if deadline.id is not None],
            rows=rows,
            new_deadlines=new,
        )
