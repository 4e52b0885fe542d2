"""Chasing what the council promised to change: a learning action's or an Ombudsman
recommendation's due date is chased as a response's is, not only listed in the weekly digest.

Before the due date (the policy's due-soon working days) the owning team's manager is reminded;
once it has passed, the overdue ladder climbs as it does for responses (by default team manager
on day 1, service manager on day 3, director on day 5), each step once, by email and Slack.
A learning action belongs to the team staff named as its owner, else to the case's teams; a
recommendation to the case's teams. Every heard process may run this each minute: the outbox's
dedupe key (item, step, due date, person) lets only one of them queue each message, and a new
due date chases afresh. Slack gets the reference and the date only; the action's own words,
which staff wrote and may name a child, go by email to the person alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from cases.calendar import WorkingCalendar
from cases.day_words import long_day, working_days
from cases.enums import OutboxPurpose, Role
from org.directory import Organisation
from outbound import chaser_ids as ids
from outbound.messenger import Addressee, Messenger
from scheduler.recipients import resolve
from scheduler.rules import ROLE_RECIPIENTS, ChaserPolicy, Recipient, chasing_time
from store.cases.learning import follow_up_text
from store.cases.queries import team_ids_of
from store.db import session_scope
from store.digest import LEARNING_ACTION, ActionDue, actions_due
from store.outbox import dedupe_keys_of_cases
from store.reminders import PendingReminder

EMAIL_WORDS = 500  # characters of the action's own text quoted in the email
KEY_PREFIX = "follow-up:"
LISTED_AHEAD = timedelta(days=3660)  # `heard reminders list` shows due dates this far ahead


@dataclass(frozen=True)
class Step:
    number: int  # 0: the reminder before the date; 1, 2, …: the overdue ladder
    day: date  # the working day it goes on (at the chaser hour)
    recipients: tuple[Recipient, ...]


def steps(due: date, *, calendar: WorkingCalendar, policy: ChaserPolicy) -> list[Step]:
    """The reminder and the overdue ladder for an item due on `due`."""
    planned = []
    if policy.due_soon_days > 0:
        planned.append(
            Step(0, _before(calendar, due, policy.due_soon_days), (Recipient.TEAM_MANAGER,))
        )
    for number, (days, role) in enumerate(policy.ladder, start=1):
        planned.append(
            Step(number, calendar.add_working_days(due, days), (ROLE_RECIPIENTS[Role(role)],))
        )
    return planned


def chase_follow_ups(
    engine: Engine,
    *,
    messenger: Messenger,
    organisation: Organisation,
    calendar: WorkingCalendar,
    policy: ChaserPolicy,
    now: datetime,
    case_page: str = "",
) -> int:
    """Queue the reminders and chasers due by now; returns how many messages were new."""
    if not chasing_time(now, calendar=calendar, policy=policy):
        return 0
    today = calendar.local_date(now)
    look_ahead = calendar.add_working_days(today, max(policy.due_soon_days, 0))
    queued = 0
    with session_scope(engine) as session:
        for item in actions_due(session.connection(), look_ahead):
            reached = [
                step
                for step in steps(item.due_on, calendar=calendar, policy=policy)
                if step.day <= today and (step.number > 0 or today <= item.due_on)
            ]
            if not reached:
                continue
            team_ids = (
                [item.owner_team_id]
                if item.owner_team_id
                else team_ids_of(session, case_id=item.case_id)
            )
            text = _text(item, today=today, calendar=calendar)
            own_words = follow_up_text(session, what=item.what, row_id=item.row_id)
            email = text + (f"\n\n{item.what}: {own_words[:EMAIL_WORDS]}" if own_words else "")
            if case_page:
                email += f"\n\nOpen the case: {case_page.rstrip('/')}/cases/{item.reference}"
            for step in reached:
                people = resolve(
                    list(step.recipients),
                    organisation=organisation,
                    team_ids=team_ids,
                    assignee=None,
                )
                for person in people:
                    queued += messenger.tell(
                        session,
                        Addressee(email=person.email, slack=person.slack),
                        subject=_subject(item, overdue=step.number > 0),
                        text=email + "\n\nheard, the complaints service\n",
                        slack_text=text,
                        slack_blocks=_blocks(text, item.reference),
                        purpose=OutboxPurpose.CHASER,
                        dedupe_key=f"{_step_key(item, step)}{person.key}",
                        now=now,
                        case_id=item.case_id,
                    )
    return queued


def planned_follow_ups(
    engine: Engine, *, calendar: WorkingCalendar, policy: ChaserPolicy, now: datetime
) -> list[PendingReminder]:
    """Every reminder and chaser still to go for the learning actions and Ombudsman
    recommendations outstanding, soonest first. They are computed each sweep, not stored as
    reminder rows, so the list computes them the same way (`steps`) and leaves out the steps
    already queued (by the outbox's dedupe keys) and a reminder before a date that has passed."""
    today = calendar.local_date(now)
    planned: list[PendingReminder] = []
    with engine.connect() as connection:
        items = actions_due(connection, today + LISTED_AHEAD)
        sent = dedupe_keys_of_cases(
            connection, case_ids=[item.case_id for item in items], prefix=KEY_PREFIX
        )
    for item in items:
        for step in steps(item.due_on, calendar=calendar, policy=policy):
            if step.number == 0 and today > item.due_on:
                continue  # the sweep sends no "due soon" once the date has passed
            key = _step_key(item, step)
            if any(each.startswith(key) for each in sent):
                continue
            planned.append(
                PendingReminder(  # as a reminder row would hold it, beside them in the list
                    due_at=calendar.at_local_time(step.day, policy.chaser_time),
                    kind=f"{_kind(item)}_{'overdue' if step.number else 'due_soon'}",
                    reference=item.reference,
                    recipient=",".join(recipient.value for recipient in step.recipients),
                )
            )
    return sorted(planned, key=lambda each: (each.due_at, each.reference, each.kind))


def _kind(item: ActionDue) -> str:
    return "learning" if item.what == LEARNING_ACTION else "recommendation"


def _step_key(item: ActionDue, step: Step) -> str:
    """The dedupe key of one step's chasers, but for the person each goes to."""
    return f"{KEY_PREFIX}{_kind(item)}:{item.row_id}:{step.number}:{item.due_on.isoformat()}:"


def _text(item: ActionDue, *, today: date, calendar: WorkingCalendar) -> str:
    # mid-sentence: "a learning action", but the Ombudsman keeps its capital
    what = "a learning action" if item.what == LEARNING_ACTION else "an Ombudsman recommendation"
    due = long_day(item.due_on)
    if item.due_on >= today:
        left = calendar.working_days_between(today, item.due_on)
        when = "today" if left == 0 else f"in {working_days(left)}"
        return f"{item.reference}: {what} is due {when}, on {due}. Record it once done."
    late = calendar.working_days_between(item.due_on, today)
    return (
        f"{item.reference} is overdue: {what} was due on {due}, {working_days(late)} ago. "
        "Record what was done, or why not."
    )


def _subject(item: ActionDue, *, overdue: bool) -> str:
    what = "learning action" if item.what == LEARNING_ACTION else "Ombudsman recommendation"
    return f"[heard] {'Overdue' if overdue else 'Due soon'}: {what} on {item.reference}"


def _blocks(text: str, reference: str) -> list[dict[str, Any]]:
    return [
        {"type": "section", "text": {"type": "plain_text", "text": text}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": ids.OPEN_CASE,
                    "value": reference,
                    "text": {"type": "plain_text", "text": "Open case"},
                }
            ],
        },
    ]


def _before(calendar: WorkingCalendar, day: date, count: int) -> date:
    """The working day `count` working days before `day`."""
    probe, remaining = day, count
    while remaining > 0:
        probe = date.fromordinal(probe.toordinal() - 1)
        if calendar.is_working_day(probe):
            remaining -= 1
    return probe
