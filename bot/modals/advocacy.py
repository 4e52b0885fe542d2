"""Advocacy from the card's More menu: a child or young person is offered an advocate, takes it
up or declines, with the advocate's organisation. Saved through casework.records, as
`heard case REF advocacy` does; the annual report counts advocacy outcomes from it."""

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
from bot.modals.dated import saving
from cases.enums import AdvocacyStatus
from casework import records
from store.models import Case

ORGANISATION_MAX = 200
STATUSES = enum_options(list(AdvocacyStatus))


def advocacy_modal(reference: str, *, today: date) -> View:
    return modal(
        ids.ADVOCACY_VIEW,
        "Advocacy",
        [
            input_block("status", "Advocacy", select(STATUSES)),
            input_block(
                "organisation",
                "Advocate's organisation",
                text_input(ORGANISATION_MAX),
                optional=True,
            ),
            input_block("on", "On", datepicker(initial=today)),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class AdvocacyInput:
    status: AdvocacyStatus
    organisation: str | None
    on: date


def parse_advocacy(form: Form, dates: Dates) -> AdvocacyInput | None:
    status = form.enum("status", AdvocacyStatus, STATUSES, required="Choose what happened.")
    organisation = form.text("organisation", max_length=ORGANISATION_MAX)
    on = dates.happened(form, "on", required="Choose the day.")
    if status is None or on is None or form.errors:
        return None
    return AdvocacyInput(status, organisation, on)


def apply_advocacy(given: AdvocacyInput) -> Change:
    def apply(act: Act) -> None:
        records.record_advocacy(
            act.service,
            act.session,
            case=act.case,
            status=given.status,
            on=given.on,
            organisation=given.organisation,
            actor=act.actor,
            today=act.today,
        )

    return apply


def opener(kit: Kit) -> Listener:
    async def open_advocacy(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            return advocacy_modal(reference, today=kit.deps.today())

        await kit.open_modal(ack, body, client, permission=ids.ADVOCACY, view_for=view_for)

    return open_advocacy


def submission(kit: Kit) -> Listener:
    def check(session: Session, case: Case, form: Form, today: date) -> AdvocacyInput | None:
        return parse_advocacy(form, kit.dates_for(case, today))

    return saving(
        kit,
        permission=ids.ADVOCACY,
        check=check,
        apply=apply_advocacy,
        refusal_field="status",
    )
