"""/readyz tells when Slack's Socket Mode connection is down (issue 26): with an app token, the
Slack part is ready only while its websocket to Slack (the stand-in's) is open; the stand-in
closing it and refusing new ones makes it "Socket Mode connection down", and it is ready again
once the connection is back."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from heard.context import build_context
from heard.serve import readiness, slack_component
from heard.settings import DEFAULT_RULES_PATH, Settings
from telemetry.probes import Readiness
from testkit.role_rules import write_rules
from testkit.slack_api import SlackStub
from testkit.slack_rules import SLACK_ROLES


async def _until(condition: Callable[[], Awaitable[bool]], timeout: float = 30) -> None:
    """The client notices a closed socket on its own schedule (no event to wait on here)."""
    for _ in range(int(timeout * 10)):
        if await condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("not within the time allowed")


async def test_readyz_names_a_socket_mode_connection_that_is_down(
    settings: Settings, slack_api: SlackStub, tmp_path: Path
) -> None:
    rules = write_rules(DEFAULT_RULES_PATH, tmp_path / "rules.yaml", roles=SLACK_ROLES)
    context = build_context(
        Settings.model_validate(
            {
                **settings.model_dump(),
                "rules_path": rules,
                "slack_api_url": slack_api.url,
                "slack_bot_token": "xoxb-test",
                "slack_app_token": "xapp-1-A0001-test",
                "slack_triage_channel": "CTRIAGE",
            }
        )
    )
    component = slack_component(context)
    assert not isinstance(component, str) and component.describe == "Slack in Socket Mode"
    ready = readiness(context)
    try:
        await component.start()
        assert slack_api.received("apps.connections.open")
        await _until(lambda: _problems_are(ready, []))

        await slack_api.drop_socket_mode()
        await _until(
            lambda: _problems_are(ready, ["slack: Socket Mode connection down (reconnecting)"])
        )

        slack_api.restore_socket_mode()
        await _until(lambda: _problems_are(ready, []))
    finally:
        await component.stop()
        context.engine.dispose()


async def _problems_are(ready: Readiness, expected: list[str]) -> bool:
    problems = await ready.problems()
    return [p for p in problems if not p.startswith("database")] == expected
