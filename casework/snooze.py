"""Snoozing a chaser: it comes back to the person who clicked on the day they chose; the
scheduler's own ladder of chasers is left as it is. From Slack it comes back as a Slack
message; from the web (staff who may have no Slack) by email to the address they signed in
with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from cases.actor import Actor, Via
from cases.changes import Note
from cases.day_words import long_date
from casework.service import CaseService
from store import reminders
from store.models import Case


@dataclass(frozen=True)
class Snoozed:
    reference: str
    on: date
    new: bool  # False when this person had already snoozed it to that day


def snooze(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    user: str,
    remind_on: date,
    remind_at: datetime,
    via: Via = Via.SLACK,
) -> Snoozed | None:
    """Remind `user` (a Slack user id; from the web, the email address they signed in with)
    about the case's open deadline at `remind_at`.

    None when the case has no open deadline. Snoozing twice to the same day is one reminder."""
    deadline = reminders.snoozed_deadline(session, case=case)
    if deadline is None or deadline.id is None:
        return None
    due = deadline.extended_to or deadline.due_on
    kind = "overdue" if due < remind_on else "due_today" if due == remind_on else "due_soon"
    new = reminders.add_snooze(
        session,
        case=case,
        deadline=deadline,
        user=f"{reminders.EMAIL_PREFIX}{user}" if via == Via.WEB else user,
        kind=kind,
        remind_on=remind_on,
        remind_at=remind_at,
        now=service.clock.now(),
    )
    if new:
        service.note(
            session,
            case=case,
            action=Note.SNOOZED,
            actor=Actor.staff(via, user),
            reason=f"chaser moved to {long_date(remind_on)}",
            after={"reminder_for": user, "remind_on": remind_on.isoformat()},
        )
    return Snoozed(case.reference, remind_on, new)
