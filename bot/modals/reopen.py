"""Reopen…: a closed or withdrawn case's card offers it (the family asks for the next stage
after the case closed, or comes back after withdrawing). The modal asks why and from which day
(not before the day it ended, not in the future); saving goes through casework.reopening, as
`heard case REF reopen` and the web view do. No letter goes: staff write what happens next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener
from bot.modals.common import Form, View, input_block, modal, text_input
from bot.modals.dated import Bound, date_field, day_between, saving
from cases.enums import CaseStatus
from casework import reopening
from store.models import Case


def reopen_modal(reference: str, *, today: date) -> View:
    return modal(
        ids.REOPEN_VIEW,
        "Reopen",
        [
            input_block(
                "reason",
                "Why it is reopened",
                text_input(reopening.REASON_MAX, multiline=True),
                hint="For example, the family asked for stage 2. Kept in the audit trail; "
                "no letter is sent.",
            ),
            date_field("on", "The day it reopens (the day the family asked)", today),
        ],
        reference=reference,
    )


ENDED = (CaseStatus.CLOSED, CaseStatus.WITHDRAWN)  # what may be reopened


@dataclass(frozen=True)
class ReopenInput:
    reason: str
    on: date


def check_reopen(
    kit: Kit, session: Session, case: Case, form: Form, today: date
) -> ReopenInput | None:
    reason = form.text(
        "reason", max_length=reopening.REASON_MAX, required="Say why the case is reopened."
    )
    closed = case.closed_at or case.received_at
    ended = "withdrawn" if case.status == CaseStatus.WITHDRAWN else "closed"
    bound = Bound(kit.deps.cases.calendar.local_date(closed), f", the day the case was {ended}")
    on = day_between(form, "on", bound, today, "it reopens")
    if reason is None or on is None or form.errors:
        return None
    return ReopenInput(reason, on)


def apply_reopen(given: ReopenInput) -> Change:
    def apply(act: Act) -> None:
        reopening.reopen(
            act.service,
            act.session,
            case=act.case,
            actor=act.actor,
            reason=given.reason,
            on=given.on,
            today=act.today,
        )

    return apply


def opener(kit: Kit) -> Listener:
    async def open_reopen(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            # a bool: read_case says why it could not read the case as a str
            found = await kit.read_case(reference, lambda session, case: case.status in ENDED)
            if isinstance(found, str):
                return found
            if not found:
                return f"{reference} is not closed or withdrawn."
            return reopen_modal(reference, today=kit.deps.today())

        await kit.open_modal(ack, body, client, permission=ids.REOPEN, view_for=view_for)

    return open_reopen


def submission(kit: Kit) -> Listener:
    def check(session: Session, case: Case, form: Form, today: date) -> ReopenInput | None:
        return check_reopen(kit, session, case, form, today)

    return saving(kit, permission=ids.REOPEN, check=check, apply=apply_reopen, refusal_field="on")
