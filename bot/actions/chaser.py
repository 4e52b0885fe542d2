"""The buttons on a chaser (a reminder sent to staff by the scheduler): Acknowledge, Snooze
until the next working day, Open case; Record reason for delay opens its modal
(bot/modals/reason_for_delay.py)."""

from __future__ import annotations

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.actions.lifecycle import button
from bot.kit import Body, Kit, Listener, action_value, case_or_why, user_of
from bot.lines import summary
from casework.snooze import snooze as snooze_chaser
from store.cases.versions import ConcurrentChange


def acknowledge(kit: Kit) -> Listener:
    """The card's Acknowledge, from a chaser: a letter it writes (to a family reached by post
    or text message) is shown before Send, as on the card (its Send is the card's); made at
    once, it says so, since a chaser is a direct message with no card beside it."""
    clicked, _ = button(kit, ids.ACKNOWLEDGE, done=lambda reference: f"{reference} acknowledged.")
    return clicked


def snooze(kit: Kit) -> Listener:
    async def chaser_snooze(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        """The chaser comes back to the person who clicked, at the chaser hour of the next
        working day; the scheduler's own ladder of chasers is left as it is."""
        await ack()
        reference = action_value(body)
        if not await kit.permitted(ids.SNOOZE_CHASER, body, client, reference):
            return
        user = user_of(body)
        calendar = kit.deps.calendar
        remind_on = calendar.add_working_days(kit.deps.today(), 1)
        remind_at = calendar.at_local_time(remind_on, kit.deps.config.chaser_hour)

        def work(session: Session) -> str:
            case = case_or_why(session, reference)
            if isinstance(case, str):
                return case
            snoozed = snooze_chaser(
                kit.deps.cases,
                session,
                case=case,
                user=user,
                remind_on=remind_on,
                remind_at=remind_at,
            )
            if snoozed is None:
                return f"{reference} has no open deadline to be reminded of."
            return f"I'll remind you about {reference} on {remind_on:%A %-d %B}."

        try:
            answer = await kit.write(work)
        except ConcurrentChange:
            answer = f"{reference} was changed by someone else just now; try again."
        await kit.ephemeral(client, body, answer)

    return chaser_snooze


def open_case(kit: Kit) -> Listener:
    async def chaser_open_case(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()
        reference = action_value(body)
        if not await kit.permitted(ids.VIEW_DETAILS, body, client, reference):
            return
        await kit.ephemeral(client, body, await kit.read(lambda s: summary(s, reference)))

    return chaser_open_case
