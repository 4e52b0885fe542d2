"""Chasing the reading queue: a contact no member of staff has opened is chased within the
working day it counts as received on, and every working day after until someone opens it. A
reply on a case already read counts from the reply's arrival (store/cases/unread.py).

The tripwire is the fast path; a person reading every contact is the net (issue 23). A contact
is due a chaser `after` (HEARD_UNREAD_CHASE_MINUTES) into the working day it arrives in (mail
out of hours: from the next opening time), and at the latest half an hour before the day
closes, so no contact waits unread overnight unnoticed. The first chaser goes to the complaints
team (the triage queue team's manager and channel); from the next working day the triage team's
service manager is told as well. One chaser a case a day a person: the outbox's dedupe key
keeps a sweep that runs every minute from sending twice. References only: no names, no text.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from cases.calendar import WorkingCalendar
from cases.day_words import working_days
from cases.enums import OutboxPurpose
from org.directory import Organisation
from outbound import chaser_ids as ids
from outbound.messenger import Addressee, Messenger
from scheduler.recipients import resolve
from scheduler.rules import Recipient
from store.cases.unread import UnreadCase, unread_cases
from store.db import session_scope

LATEST_BEFORE_CLOSE = timedelta(minutes=30)
HORIZON = timedelta(days=60)  # older unread contacts stay in the queue but are not chased
BATCH = 200  # chasers queued in one sweep at most (the rest in the next)


def chase_due_at(received_at: datetime, *, calendar: WorkingCalendar, after: timedelta) -> datetime:
    """When a contact still unread is first chased: `after` into its first working moment,
    and no later than half an hour before that day closes."""
    start = calendar.next_working_moment(received_at)
    day = calendar.local_date(start)
    latest = calendar.at_local_time(day, calendar.closes) - LATEST_BEFORE_CLOSE
    return max(start, min(start + after, latest))


def chaser_text(case: UnreadCase, *, days_unread: int) -> str:
    waited = "since it arrived today" if days_unread == 0 else f"for {working_days(days_unread)}"
    lines = [f"{case.reference} has not been opened by anyone {waited}: please read it today."]
    if case.held:
        lines.append("No automatic reply went to the sender: staff decide how to reply.")
    if case.safeguarding:
        lines.append("It was referred to the MASH: check the referral and what else it says.")
    return " ".join(lines)


def chase_unread(
    engine: Engine,
    *,
    messenger: Messenger,
    organisation: Organisation,
    calendar: WorkingCalendar,
    now: datetime,
    after: timedelta,
    case_page: str = "",
) -> int:
    """Queue today's chasers for unread contacts that are due one; returns how many were new.
    Nothing goes outside working hours. `case_page` is the web's base URL, or empty."""
    if calendar.is_out_of_hours(now):
        return 0
    today = calendar.local_date(now)
    queued = 0
    with session_scope(engine) as session:
        for case in unread_cases(session.connection(), since=now - HORIZON, limit=5000):
            if queued >= BATCH:
                break
            if chase_due_at(case.waiting_since, calendar=calendar, after=after) > now:
                continue
            first_day = calendar.local_date(calendar.next_working_moment(case.waiting_since))
            days_unread = max(0, calendar.working_days_between(first_day, today))
            recipients = [Recipient.COMPLAINTS_TEAM]
            if days_unread >= 1:
                recipients.append(Recipient.SERVICE_MANAGER)
            people = resolve(
                recipients,
                organisation=organisation,
                team_ids=[organisation.triage_team.id],
                assignee=None,
            )
            text = chaser_text(case, days_unread=days_unread)
            link = (
                f"\n\nOpen the case: {case_page.rstrip('/')}/cases/{case.reference}"
                if case_page
                else ""
            )
            for person in people:
                queued += messenger.tell(
                    session,
                    Addressee(email=person.email, slack=person.slack),
                    subject=f"[heard] Not yet read: {case.reference}",
                    text=text + link + "\n\nheard, the complaints service\n",
                    slack_text=text,
                    slack_blocks=_blocks(text, case.reference),
                    purpose=OutboxPurpose.CHASER,
                    dedupe_key=f"unread:{case.id}:{today.isoformat()}:{person.key}",
                    now=now,
                    case_id=case.id,
                )
    return queued


def _blocks(text: str, reference: str) -> list[dict[str, Any]]:
    return [
        {"type": "section", "text": {"type": "plain_text", "text": text}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": ids.READ_CASE,
                    "value": reference,
                    "text": {"type": "plain_text", "text": "Read it"},
                }
            ],
        },
    ]
