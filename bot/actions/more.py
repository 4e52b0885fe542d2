"""The card's More menu (an overflow): each option opens what its own button would. An
overflow has no value of its own, so each option's value is "ACTION_ID REFERENCE"; the chosen
opener then runs as if its button, with the reference as value, had been clicked."""

from __future__ import annotations

from collections.abc import Mapping

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.kit import Body, Kit, Listener


def chosen(body: Body) -> tuple[str, str]:
    """(action id, reference) of the option picked; ("", "") when it is malformed."""
    action = (body.get("actions") or [{}])[0]
    option = action.get("selected_option") if isinstance(action, dict) else None
    value = str((option or {}).get("value") or "") if isinstance(option, dict) else ""
    action_id, _, reference = value.partition(" ")
    return (action_id, reference.strip()[:40]) if reference.strip() else ("", "")


def menu(kit: Kit, openers: Mapping[str, Listener]) -> Listener:
    async def more(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        action_id, reference = chosen(body)
        opener = openers.get(action_id)
        if opener is None:
            await ack()
            await kit.ephemeral(client, body, "That menu item is not one heard knows.")
            return
        as_button = {**body, "actions": [{"action_id": action_id, "value": reference}]}
        await opener(ack=ack, body=as_button, client=client)

    return more
