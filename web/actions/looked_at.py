"""Forms for what the CLI and Slack could do and the web could not (issue 25): the council's
reply to the Ombudsman, clearing "needs a person to look" with a reason, and the event or
awareness date the 12-month time limit runs from; and snoozing a chaser, by email. Each calls
the use case `heard case REF lgsco-replied`, `clear-attention`, `event-date` and Slack's Snooze
call, with the same checks; each is offered only while it applies (WebAction.needs, worked out
by web/pages/case_page.py)."""

from __future__ import annotations

from typing import Any

from cases.actor import Via
from cases.permissions import StaffAction
from web.actions import usecases
from web.actions.base import Act, WebAction, on_field
from web.actions.fields import Field, Kind


def _clear_fields(act: Act) -> tuple[Field, ...]:
    """The reason, with what was flagged above it (Slack's Clear modal shows it too)."""
    flagged = (act.case.attention_reason or "needs a person to look").rstrip(".")
    return (
        Field("reason", "What was done, or why nothing needs doing", Kind.TEXTAREA,
              hint=f"Flagged: {flagged}. Staff only: kept in the case's history, never sent "
              "to the complainant", max_length=1000),
    )  # fmt: skip


def _lgsco_replied(act: Act, values: dict[str, Any]) -> str:
    day = act.on(values["on"], "the day the council replied")
    usecases.lgsco_replied(
        act.service, act.session, case=act.case, replied_on=day, actor=act.actor, today=act.today
    )
    return f"Reply to the Ombudsman recorded ({day:%-d %B %Y}): its reminders stop"


def _clear_attention(act: Act, values: dict[str, Any]) -> str:
    usecases.clear_attention(
        act.service, act.session, case=act.case, actor=act.actor, reason=values["reason"]
    )
    return "The case no longer needs a person to look"


def _event_date(act: Act, values: dict[str, Any]) -> str:
    usecases.set_event_date(
        act.service, act.session, case=act.case, event_on=values["event_on"], actor=act.actor,
        reason=values.get("reason"),
    )  # fmt: skip
    verdict = (
        "over 12 months before the complaint: weigh the council's discretion"
        if act.case.out_of_time
        else "within 12 months"
    )
    return f"Event or awareness date {values['event_on']:%-d %B %Y} recorded: {verdict}"


SNOOZE_HORIZON = 60  # working days ahead a reminder may be asked for


def _snooze(act: Act, values: dict[str, Any]) -> str:
    """The web's snooze: staff may have no Slack, so the reminder comes back by email to the
    address they signed in with, at the chaser hour of the working day they chose."""
    calendar, day = act.deps.calendar, values["remind_on"]
    if day <= act.today:
        raise usecases.ProcedureError("choose a day after today for the reminder")
    if not calendar.is_working_day(day):
        raise usecases.ProcedureError(
            f"{day:%A %-d %B %Y} is not a working day: choose a working day for the reminder"
        )
    if day > calendar.add_working_days(act.today, SNOOZE_HORIZON):
        raise usecases.ProcedureError(
            f"choose a day within {SNOOZE_HORIZON} working days: the chasers carry on meanwhile"
        )
    snoozed = usecases.snooze(
        act.service, act.session, case=act.case, user=act.actor.name, remind_on=day,
        remind_at=calendar.at_local_time(day, act.deps.config.chaser_hour), via=act.actor.via or Via.WEB,
    )  # fmt: skip
    if snoozed is None:
        reference = act.case.reference
        raise usecases.ProcedureError(f"{reference} has no open deadline to be reminded of")
    return f"We will email you a reminder about {act.case.reference} on {day:%A %-d %B %Y}"


SNOOZE = WebAction(
    "snooze", "Remind me about this case", StaffAction.SNOOZE_CHASER, None,
    (Field("remind_on", "The working day to be reminded on", Kind.DATE,
           hint="An email comes to you at the chaser hour that day; the team's own chasers "
                "carry on. For example, 14 4 2026"),),
    _snooze, "remind_on", button="Remind me", needs="open_deadline",
)  # fmt: skip


LOOKED_AT_ACTIONS: tuple[WebAction, ...] = (
    WebAction("lgsco-replied", "Record the council's reply to the Ombudsman",
              StaffAction.LGSCO_REPLIED, None,
              (on_field("The day the council replied"),), _lgsco_replied, "on",
              needs="lgsco_reply"),
    WebAction("clear-attention", "Clear \u201cneeds a person to look\u201d",
              StaffAction.CLEAR_ATTENTION, None,
              _clear_fields, _clear_attention, "reason", button="Clear the flag",
              needs="attention"),
    WebAction("event-date", "Record the event or awareness date", StaffAction.EVENT_DATE, None,
              (Field("event_on", "The day of the event complained of, or when the complainant "
                     "became aware of it", Kind.DATE,
                     hint="The 12-month time limit runs from it. For example, 27 3 2025"),
               Field("reason", "Where the date comes from", Kind.TEXTAREA, required=False,
                     hint="Staff only: kept in the case's history", max_length=300)),
              _event_date, "event_on", needs="event_date"),
    SNOOZE,
)  # fmt: skip
