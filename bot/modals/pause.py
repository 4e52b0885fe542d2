"""Pause and Resume: Regulation 8 lets a complaint wait while legal proceedings or a police
investigation run. Pause (in the card's More menu) opens a modal for the reason and the day it
was put on hold; Resume (a button while paused) one for the day it resumed. Both go through
casework.pauses, as `heard case REF pause|resume` does, so the clocks stop and move on,
reminders are held, and the letters follow from the case service's listeners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Dates, Kit, Listener
from bot.modals.common import (
    Form,
    View,
    datepicker,
    enum_options,
    input_block,
    modal,
    select,
    text_input,
)
from bot.modals.preview import previewing
from cases.day_words import long_day
from cases.enums import PauseReason
from casework import pauses
from store.cases.pauses import current_pause
from store.cases.queries import get_case
from store.models import Case

NOTE_MAX = 500
REASONS = enum_options(list(PauseReason))


def pause_modal(reference: str, *, today: date) -> View:
    return modal(
        ids.PAUSE_VIEW,
        "Pause the complaint",
        [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "While paused, the complaint's deadlines stand still and no "
                    "reminders go out. They move on by the working days paused when it resumes.",
                },
            },
            input_block("reason", "Why", select(REASONS)),
            input_block("paused_on", "Paused on", datepicker(initial=today)),
            input_block("note", "Note (audit trail)", text_input(NOTE_MAX), optional=True),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class PauseInput:
    reason: PauseReason
    paused_on: date
    note: str | None


def parse_pause(form: Form, dates: Dates) -> PauseInput | None:
    reason = form.enum("reason", PauseReason, REASONS, required="Choose why it is paused.")
    paused_on = dates.happened(form, "paused_on", required="Choose the day it was paused.")
    note = form.text("note", max_length=NOTE_MAX)
    if reason is None or paused_on is None or form.errors:
        return None
    return PauseInput(reason, paused_on, note)


def apply_pause(given: PauseInput) -> Change:
    def apply(act: Act) -> None:
        pauses.pause(
            act.service,
            act.session,
            case=act.case,
            reason=given.reason,
            paused_on=given.paused_on,
            actor=act.actor,
            today=act.today,
            note=given.note,
        )

    return apply


def resume_modal(reference: str, *, paused_on: date, reason: PauseReason, today: date) -> View:
    return modal(
        ids.RESUME_VIEW,
        "Resume the complaint",
        [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"Paused since {long_day(paused_on)} ({reason.label.lower()}). "
                    "Its deadlines move on by the working days it was paused.",
                },
            },
            input_block("resumed_on", "Resumed on", datepicker(initial=today)),
        ],
        reference=reference,
    )


def parse_resume(form: Form, dates: Dates, *, paused_on: date | None) -> date | None:
    earliest = max(dates.received, paused_on) if paused_on else dates.received
    return form.day(
        "resumed_on",
        required="Choose the day it resumed.",
        earliest=earliest,
        earliest_why=", the day it was paused" if paused_on else ", the day it was received",
        latest=dates.today,
        latest_why=" (today)",
    )


def apply_resume(resumed_on: date) -> Change:
    def apply(act: Act) -> None:
        pauses.resume(
            act.service,
            act.session,
            case=act.case,
            resumed_on=resumed_on,
            actor=act.actor,
            today=act.today,
        )

    return apply


def pause_opener(kit: Kit) -> Listener:
    async def open_pause(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            return pause_modal(reference, today=kit.deps.today())

        await kit.open_modal(ack, body, client, permission=ids.PAUSE, view_for=view_for)

    return open_pause


def pause_submission(kit: Kit) -> tuple[Listener, Listener]:
    def check(session: Session, case: Case, form: Form, today: date) -> PauseInput | None:
        return parse_pause(form, kit.dates_for(case, today))

    return previewing(  # the pause letter shown before Send
        kit,
        permission=ids.PAUSE,
        check=check,
        apply=apply_pause,
        refusal_field="paused_on",
        preview_id=ids.PAUSE_PREVIEW_VIEW,
    )


def resume_opener(kit: Kit) -> Listener:
    async def open_resume(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            def read(session: Session) -> tuple[date, PauseReason] | None:
                case = get_case(session, reference=reference) if reference else None
                row = current_pause(session, case) if case else None
                return (row.paused_on, row.reason) if row else None

            found = await kit.read(read)
            if found is None:
                return f"{reference} is not paused."
            return resume_modal(
                reference, paused_on=found[0], reason=found[1], today=kit.deps.today()
            )

        await kit.open_modal(ack, body, client, permission=ids.RESUME, view_for=view_for)

    return open_resume


def resume_submission(kit: Kit) -> tuple[Listener, Listener]:
    def check(session: Session, case: Case, form: Form, today: date) -> date | None:
        row = current_pause(session, case)
        dates = kit.dates_for(case, today)
        return parse_resume(form, dates, paused_on=row.paused_on if row else None)

    return previewing(  # the letter with the new due date shown before Send
        kit,
        permission=ids.RESUME,
        check=check,
        apply=apply_resume,
        refusal_field="resumed_on",
        preview_id=ids.RESUME_PREVIEW_VIEW,
    )
