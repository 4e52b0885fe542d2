"""The tests' drain (tests/bot/clicking.drain) returns only once every Slack call heard owes now
has been made, including one the component's own poster claimed and is still making: tests
that asserted after a few passes of draining failed now and then on a loaded machine, each
mended on its own until the drain itself waited."""

from __future__ import annotations

import asyncio

from tests.bot.clicking import drain, eventually
from tests.bot.conftest import Slack


async def test_the_drain_waits_for_a_post_the_components_poster_is_making(slack: Slack) -> None:
    slack.api.hold()  # Slack answers nothing until released
    try:
        reference = await asyncio.to_thread(slack.new_case)
        # the component's poster claims the card and sends it; Slack has it, has not answered
        await eventually(lambda: bool(slack.api.received("chat.postMessage")))
        draining = asyncio.create_task(drain(slack))
        finished, _ = await asyncio.wait([draining], timeout=1.0)
        assert not finished, "the drain returned while the card was still being posted"
    finally:
        slack.api.release()
    await draining
    assert slack.case(reference).slack_ts is not None
