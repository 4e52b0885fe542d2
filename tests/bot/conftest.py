from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest_asyncio
from sqlmodel import select

from bot.server import SlackComponent
from cases.enums import Channel, RecordKind
from heard.context import AppContext, build_context
from heard.settings import DEFAULT_RULES_PATH, Settings
from heard.wiring import build_case_service
from store.db import session_scope
from store.models import Case, PartyRole, Person
from tests.bot.signing import SECRET, signed_headers
from tests.bot.slack_api_stub import SlackStub
from triage.engine import Contact, triage
from triage.result import triage_result

ROLES = """
roles:
  - {role: complaints_officer, users: [UOFFICER], groups: []}
  - {role: team_manager, users: [UMANAGER], groups: [SMANAGERS]}
  - {role: director, users: [], groups: []}
"""


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
        self, body: str = "My son's social worker is rude.", subject: str = "Complaint"
    ) -> str:
        service = build_case_service(self.context)
        now = self.context.clock.now()
        with session_scope(self.context.engine) as session:
            case = service.create(
                session,
                record_kind=RecordKind.COMPLAINT,
                channel=Channel.EMAIL,
                received_at=now,
                actor="smtp",
                subject=subject,
            )
            session.add(
                Person(
                    case_id=case.id,
                    role=PartyRole.COMPLAINANT,
                    name="Test Parent",
                    email="parent@example.org",
                )
            )
            decision = triage(
                Contact(subject=subject, body=body), self.context.rulebook, today=now.date()
            )
            service.apply_triage(session, case=case, actor="triage", result=triage_result(decision))
            return case.reference

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
    rules = tmp_path / "rules.yaml"
    text = DEFAULT_RULES_PATH.read_text()
    start = text.index("roles:\n")
    end = text.index("mailboxes:\n")
    rules.write_text(text[:start] + ROLES.lstrip() + "\n" + text[end:])
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
    component = SlackComponent(context)
    component.poster.per_channel_interval = 0.0
    await component.start()
    async with aiohttp.ClientSession() as http:
        yield Slack(context, component, slack_api, http)
    await component.stop()
    context.engine.dispose()
