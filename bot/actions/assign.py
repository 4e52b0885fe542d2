"""Assign: the card's user menu gives the case to a member of staff."""

from __future__ import annotations

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener, Refused, about_the_case, user_of
from casework import assignment
from org.directory import Organisation


def reference_of_card(body: Body) -> str:
    """A users_select has no value of its own: the case is the one the card's buttons name."""
    for block in (body.get("message") or {}).get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("type") == "button" and element.get("value"):
                return str(element["value"])
    return ""


def assign_to(assignee: str, organisation: Organisation) -> Change:
    def apply(act: Act) -> None:
        if not assignee.isalnum() or len(assignee) > 40:
            raise Refused("Choose a member of staff to assign the case to.")
        try:
            assignment.assign(
                act.service, act.session, case=act.case, assignee=assignee, actor=act.actor,
                organisation=organisation,
            )  # fmt: skip
        except assignment.UnknownAssignee:  # Slack's menu lists the whole workspace
            raise Refused(
                f"<@{assignee}> is not in heard's rule file, so heard cannot chase them. "
                "Choose a member of staff it lists, or ask the complaints team to add them."
            ) from None

    return apply


def menu(kit: Kit) -> Listener:
    async def assign(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()
        reference = reference_of_card(body)
        if not await kit.permitted(ids.ASSIGN, body, client, reference):
            return
        selected = str(((body.get("actions") or [{}])[0]).get("selected_user") or "")
        problem = await kit.change(
            reference=reference,
            user=user_of(body),
            apply=assign_to(selected, kit.deps.organisation),
        )
        if problem:
            await kit.ephemeral(client, body, about_the_case(reference, problem))

    return assign
