from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest_asyncio
from sqlmodel import select

from bot.server import SlackComponent
from cases.clock import SettableClock
from heard.context import AppContext, build_context
from heard.serve import build_slack
from heard.settings import DEFAULT_RULES_PATH, Settings
from store.db import session_scope
from store.models import Case
from testkit.role_rules import write_rules
from testkit.slack_api import SlackStub
from testkit.slack_cases import new_case
from testkit.slack_rules import SLACK_ROLES
from testkit.slack_signing import SECRET, signed_headers


@dataclass
class Slack:
    context: AppContext
    component: SlackComponent
    api: SlackStub
    http: aiohttp.ClientSession

    async def post(
        self, body: str, *, headers: dict[str, str] | None = None
    ) -> aiohttp.ClientResponse:
        url = f"http://127.0.0.1:{self.component.port}/slack/events"
        return await self.http.post(url, data=body, headers=headers or signed_headers(body))

    def new_case(
        self,
        body: str = "My son's social worker is rude.",
        subject: str = "Complaint",
        *,
        days_ago: int = 0,
    ) -> str:
        """A complaint by email, triaged; `days_ago` > 0 received that long ago (so staff can
        enter the dates things happened since)."""
        clock = self.context.clock
        if days_ago:
            clock = SettableClock(clock.now() - timedelta(days=days_ago))
        return new_case(
            engine=self.context.engine,
            service=self.component.deps.cases,
            rulebook=self.context.rulebook,
            clock=clock,
            body=body,
            subject=subject,
        )

    def case(self, reference: str) -> Case:
        with session_scope(self.context.engine) as session:
            return session.exec(select(Case).where(Case.reference == reference)).one()


@pytest_asyncio.fixture
async def slack(
    settings: Settings,
    database_url: str,
    slack_api: SlackStub,
    tmp_path: Path,
) -> AsyncIterator[Slack]:
    rules = write_rules(DEFAULT_RULES_PATH, tmp_path / "rules.yaml", roles=SLACK_ROLES)
    async with slack_running(settings, database_url, slack_api, rules) as running:
        yield running


@asynccontextmanager
async def slack_running(
    settings: Settings, database_url: str, slack_api: SlackStub, rules: Path
) -> AsyncIterator[Slack]:
    """heard's Slack part on `rules` (a rule file of the test's own), with the Web API stand-in."""
    configured = settings.model_copy(
        update={
            "database_url": database_url,
            "rules_path": rules,
            "slack_api_url": slack_api.url,
            "slack_bot_token": "xoxb-test",
            "slack_signing_secret": SECRET,
            "slack_http_port": 0,
            "slack_triage_channel": "CTRIAGE",
            "mash_slack_channel": "CMASH",
        }
    )
    configured = Settings.model_validate(configured.model_dump())
    context = build_context(configured)
    component = build_slack(context)
    component.poster.per_channel_interval = 0.0
    await component.start()
    async with aiohttp.ClientSession() as http:
        yield Slack(context, component, slack_api, http)
    await component.stop()
    context.engine.dispose()
