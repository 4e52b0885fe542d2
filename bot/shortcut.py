"""The global shortcut "Log a contact": opens the log-contact modal from anywhere in Slack."""

from __future__ import annotations

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot import ids
from bot.kit import Body, Kit, Listener, user_of
from bot.modals.log_contact import log_contact_modal
from bot.permissions import allowed, refusal


def log_contact(kit: Kit) -> Listener:
    async def log_contact_shortcut(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()
        if allowed(ids.LOG_CONTACT_VIEW, await kit.roles_of(user_of(body))):
            await client.views_open(trigger_id=body["trigger_id"], view=log_contact_modal())
        else:
            await client.chat_postMessage(channel=user_of(body), text=refusal(ids.LOG_CONTACT_VIEW))

    return log_contact_shortcut
