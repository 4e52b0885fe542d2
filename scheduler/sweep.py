"""The sweep: claim due reminder rows and turn each into outbox messages, exactly once.

Claiming commits a lease first (several heard processes share the table: PostgreSQL's SKIP
LOCKED or SQLite's write lock keeps their claims apart). Each reminder is then finished in one
transaction that marks it done only if this worker still holds it and queues its messages, so
a worker that dies mid-batch leaves rows that another takes once the lease runs out, and a row
is never sent twice. The sweep sends nothing on weekends, bank holidays or closure days, nor
before the chaser hour (HEARD_CHASER_HOUR) on a working day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from cases.calendar import WorkingCalendar
from cases.clock import Clock
from cases.enums import OutboxPurpose
from cases.kinds import LIVE_STATUSES
from casework.stage_three import panel_to_arrange
from org.directory import Organisation
from outbound import chaser_ids as ids
from outbound.messenger import Addressee, Messenger
from scheduler.follow_ups import chase_follow_ups
from scheduler.messages import chaser_subject, chaser_text
from scheduler.recipients import Person, resolve
from scheduler.rules import ChaserPolicy, Recipient, ReminderKind, chasing_time
from scheduler.unread import chase_unread
from store.cases.queries import team_ids_of
from store.claims import worker_name
from store.db import session_scope
from store.models import Case, Deadline, Reminder
from store.reminders import EMAIL_PREFIX, PERSON_PREFIX, claim_due_reminders, mark_done

log = logging.getLogger("heard.scheduler")


@dataclass
class SweepResult:
    sent: int = 0
    skipped: int = 0
    claimed: int = 0
    unread_chased: int = 0  # chasers for contacts nobody has read (scheduler/unread.py)
    follow_ups: int = 0  # learning actions' and recommendations' chasers (scheduler/follow_ups.py)


@dataclass
class Sweeper:
    engine: Engine
    messenger: Messenger
    clock: Clock
    calendar: WorkingCalendar
    organisation: Organisation
    lease: timedelta = timedelta(minutes=5)  # HEARD_REMINDER_LEASE_SECONDS
    worker: str = field(default_factory=lambda: worker_name("sweeper"))
    batch: int = 200
    case_pages_url: str | None = None  # HEARD_WEB_BASE_URL: the email links to the case page
    # HEARD_UNREAD_CHASE_MINUTES: how long a contact may wait unread before the complaints
    # team is chased (scheduler/unread.py); None: the reading queue is not chased.
    unread_after: timedelta | None = None
    # The chaser hour, the due-soon days and the overdue ladder, for the chasers planned here
    # rather than from deadlines (learning actions and recommendations).
    policy: ChaserPolicy = field(default_factory=ChaserPolicy)

    def _case_page(self, reference: str) -> str:
        if not self.case_pages_url:
            return ""
        return f"\n\nOpen the case: {self.case_pages_url.rstrip('/')}/cases/{reference}"

    def sweep_once(self) -> SweepResult:
        now = self.clock.now()
        result = SweepResult()
        if not chasing_time(now, calendar=self.calendar, policy=self.policy):
            return result
        for reminder_id in self.claim(now):
            result.claimed += 1
            if self.finish(reminder_id, now):
                result.sent += 1
            else:
                result.skipped += 1
        return result

    def sweep_all(self) -> SweepResult:
        """Sweep until nothing due is left (after downtime every missed reminder goes once),
        then chase the reading queue."""
        total = SweepResult()
        while True:
            result = self.sweep_once()
            total.sent += result.sent
            total.skipped += result.skipped
            total.claimed += result.claimed
            if result.claimed < self.batch:
                break
        total.unread_chased = self.chase_unread()
        total.follow_ups = chase_follow_ups(
            self.engine,
            messenger=self.messenger,
            organisation=self.organisation,
            calendar=self.calendar,
            policy=self.policy,
            now=self.clock.now(),
            case_page=self.case_pages_url or "",
        )
        return total

    def chase_unread(self) -> int:
        """Queue the chasers due for contacts no member of staff has opened."""
        if self.unread_after is None:
            return 0
        return chase_unread(
            self.engine,
            messenger=self.messenger,
            organisation=self.organisation,
            calendar=self.calendar,
            now=self.clock.now(),
            after=self.unread_after,
            case_page=self.case_pages_url or "",
        )

    def claim(self, now: datetime) -> list[int]:
        with session_scope(self.engine) as session:
            return claim_due_reminders(
                session, worker=self.worker, now=now, lease=self.lease, limit=self.batch
            )

    def finish(self, reminder_id: int, now: datetime) -> bool:
        """True if messages were queued; False if it no longer applied (or is not ours)."""
        with session_scope(self.engine) as session:
            due = mark_done(session, reminder_id=reminder_id, worker=self.worker, now=now)
            if due is None:
                return False
            reminder, deadline, case = due.reminder, due.deadline, due.case
            if (
                deadline is None
                or case is None
                or deadline.met_on is not None
                or deadline.cancelled
                or deadline.paused_on is not None
                or case.status not in LIVE_STATUSES
                or self._day_has_gone(reminder, deadline, now)
                or (
                    reminder.kind == ReminderKind.PANEL_NOT_ARRANGED
                    and not panel_to_arrange(session, case)
                )
            ):
                return False
            people = self._people(session, reminder, case)
            self._queue(
                session, reminder=reminder, case=case, deadline=deadline, people=people, now=now
            )
            log.info("chaser queued", extra={"case": case.reference, "reminder_id": reminder_id})
            return True

    def _day_has_gone(self, reminder: Reminder, deadline: Deadline, now: datetime) -> bool:
        """A chaser that says the day is still to come ("due soon", "due today") is not sent
        once the day has gone: a record logged after its deadline, or a sweep after long
        downtime, would tell staff a day years ago is today. The overdue chasers say it."""
        if reminder.kind not in (
            ReminderKind.DUE_SOON,
            ReminderKind.DUE_TODAY,
            ReminderKind.PANEL_NOT_ARRANGED,
        ):
            return False
        return self.calendar.local_date(now) > (deadline.extended_to or deadline.due_on)

    def _people(self, session: Session, reminder: Reminder, case: Case) -> list[Person]:
        assert case.id is not None
        team_ids = team_ids_of(session, case_id=case.id)
        values = [value for value in (reminder.recipient or "").split(",") if value]
        # a snoozed chaser goes back to the person who snoozed it (store/reminders.py): in
        # Slack, or by email to someone who snoozed it from the web
        people = [
            Person(email=None, slack=value.removeprefix(PERSON_PREFIX))
            for value in values
            if value.startswith(PERSON_PREFIX)
        ] + [
            Person(email=value.removeprefix(EMAIL_PREFIX), slack=None)
            for value in values
            if value.startswith(EMAIL_PREFIX)
        ]
        recipients = [
            Recipient(value)
            for value in values
            if not value.startswith((PERSON_PREFIX, EMAIL_PREFIX))
        ]
        return people + resolve(
            recipients, organisation=self.organisation, team_ids=team_ids, assignee=case.assignee
        )

    def _queue(
        self,
        session: Session,
        *,
        reminder: Reminder,
        case: Case,
        deadline: Deadline,
        people: list[Person],
        now: datetime,
    ) -> None:
        kind = ReminderKind(reminder.kind)
        due = deadline.extended_to or deadline.due_on
        today = self.calendar.local_date(now)
        text = chaser_text(
            kind=kind,
            reference=case.reference,
            rule=deadline.rule,
            due=due,
            today=today,
            working_days_to_due=self.calendar.working_days_between(today, due),
        )
        subject = chaser_subject(kind=kind, reference=case.reference)
        for person in people:
            self.messenger.tell(
                session,
                Addressee(email=person.email, slack=person.slack),
                subject=subject,
                text=text + self._case_page(case.reference) + "\n\nheard, the complaints service\n",
                slack_text=text,
                slack_blocks=chaser_buttons(text=text, reference=case.reference, kind=kind),
                purpose=OutboxPurpose.CHASER,
                dedupe_key=f"{reminder.dedupe_key}:{person.key}",
                now=now,
                case_id=case.id,
            )


def chaser_buttons(*, text: str, reference: str, kind: ReminderKind) -> list[dict[str, Any]]:
    """The chaser in Slack: its text and the buttons that act on the case from there."""
    choices = [
        (ids.OPEN_CASE, "Open case"),
        (ids.ACKNOWLEDGE, "Acknowledge"),
        (ids.SNOOZE, "Snooze my reminder to tomorrow"),
    ]
    if kind == ReminderKind.REASON_FOR_DELAY:
        choices.append((ids.REASON_FOR_DELAY, "Record reason for delay"))
    buttons = [
        {
            "type": "button",
            "action_id": action_id,
            "value": reference,
            "text": {"type": "plain_text", "text": label},
        }
        for action_id, label in choices
    ]
    return [
        {"type": "section", "text": {"type": "plain_text", "text": text}},
        {"type": "actions", "elements": buttons},
    ]
