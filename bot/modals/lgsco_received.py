"""LGSCO enquiry received: the card's button opens this modal for the Ombudsman's reference and
the day the enquiry arrived (its response clock starts then, not on the day staff click)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener
from bot.modals.common import Form, View, input_block, modal, text_input
from bot.modals.dated import date_field, day_between, earliest, saving
from cases.lgsco_reference import REFERENCE_NEEDED, lgsco_reference
from cases.procedure import ProcedureError
from casework import ombudsman
from store.models import Case

REFERENCE_MAX = 40  # what the store keeps (LgscoCase.lgsco_reference)


def lgsco_received_modal(reference: str, *, today: date) -> View:
    ombudsman = input_block(
        "lgsco_reference",
        "The Ombudsman's reference",
        text_input(REFERENCE_MAX),
        hint="As on their letter, such as 24 012 345.",
    )
    return modal(
        ids.LGSCO_RECEIVED_VIEW,
        "Ombudsman enquiry",
        [ombudsman, date_field("received_on", "Date the enquiry arrived", today)],
        reference=reference,
    )


@dataclass(frozen=True)
class EnquiryInput:
    lgsco_reference: str
    received_on: date


def check_enquiry(case: Case, form: Form, today: date, *, arrived: date) -> EnquiryInput | None:
    ombudsman = form.text(
        "lgsco_reference",
        max_length=REFERENCE_MAX,
        required=f"{REFERENCE_NEEDED}.",
    )
    if ombudsman is not None:
        try:  # the shape every door takes (cases.lgsco_reference)
            ombudsman = lgsco_reference(ombudsman)
        except ProcedureError as refused:
            form.errors["lgsco_reference"] = str(refused)
    received = day_between(form, "received_on", earliest(arrived), today, "the enquiry arrived")
    if not ombudsman or received is None or form.errors:
        return None
    return EnquiryInput(ombudsman, received)


def apply_enquiry(answer: EnquiryInput) -> Change:
    def apply(act: Act) -> None:
        ombudsman.lgsco_received(
            act.service,
            act.session,
            case=act.case,
            received_on=answer.received_on,
            lgsco_reference=answer.lgsco_reference,
            actor=act.actor,
            today=act.today,
        )

    return apply


def opener(kit: Kit) -> Listener:
    async def open_enquiry(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            found = await kit.read_case(reference, lambda session, case: case)
            if isinstance(found, str):
                return found
            return lgsco_received_modal(reference, today=kit.deps.today())

        await kit.open_modal(ack, body, client, permission=ids.LGSCO_RECEIVED, view_for=view_for)

    return open_enquiry


def submission(kit: Kit) -> Listener:
    def check(session: Session, case: Case, form: Form, today: date) -> EnquiryInput | None:
        return check_enquiry(case, form, today, arrived=kit.deps.cases.arrived_on(case))

    return saving(
        kit,
        permission=ids.LGSCO_RECEIVED,
        check=check,
        apply=apply_enquiry,
        refusal_field="received_on",
    )
