"""Who the bot is and the Web API client it talks through."""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import SlackConfig

log = logging.getLogger("heard.slack")


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


def web_client(config: SlackConfig) -> AsyncWebClient:
    return AsyncWebClient(token=config.bot_token, base_url=config.api_url, timeout=10)
