"""The `slack_api` fixture: the Slack Web API stand-in (testkit/slack_api.py) on a free port."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from testkit.slack_api import SlackStub, start_stub


@pytest_asyncio.fixture
async def slack_api() -> AsyncIterator[SlackStub]:
    stub, runner = await start_stub()
    yield stub
    await runner.cleanup()
