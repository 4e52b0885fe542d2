"""Event date: the card's button opens a modal for the day of the event complained of, or of
the complainant's awareness of it (not after the complaint arrived). Saving it reads the
12-month time limit again from that day (casework/time_limit.py), as `heard case REF
event-date` does; the card's flags and the audit log follow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener
from bot.modals.common import Form, View, datepicker, input_block, modal, text_input
from bot.modals.dated import saving
from casework import time_limit
from store.models import Case

REASON_MAX = 300


def event_date_modal(reference: str, *, current: date | None) -> View:
    return modal(
        ids.EVENT_DATE_VIEW,
        "Event date",
        [
            input_block(
                "event_on",
                "When it happened, or when the complainant became aware of it",
                datepicker(initial=current),
                hint="The 12-month time limit runs from this day.",
            ),
            input_block(
                "reason", "Where the date comes from", text_input(REASON_MAX), optional=True
            ),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class EventDateInput:
    event_on: date
    reason: str | None


def check_event_date(
    kit: Kit, session: Session, case: Case, form: Form, today: date
) -> EventDateInput | None:
    arrived = kit.deps.cases.arrived_on(case)
    event_on = form.day(
        "event_on",
        required="Choose the day it happened or the complainant became aware of it.",
        latest=arrived,
        latest_why=", the day the complaint arrived",
    )
    reason = form.text("reason", max_length=REASON_MAX)
    if event_on is None or form.errors:
        return None
    return EventDateInput(event_on, reason)


def apply_event_date(given: EventDateInput) -> Change:
    def apply(act: Act) -> None:
        time_limit.set_event_date(
            act.service,
            act.session,
            case=act.case,
            event_on=given.event_on,
            actor=act.actor,
            reason=given.reason,
        )

    return apply


def opener(kit: Kit) -> Listener:
    async def open_event_date(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            found = await kit.read_case(reference, lambda session, case: case.event_on)
            if isinstance(found, str):
                return found
            return event_date_modal(reference, current=found)

        await kit.open_modal(ack, body, client, permission=ids.EVENT_DATE, view_for=view_for)

    return open_event_date


def submission(kit: Kit) -> Listener:
    def check(session: Session, case: Case, form: Form, today: date) -> EventDateInput | None:
        return check_event_date(kit, session, case, form, today)

    return saving(
        kit,
        permission=ids.EVENT_DATE,
        check=check,
        apply=apply_event_date,
        refusal_field="event_on",
    )
