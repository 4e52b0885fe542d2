"""Every card of a case follows it: a case with matters for two teams has a card in the triage
channel and in each team's channel; a click on any of them updates all three in place, and once
the case is withdrawn none of them keeps a button that works the case."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import select

from bot import ids
from cases.enums import OutboxStatus
from store.db import session_scope
from store.models import OutboxMessage, SlackCardPost
from tests.bot.clicking import (
    action_ids,
    click,
    click_and_send,
    drain,
    eventually,
    menu_items,
)
from tests.bot.conftest import Slack
from tests.bot.test_mash import team_channels  # noqa: F401  (the fixture, by name)

pytestmark = pytest.mark.usefixtures("team_channels")

TWO_TEAMS = (
    "I want to complain. My son's social worker in the assessment team never calls me back. "
    "Also the fostering team has not paid our foster carer allowance for three months."
)
CHANNELS = ("CTRIAGE", "CASSESSMENT", "CFOSTERING")


def _blocks(body: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = body.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def shown(slack: Slack, reference: str) -> dict[str, list[dict[str, Any]]]:
    """Each channel's card of the case as Slack shows it now: its post, then its updates."""
    ts_of: dict[str, str] = {}
    cards: dict[str, list[dict[str, Any]]] = {}
    for post in slack.api.posted:
        if post.get("blocks") and reference in str(post.get("text")):
            ts_of[post["channel"]] = post["ts"]
            cards[post["channel"]] = _blocks(post)
    for body in slack.api.received("chat.update"):
        channel = body.get("channel")
        if channel in ts_of and body.get("ts") == ts_of[channel]:
            cards[channel] = _blocks(body)
    return cards


async def test_a_click_on_one_card_updates_every_card(slack: Slack) -> None:
    reference = slack.new_case(body=TWO_TEAMS)
    await drain(slack)
    cards = shown(slack, reference)
    assert sorted(cards) == sorted(CHANNELS)
    assert all(ids.ACKNOWLEDGE in action_ids(blocks) for blocks in cards.values())
    with session_scope(slack.context.engine) as session:
        kept = session.exec(select(SlackCardPost)).all()
        assert sorted((post.channel, post.kind) for post in kept) == [
            ("CASSESSMENT", "team"),
            ("CFOSTERING", "team"),
            ("CTRIAGE", "triage"),
        ]

    # Acknowledged from the fostering team's card: all three cards lose Acknowledge.
    await click(slack, cards["CFOSTERING"], ids.ACKNOWLEDGE, channel="CFOSTERING")
    await eventually(lambda: slack.case(reference).acknowledged_at is not None)
    await drain(slack)
    cards = shown(slack, reference)
    for channel in CHANNELS:
        assert ids.ACKNOWLEDGE not in action_ids(cards[channel]), channel
        assert "acknowledged" in json.dumps(cards[channel]), channel

    # Withdrawn from the assessment team's card: no card keeps a button that works the case.
    letter = await click_and_send(
        slack,
        cards["CASSESSMENT"],
        ids.WITHDRAW,
        channel="CASSESSMENT",
        done=lambda: slack.case(reference).status.value == "withdrawn",
    )
    assert letter is not None  # the withdrawal letter was shown before Send
    await drain(slack)
    cards = shown(slack, reference)
    for channel in CHANNELS:
        left = set(action_ids(cards[channel]))
        # Reopen… stays: a withdrawn case may be reopened where the family left it (e56658a);
        # so does Correct details… (the complainant's right to rectification outlasts the case)
        assert left <= {ids.VIEW_DETAILS, ids.LGSCO_RECEIVED, ids.LGSCO_DECISION, ids.MORE,
                        ids.REOPEN, ids.CORRECT_COMPLAINANT}, left  # fmt: skip
        assert set(menu_items(cards[channel])) <= {ids.ADD_LEARNING, ids.UPDATE_LEARNING}
        assert ids.ASSIGN not in left and "Withdrawn" in json.dumps(cards[channel])


async def test_an_update_of_a_card_never_posted_does_not_hold_its_channel(slack: Slack) -> None:
    """Slack refused the fostering card for good (an archived channel, say): the updates owed to
    it fail at once instead of waiting for a ts that will never come, so the channel's later
    messages still go."""
    reference = slack.new_case(body=TWO_TEAMS)
    with session_scope(slack.context.engine) as session:
        post = session.exec(select(OutboxMessage).where(OutboxMessage.target == "CFOSTERING")).one()
        post.status, post.last_error = OutboxStatus.FAILED, "400 is_archived"
    await drain(slack)
    cards = shown(slack, reference)
    assert sorted(cards) == ["CASSESSMENT", "CTRIAGE"]
    await click(slack, cards["CTRIAGE"], ids.ACKNOWLEDGE)
    await eventually(lambda: slack.case(reference).acknowledged_at is not None)
    await drain(slack)
    with session_scope(slack.context.engine) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.target == "CFOSTERING")).all()
        assert [(row.status, row.last_error) for row in rows[1:]] == [
            (OutboxStatus.FAILED, "no card to update")
        ]
    assert ids.ACKNOWLEDGE not in action_ids(shown(slack, reference)["CASSESSMENT"])
