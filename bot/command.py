"""The slash command: `/complaint find CSC-2026-000123`, `/complaint mine`, and `/complaint`
alone to log a phone call, visit or letter (opens the log-contact modal)."""

from __future__ import annotations

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot import ids
from bot.kit import Body, Kit, Listener, slack_actor, user_of
from bot.lines import case_rows, summary
from bot.modals.log_contact import log_contact_modal
from bot.permissions import allowed, refusal
from casework.reading import record_read
from store.cases.queries import open_cases_held_by

USAGE = (
    "`/complaint` logs a call, visit or letter; `/complaint find CSC-2026-000123` shows a case; "
    "`/complaint mine` lists the cases you hold."
)


def slash_command(kit: Kit) -> Listener:
    async def complaint(
        ack: AsyncAck, body: Body, client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await ack()
        words = str(body.get("text") or "").split()
        user = user_of(body)
        roles = await kit.roles_of(user)
        if words[:1] in (["find"], ["mine"]) and not allowed(ids.VIEW_DETAILS, roles):
            await respond(response_type="ephemeral", text=refusal(ids.VIEW_DETAILS))
        elif words[:1] == ["find"] and len(words) == 2 and len(words[1]) <= 40:
            reference = words[1].upper()
            text = await kit.read(lambda session: summary(session, reference))
            await kit.write(  # a read of the case's summary (issue 27); nothing if no such case
                lambda session: record_read(
                    session,
                    reference=reference,
                    actor=slack_actor(user),
                    at=kit.deps.now(),
                    where="/complaint find",
                    summary_only=True,
                )
            )
            await respond(response_type="ephemeral", text=text)
        elif words == ["mine"]:
            rows = await kit.read(lambda session: open_cases_held_by(session, assignee=user))
            text = case_rows(rows, empty="You hold no open cases.")
            await respond(response_type="ephemeral", text=text[:3000])
        elif words:
            await respond(response_type="ephemeral", text=USAGE)
        elif allowed(ids.LOG_CONTACT_VIEW, roles):
            await client.views_open(trigger_id=body["trigger_id"], view=log_contact_modal())
        else:
            await respond(response_type="ephemeral", text=refusal(ids.LOG_CONTACT_VIEW))

    return complaint
