"""Close on a case's card while the complainant may still ask for the next stage.

The web form shows what closing means then (cases.closing's words: until which day they may ask)
above a box to tick, and the CLI refuses without --confirm. Slack asked only in the button's
dialog, written when the card was last drawn: a card drawn before the response (an update held
in the outbox, a copy in another channel) closed the case at once, with no word of the last day.
Now the click reads the case as it is: with nothing to lose it closes at once as before;
otherwise it opens this modal, whose Save is refused, beside the box and naming the last day,
until the box is ticked; casework.closing.close decides, as it does for every door.
"""

from __future__ import annotations

from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener, action_value
from bot.modals.common import Form, View, checkboxes, input_block, modal
from bot.modals.dated import saving
from bot.mrkdwn import plain
from casework import closing
from store.models import Case

CONFIRM = [("confirmed", "Close it now")]


def close_modal(reference: str, *, warning: str) -> View:
    view = modal(
        ids.CLOSE_VIEW,
        "Close the case",
        [
            {"type": "section", "text": plain(warning, 3000)},
            input_block(
                "confirm",
                f"Close {reference} now?",
                checkboxes(CONFIRM),
                hint="Leave it unticked and press Cancel to keep it open until then.",
            ),
        ],
        reference=reference,
    )
    view["submit"] = plain("Close", 24)
    return view


def opener(kit: Kit, *, at_once: Listener) -> Listener:
    """The Close click: the modal while the complainant may still ask, else `at_once` (the
    one-click step, which casework still refuses if a request window opened meanwhile)."""

    async def acked(**_: object) -> None:  # the click is acknowledged once, first
        return None

    async def clicked(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()
        reference = action_value(body)

        def read(session: Session, case: Case) -> tuple[str | None]:
            return (closing.closing_warning(session, case, today=kit.deps.today()),)

        found = await kit.read_case(reference, read)
        warning = found[0] if isinstance(found, tuple) else None
        if warning is None:  # no such case (said by the step) or nothing lost by closing
            await at_once(ack=acked, body=body, client=client)
            return

        if await kit.permitted(ids.CLOSE, body, client, reference):
            view = close_modal(reference, warning=warning)
            await client.views_open(trigger_id=body["trigger_id"], view=view)

    return clicked


def check_close(session: Session, case: Case, form: Form, today: date) -> bool | None:
    """Whether the box is ticked; refused beside it, with the last day named, while the
    complainant may still ask and it is not (casework refuses the same when saving)."""
    ticked = form.ticked("confirm", CONFIRM)
    if ticked is None:
        return None
    warning = closing.closing_warning(session, case, today=today)
    if warning is not None and not ticked:
        form.errors["confirm"] = f"{warning} Tick the box to close it now."
        return None
    return bool(ticked)


def apply_close(confirmed: bool) -> Change:
    def apply(act: Act) -> None:
        closing.close(
            act.service, act.session, case=act.case, actor=act.actor, now=act.now,
            confirmed=confirmed,
        )  # fmt: skip

    return apply


def submission(kit: Kit) -> Listener:
    return saving(
        kit, permission=ids.CLOSE, check=check_close, apply=apply_close, refusal_field="confirm"
    )
