"""The bolt app: listeners acknowledge Slack at once, then do the work in a worker thread.

Signature verification stays on (bolt's default); tests sign requests with a test secret.
Every change goes through the case service, which writes the audit log and queues the card
update and thread reply in the outbox; the listener itself posts only ephemeral answers.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

from bot import ids
from bot.groups import GroupMembership
from bot.handlers import Handlers
from bot.home import home_view
from bot.modals import (
    change_triage_modal,
    details_modal,
    extend_modal,
    log_contact_modal,
    parse_change_triage,
    parse_extend,
    parse_log_contact,
    parse_reason_for_delay,
    parse_respond,
    reason_for_delay_modal,
    respond_modal,
)
from bot.permissions import allowed, refusal
from cases.enums import Role
from heard.context import AppContext
from outbound import chaser_ids

log = logging.getLogger("heard.slack")
SIMPLE_ACTIONS = (
    ids.ACKNOWLEDGE,
    ids.CONFIRM_TRIAGE,
    ids.ESCALATE,
    ids.CLOSE,
    ids.WITHDRAW,
    ids.PANEL_HELD,
    ids.CHAIR_REPORT,
    ids.LGSCO_RECEIVED,
)


class BotIdentity:
    """Who the bot is, learned once from auth.test in the background.

    bolt's default single-workspace authorisation calls auth.test on the first request: with
    Slack slow, that first ack would miss Slack's 3 seconds. Here authorisation never waits
    on the Web API.
    """

    def __init__(self, token: str) -> None:
        self.token = token
        self.bot_user_id: str | None = None
        self.bot_id: str | None = None

    async def learn(self, client: AsyncWebClient) -> None:
        try:
            answer = await asyncio.wait_for(client.auth_test(), timeout=30)
        except Exception:
            log.warning("auth.test failed; the bot's own events are still ignored by bot id")
            return
        self.bot_user_id, self.bot_id = answer.get("user_id"), answer.get("bot_id")

    def result(self, enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=self.token,
            bot_user_id=self.bot_user_id,
            bot_id=self.bot_id,
        )


def web_client(context: AppContext) -> AsyncWebClient:
    settings = context.settings
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return AsyncWebClient(token=token, base_url=settings.slack_api_url, timeout=10)


def build_app(
    context: AppContext,
    *,
    client: AsyncWebClient | None = None,
    identity: BotIdentity | None = None,
) -> AsyncApp:
    settings = context.settings
    secret = (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    )
    client = client or web_client(context)
    identity = identity or BotIdentity(token=client.token or "")

    async def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        return identity.result(enterprise_id, team_id)  # bolt passes arguments by name

    app = AsyncApp(
        client=AsyncWebClient(base_url=client.base_url, timeout=client.timeout),
        signing_secret=secret,
        authorize=authorize,
        ignoring_self_events_enabled=True,
    )
    handlers = Handlers(context)
    granted_groups = frozenset(
        group for grant in context.rulebook.spec.roles for group in grant.groups
    )
    membership = GroupMembership(client, wanted=granted_groups)

    async def roles_of(user: str) -> frozenset[Role]:
        return context.rulebook.roles_for(user, await membership.of(user))

    async def ephemeral(client: AsyncWebClient, body: dict[str, Any], text: str) -> None:
        channel = (body.get("channel") or {}).get("id") or body.get("user", {}).get("id")
        user = body.get("user", {}).get("id") or body.get("user_id")
        try:
            await client.chat_postEphemeral(channel=channel, user=user, text=text)
        except Exception:
            log.warning("could not show an ephemeral message")

    async def permitted(
        action_id: str, body: dict[str, Any], client: AsyncWebClient, reference: str | None
    ) -> bool:
        user = body.get("user", {}).get("id") or body.get("user_id", "")
        if allowed(action_id, await roles_of(user)):
            return True
        await asyncio.to_thread(
            handlers.refuse, user=user, action_id=action_id, reference=reference
        )
        await ephemeral(client, body, refusal(action_id))
        return False

    def simple_action(action_id: str) -> None:
        @app.action(action_id)
        async def simple(
            ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
        ) -> None:
            await ack()
            reference = action.get("value", "")
            if not await permitted(action_id, body, client, reference):
                return
            problem = await asyncio.to_thread(
                handlers.run, action_id, user=body["user"]["id"], reference=reference
            )
            if problem:
                await ephemeral(client, body, problem)

    for simple_id in SIMPLE_ACTIONS:
        simple_action(simple_id)

    @app.action(chaser_ids.ACKNOWLEDGE)
    async def chaser_acknowledge(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        reference = action.get("value", "")
        if not await permitted(ids.ACKNOWLEDGE, body, client, reference):
            return
        problem = await asyncio.to_thread(
            handlers.run, ids.ACKNOWLEDGE, user=body["user"]["id"], reference=reference
        )
        await ephemeral(client, body, problem or f"{reference} acknowledged.")

    @app.action(chaser_ids.SNOOZE)
    async def chaser_snooze(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        answer = await asyncio.to_thread(
            handlers.snooze, user=body["user"]["id"], reference=action.get("value", "")
        )
        await ephemeral(client, body, answer)

    @app.action(chaser_ids.OPEN_CASE)
    async def chaser_open(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        reference = action.get("value", "")
        if not await permitted(ids.VIEW_DETAILS, body, client, reference):
            return
        await ephemeral(client, body, await asyncio.to_thread(handlers.find, reference))

    @app.action(chaser_ids.REASON_FOR_DELAY)
    async def chaser_reason(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        await open_modal(
            body, client, ids.REASON_FOR_DELAY_VIEW, reason_for_delay_modal(action.get("value", ""))
        )

    @app.action(ids.ASSIGN)
    async def assign(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        reference = _reference_of_card(body)
        if not await permitted(ids.ASSIGN, body, client, reference):
            return
        problem = await asyncio.to_thread(
            handlers.run,
            ids.ASSIGN,
            user=body["user"]["id"],
            reference=reference,
            assignee=action.get("selected_user"),
        )
        if problem:
            await ephemeral(client, body, problem)

    async def open_modal(
        ack: Any, body: dict[str, Any], client: AsyncWebClient, action_id: str, view: dict[str, Any]
    ) -> None:
        await ack()
        reference = body.get("actions", [{}])[0].get("value")
        if await permitted(action_id, body, client, reference):
            await client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(ids.EXTEND)
    async def extend(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        due = await asyncio.to_thread(handlers.stage_due, action["value"])
        await open_modal(
            ack,
            body,
            client,
            ids.EXTEND,
            extend_modal(action["value"], current_due=due[0], maximum=due[1]),
        )

    @app.action(ids.RESPOND)
    async def respond(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        late = await asyncio.to_thread(handlers.is_late, action["value"])
        await open_modal(body, client, ids.RESPOND, respond_modal(action["value"], late=late))

    @app.action(ids.CHANGE_TRIAGE)
    async def change(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await open_modal(ack, body, client, ids.CHANGE_TRIAGE, change_triage_modal(action["value"]))

    @app.action(ids.VIEW_DETAILS)
    async def view_details(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        if not await permitted(ids.VIEW_DETAILS, body, client, action["value"]):
            return
        lines = await asyncio.to_thread(handlers.details, action["value"])
        if lines is not None:
            await client.views_open(
                trigger_id=body["trigger_id"], view=details_modal(action["value"], lines=lines)
            )

    def submission(callback_id: str, parse: Any, key: str, permission: str) -> None:
        @app.view(callback_id)
        async def submitted(
            ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
        ) -> None:
            parsed = parse(view["state"]["values"])
            if isinstance(parsed, dict):
                await ack(response_action="errors", errors=parsed)
                return
            await ack()
            reference = view.get("private_metadata", "")
            if not await permitted(permission, body, client, reference):
                return
            problem = await asyncio.to_thread(
                handlers.run,
                callback_id,
                user=body["user"]["id"],
                reference=reference,
                **{key: parsed},
            )
            if problem:
                await client.chat_postMessage(channel=body["user"]["id"], text=problem)

    submission(ids.EXTEND_VIEW, parse_extend, "extension", ids.EXTEND)
    submission(ids.RESPOND_VIEW, parse_respond, "response", ids.RESPOND)
    submission(ids.CHANGE_TRIAGE_VIEW, parse_change_triage, "change", ids.CHANGE_TRIAGE)
    submission(
        ids.REASON_FOR_DELAY_VIEW, parse_reason_for_delay, "reason", ids.REASON_FOR_DELAY_VIEW
    )

    @app.view(ids.LOG_CONTACT_VIEW)
    async def logged(
        ack: Any, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        parsed = parse_log_contact(view["state"]["values"])
        if isinstance(parsed, dict):
            await ack(response_action="errors", errors=parsed)
            return
        await ack()
        user = body["user"]["id"]
        if not await permitted(ids.LOG_CONTACT_VIEW, body, client, None):
            return
        reference = await asyncio.to_thread(handlers.log_contact, user=user, contact=parsed)
        await client.chat_postMessage(channel=user, text=f"Logged as {reference}.")

    @app.command(ids.COMMAND)
    async def command(ack: Any, body: dict[str, Any], client: AsyncWebClient, respond: Any) -> None:
        text = (body.get("text") or "").strip()
        words = text.split()
        user = body.get("user_id", "")
        if words[:1] == ["find"] and len(words) == 2:
            await ack()
            if not await roles_of(user):
                await respond(response_type="ephemeral", text=refusal(ids.VIEW_DETAILS))
                return
            await respond(
                response_type="ephemeral",
                text=await asyncio.to_thread(handlers.find, words[1].upper()),
            )
            return
        if words[:1] == ["mine"]:
            await ack()
            rows = await asyncio.to_thread(handlers.mine, user)
            lines = [
                f"{ref}: {status}" + (f", due {due:%a %-d %b}" if due else "")
                for ref, status, due in rows
            ] or ["You hold no open cases."]
            await respond(response_type="ephemeral", text="\n".join(lines))
            return
        await ack()
        if allowed(ids.LOG_CONTACT_VIEW, await roles_of(user)):
            await client.views_open(trigger_id=body["trigger_id"], view=log_contact_modal())
        else:
            await respond(response_type="ephemeral", text=refusal(ids.LOG_CONTACT_VIEW))

    @app.shortcut(ids.LOG_CONTACT_SHORTCUT)
    async def shortcut(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        if allowed(ids.LOG_CONTACT_VIEW, await roles_of(body["user"]["id"])):
            await client.views_open(trigger_id=body["trigger_id"], view=log_contact_modal())

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], client: AsyncWebClient) -> None:
        user = event["user"]
        rows = await asyncio.to_thread(handlers.mine, user)
        team_rows = await asyncio.to_thread(handlers.team_cases, user)
        await client.views_publish(
            user_id=user,
            view=home_view(
                mine=rows, team=team_rows, today=context.calendar.local_date(context.clock.now())
            ),
        )

    return app


def _reference_of_card(body: dict[str, Any]) -> str:
    for block in (body.get("message") or {}).get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("type") == "button" and element.get("value"):
                return str(element["value"])
    return ""
