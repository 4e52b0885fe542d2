"""How every modal is saved (`saving`), and what the modals for a dated step share: a calendar
that opens on today and the bounds every date staff enter keeps.

`saving` is the one way a Slack form is saved: the role is checked, every field is validated
on the server and the change applied before Slack is answered, so a refusal from the store (a
rule of the procedure only it knows in full) comes back as a form error too and the modal stays
open for staff to put it right, instead of closing and sending a message. A save that takes
longer than Slack waits is answered with a view that shows the outcome later (bot/in_time.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot.in_time import CLOSE, REFUSED, Answer, answer_form, field_errors
from bot.kit import Body, Change, Kit, Listener, case_or_why, user_of
from bot.modals.common import Block, Form, datepicker, input_block
from store.models import Case

T = TypeVar("T")
ERROR_MAX = 500  # a form error is a line next to a field, not a page
UNREADABLE = "Something in the form could not be read."
SAVED = "Saved: the card shows it. Close this."  # when saving took longer than Slack waits


def date_field(block_id: str, label: str, today: date, *, hint: str | None = None) -> Block:
    return input_block(block_id, label, datepicker(initial=today), hint=hint)


@dataclass(frozen=True)
class Bound:
    """The earliest day a date may be, and why (said in the form error)."""

    day: date
    why: str


def earliest(arrived: date, *later: Bound | None) -> Bound:
    """The latest of the day the case arrived and the other bounds given: the date must keep
    all (CaseService.arrived_on gives `arrived`)."""
    bound = Bound(arrived, ", the day the complaint was received")
    for other in later:
        if other is not None and other.day > bound.day:
            bound = other
    return bound


def day_between(form: Form, block_id: str, bound: Bound, today: date, what: str) -> date | None:
    """The date in `block_id`: not before `bound`, not after today."""
    return form.day(
        block_id,
        required=f"Choose the date {what}.",
        earliest=bound.day,
        earliest_why=bound.why,
        latest=today,
        latest_why=" (today): enter the date it happened",
    )


# check(session, case, form, today): read what the form is judged against and parse it; every
# problem goes into form.errors under its block id
Check = Callable[[Session, Case, Form, date], T | None]


def saving(
    kit: Kit,
    *,
    permission: str,
    check: Check[T],
    apply: Callable[[T], Change],
    refusal_field: str,
) -> Listener:
    """The submission listener of a dated modal: check the role, validate every field on the
    server, apply the change; any problem is answered with `response_action: errors` (the
    store's refusals next to `refusal_field`)."""

    async def save(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await answer_form(ack, body, client, saved(body, client), done=SAVED)

    async def saved(body: Body, client: AsyncWebClient) -> Answer:
        view = body.get("view") or {}
        reference = str(view.get("private_metadata") or "")[:40]
        if not await kit.permitted(permission, body, client, reference):
            return REFUSED
        values = (view.get("state") or {}).get("values")
        form, parsed = await read_form(
            kit, reference=reference, values=values, check=check, refusal_field=refusal_field
        )
        if form.errors or parsed is None:
            return field_errors(form_errors(form, refusal_field))
        problem = await kit.change(reference=reference, user=user_of(body), apply=apply(parsed))
        if problem:
            return field_errors(short_errors({refusal_field: problem}))
        return CLOSE

    return save


async def read_form(
    kit: Kit, *, reference: str, values: Any, check: Check[T], refusal_field: str
) -> tuple[Form, T | None]:
    """The submitted form, checked against the case as it is now (a case that cannot be acted
    on is an error next to `refusal_field`): what saving and previewing a form both start with."""
    form, today = Form(values), kit.deps.today()

    def read(session: Session) -> T | None:
        case = case_or_why(session, reference)
        if isinstance(case, str):
            form.errors[refusal_field] = case
            return None
        return check(session, case, form, today)

    return form, await kit.read(read)


def form_errors(form: Form, refusal_field: str) -> dict[str, str]:
    """The form's errors for Slack, or one saying it could not be read when check gave none."""
    return short_errors(form.errors or {refusal_field: UNREADABLE})


def short_errors(errors: dict[str, str]) -> dict[str, str]:
    return {field: text[:ERROR_MAX] for field, text in errors.items()}
