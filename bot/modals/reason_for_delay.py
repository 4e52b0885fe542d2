"""Record reason for delay: the button on an overdue chaser opens this modal; submitting it
records why the current stage's response is late (through the case service, audited)."""

from __future__ import annotations

from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Dates, Kit, Listener
from bot.modals.common import Form, View, input_block, modal, text_input
from bot.modals.dated import saving
from casework import response
from store.models import Case

REASON_MAX = 1000


def reason_for_delay_modal(reference: str) -> View:
    return modal(
        ids.REASON_FOR_DELAY_VIEW,
        "Reason for delay",
        [
            input_block(
                "reason", "Why is the response late?", text_input(REASON_MAX, multiline=True)
            )
        ],
        reference=reference,
    )


def parse_reason_for_delay(form: Form, dates: Dates) -> str | None:
    return form.text("reason", max_length=REASON_MAX, required="Say why the response is late.")


def apply_reason_for_delay(reason: str) -> Change:
    def apply(act: Act) -> None:
        response.record_reason_for_delay(
            act.service, act.session, case=act.case, reason=reason, actor=act.actor
        )

    return apply


def opener(kit: Kit) -> Listener:
    async def open_reason_for_delay(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            return reason_for_delay_modal(reference)

        await kit.open_modal(
            ack, body, client, permission=ids.REASON_FOR_DELAY_VIEW, view_for=view_for
        )

    return open_reason_for_delay


def submission(kit: Kit) -> Listener:
    def check(session: Session, case: Case, form: Form, today: date) -> str | None:
        return parse_reason_for_delay(form, kit.dates_for(case, today))

    return saving(
        kit,
        permission=ids.REASON_FOR_DELAY_VIEW,
        check=check,
        apply=apply_reason_for_delay,
        refusal_field="reason",
    )
