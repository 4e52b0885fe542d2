"""Forms for what the CLI and Slack could do and the web could not (issue 25): the council's
reply to the Ombudsman, clearing "needs a person to look" with a reason, and the event or
awareness date the 12-month time limit runs from. Each calls the use case `heard case REF
lgsco-replied`, `clear-attention` and `event-date` call, with the same checks; each is offered
only while it applies (WebAction.needs, worked out by web/pages/case_page.py)."""

from __future__ import annotations

from typing import Any

from cases.permissions import StaffAction
from web.actions import usecases
from web.actions.base import Act, WebAction, on_field
from web.actions.fields import Field, Kind


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


LOOKED_AT_ACTIONS: tuple[WebAction, ...] = (
    WebAction("lgsco-replied", "Record the council's reply to the Ombudsman",
              StaffAction.LGSCO_REPLIED, None,
              (on_field("The day the council replied"),), _lgsco_replied, "on",
              needs="lgsco_reply"),
    WebAction("clear-attention", "Clear \u201cneeds a person to look\u201d",
              StaffAction.CLEAR_ATTENTION, None,
              (Field("reason", "What was done, or why nothing needs doing", Kind.TEXTAREA,
                     hint="Staff only: kept in the case's history, never sent to the complainant",
                     max_length=1000),), _clear_attention, "reason", button="Clear the flag",
              needs="attention"),
    WebAction("event-date", "Record the event or awareness date", StaffAction.EVENT_DATE, None,
              (Field("event_on", "The day of the event complained of, or when the complainant "
                     "became aware of it", Kind.DATE,
                     hint="The 12-month time limit runs from it. For example, 27 3 2025"),
               Field("reason", "Where the date comes from", Kind.TEXTAREA, required=False,
                     hint="Staff only: kept in the case's history", max_length=300)),
              _event_date, "event_on", needs="event_date"),
)  # fmt: skip
