"""A card whose poster stopped while Slack was posting it (heard killed, or stopped with the
call still in flight) is not posted twice: Slack may well have posted it, so the worker that
takes the row after the lapsed lease looks in the channel before posting again (walkerE: a
kill -9 of `heard serve` during a burst of 40 complaints left one case with two cards)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import select

from cases.clock import SettableClock
from outbound.slack_poster import SlackPoster
from store.db import session_scope
from store.models import OutboxMessage
from tests.bot.clicking import eventually
from tests.bot.conftest import Slack


async def test_a_card_posted_as_its_poster_stopped_is_not_posted_again(slack: Slack) -> None:
    slack.api.hold()  # Slack takes the post but has not answered yet
    reference = await asyncio.to_thread(slack.new_case)
    await eventually(lambda: bool(slack.api.received("chat.postMessage")))
    await slack.component.stop()  # its poster is cancelled with the call in flight
    slack.api.release()  # ...and Slack posts the card after all
    await eventually(lambda: len(slack.api.posted) == 1)
    assert slack.case(reference).slack_ts is None  # heard never heard back

    with session_scope(slack.context.engine) as session:
        (row,) = session.exec(select(OutboxMessage)).all()
        lease_lapsed = SettableClock(row.claimed_until + timedelta(seconds=1))  # type: ignore[operator]
    poster = SlackPoster(
        engine=slack.context.engine,
        client=slack.component.poster.client,
        clock=lease_lapsed,
        worker="slack@restarted",
    )
    assert await poster.drain_once() == 1

    assert [post["ts"] for post in slack.api.posted if post.get("blocks")] == [
        slack.case(reference).slack_ts
    ]
    assert slack.api.received("conversations.history")
