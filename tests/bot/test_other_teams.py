"""A team manager acts on their own teams' cases and those assigned to them (walkerB item 5):
on another team's case Slack refuses them in words, audited, and changes nothing; a complaints
officer works every case. The rule file says which teams a manager manages (a team's
`manager`/`service_manager` with their Slack user id)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from sqlmodel import select

from bot import ids
from heard.settings import DEFAULT_RULES_PATH, Settings
from store.db import session_scope
from store.models import AuditEntry
from testkit.role_rules import write_rules
from testkit.slack_api import SlackStub
from tests.bot.clicking import card, click, eventually
from tests.bot.conftest import Slack, slack_running
from tests.bot.test_clicks import step

ROLES = """
roles:
  - {role: complaints_officer, users: [UOFFICER], groups: []}
  - {role: team_manager, users: [UFOSTER], groups: []}
"""
FOSTERING = "The fostering team never answers my calls about the allowance."
ASSESSMENT = "My son's social worker from the assessment team is rude."


@pytest_asyncio.fixture
async def managed(
    settings: Settings, database_url: str, slack_api: SlackStub, tmp_path: Path
) -> AsyncIterator[Slack]:
    """The fostering team's manager is UFOSTER in Slack."""
    rules = write_rules(DEFAULT_RULES_PATH, tmp_path / "rules.yaml", roles=ROLES)
    text = rules.read_text()
    manager = "manager: {name: Fostering Team Manager, email: fostering.manager@heard.localhost"
    assert manager in text
    rules.write_text(text.replace(manager, manager + ", slack_user: UFOSTER", 1))
    async with slack_running(settings, database_url, slack_api, rules) as running:
        yield running


async def test_a_manager_acts_only_on_their_teams_cases(managed: Slack) -> None:
    slack = managed
    theirs = await asyncio.to_thread(slack.new_case, FOSTERING)
    other = await asyncio.to_thread(slack.new_case, ASSESSMENT)
    await step(slack, theirs, ids.ACKNOWLEDGE, "acknowledge", user="UFOSTER")
    await click(slack, await card(slack, other), ids.ACKNOWLEDGE, user="UFOSTER")
    await eventually(lambda: bool(slack.api.received("chat.postEphemeral")))
    said = slack.api.received("chat.postEphemeral")[-1]["text"]
    assert said.startswith(f"{other} is not for a team you manage, and it is not assigned to you")
    assert slack.case(other).acknowledged_at is None
    with session_scope(slack.context.engine) as session:
        refused = session.exec(
            select(AuditEntry).where(AuditEntry.action == "refused")
        ).all()
        assert [row.actor for row in refused] == ["slack:UFOSTER"]
    # assigned to them by a complaints officer, it is theirs to answer
    await click(slack, await card(slack, other), ids.ASSIGN, selected_user="UFOSTER")
    await eventually(lambda: slack.case(other).assignee == "UFOSTER")
    await step(slack, other, ids.ACKNOWLEDGE, "acknowledge", user="UFOSTER")
