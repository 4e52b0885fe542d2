"""Looked at: a case flagged "needs a person to look" (a stranger quoting a reference, mail
that could not be read, a bounce) clears when a member of staff says what they did, or why
nothing needs doing. The card's More menu offers it while the flag is up; it goes through
casework.attention, as `heard case REF clear-attention --reason` does."""

from __future__ import annotations

from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener
from bot.modals.common import Form, View, input_block, modal, text_input
from bot.modals.dated import saving
from casework import attention
from store.models import Case


def clear_modal(reference: str, *, flagged: str) -> View:
    return modal(
        ids.CLEAR_ATTENTION_VIEW,
        "Looked at",
        [
            {
                "type": "section",
                "text": {"type": "plain_text", "text": f"Flagged: {flagged}"[:2900]},
            },
            input_block(
                "reason",
                "What was done, or why nothing needs doing",
                text_input(attention.REASON_MAX, multiline=True),
                hint="Kept in the case's audit trail; never sent to the complainant.",
            ),
        ],
        reference=reference,
    )


def check_reason(session: Session, case: Case, form: Form, today: date) -> str | None:
    return form.text(
        "reason",
        max_length=attention.REASON_MAX,
        required="Say what was done, or why nothing needs doing.",
    )


def apply_clear(reason: str) -> Change:
    def apply(act: Act) -> None:
        attention.clear(act.service, act.session, case=act.case, actor=act.actor, reason=reason)

    return apply


def opener(kit: Kit) -> Listener:
    async def open_clear(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            found = await kit.read_case(
                reference, lambda session, case: (case.needs_attention, case.attention_reason)
            )
            if isinstance(found, str):
                return found
            flagged, why = found
            if not flagged:
                return f"{reference} is not waiting for a person to look."
            return clear_modal(reference, flagged=why or "needs attention")

        await kit.open_modal(ack, body, client, permission=ids.CLEAR_ATTENTION, view_for=view_for)

    return open_clear


def submission(kit: Kit) -> Listener:
    return saving(
        kit,
        permission=ids.CLEAR_ATTENTION,
        check=check_reason,
        apply=apply_clear,
        refusal_field="reason",
    )
