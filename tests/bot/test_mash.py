"""A safeguarding email reaches the MASH's Slack channel (and its mailbox) with what was
disclosed; a complaint written beside the disclosure still reaches its team's channel, without
the disclosure or the words that fired."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from sqlmodel import select

import tests.bot.conftest as bot_conftest
from heard.assembly import build_intake_service
from intake.processing import InboundProcessor
from intake.smtp_handler import InboundEnvelope
from store.db import session_scope
from store.models import OutboxMessage
from testkit.role_rules import write_rules
from tests.bot.clicking import drain
from tests.bot.conftest import Slack

DISCLOSURE = (
    b"From: Young Person <yp@example.org>\r\nTo: complaints@heard.localhost\r\n"
    b"Subject: help\r\nMessage-ID: <sg1@example.org>\r\n\r\n"
    b"I am 14 and my stepdad hits me. I am scared to go home.\r\n"
)
DISCLOSURE_AND_COMPLAINT = (
    b"From: Young Person <yp@example.org>\r\nTo: complaints@heard.localhost\r\n"
    b"Subject: complaint\r\nMessage-ID: <sg2@example.org>\r\n\r\n"
    b"I am 14 and my stepdad hits me. I am scared to go home.\r\n"
    b"I also want to complain that my social worker in the assessment team never calls me "
    b"back.\r\n"
)
DISCLOSED = ("stepdad", "hits me", "scared to go home")


@pytest.fixture
def team_channels(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every team gets a Slack channel, C + its id in capitals without _ (CASSESSMENT...). Requested
    before `slack`, so its rule file is written this way."""

    def with_channels(default: Path, target: Path, *, roles: str) -> Path:
        path = write_rules(default, target, roles=roles)
        text = path.read_text()
        start = text.index("\nteams:\n")
        end = text.index("\nstaff:\n")
        teams = re.sub(
            r"(\n  - id: (\w+)\n)",
            lambda found: f"{found.group(1)}    slack_channel: C{channel_id(found.group(2))}\n",
            text[start:end],
        )
        path.write_text(text[:start] + teams + text[end:])
        return path

    monkeypatch.setattr(bot_conftest, "write_rules", with_channels)


def channel_id(team_id: str) -> str:
    return team_id.upper().replace("_", "")


async def mail_in(slack: Slack, raw: bytes) -> str:
    """Deliver raw mail as the SMTP server does, read it, and post what it owes to Slack."""
    service = build_intake_service(slack.context)
    receipt = await asyncio.to_thread(
        service.deliver,
        raw,
        InboundEnvelope("yp@example.org", ("complaints@heard.localhost",), "127.0.0.1"),
    )
    await asyncio.to_thread(InboundProcessor(service).drain)
    await drain(slack)
    return receipt.reference


async def test_safeguarding_mail_reaches_the_mash_channel(slack: Slack) -> None:
    reference = await mail_in(slack, DISCLOSURE)
    mash = [post for post in slack.api.received("chat.postMessage") if post["channel"] == "CMASH"]
    assert len(mash) == 1 and reference in mash[0]["text"]
    # The MASH channel gets what it needs to act: the words, the message and the sender.
    assert "stepdad hits me" in mash[0]["text"] and "yp@example.org" in mash[0]["text"]
    assert '"hits me"' in mash[0]["text"]
    cards = [post for post in slack.api.received("chat.postMessage") if post.get("blocks")]
    assert "stepdad" not in str(cards)  # and no other channel sees the disclosure
    # Nothing but a disclosure: not logged, so no team has a matter to answer.
    assert [card["channel"] for card in cards] == ["CTRIAGE"]
    assert "Safeguarding referral" in str(cards[0]["blocks"])


async def test_a_complaint_beside_a_disclosure_reaches_its_team_without_it(
    team_channels: None, slack: Slack
) -> None:
    reference = await mail_in(slack, DISCLOSURE_AND_COMPLAINT)
    posts = slack.api.received("chat.postMessage")
    cards = [post for post in posts if post.get("blocks")]
    # The complaint was logged on its route, so its card goes to the triage channel and to
    # the team that answers it, flagged as referred (the poster sends a batch side by side:
    # which channel's card lands first is not promised).
    assert sorted(card["channel"] for card in cards) == ["CASSESSMENT", "CTRIAGE"]
    assert all(reference in str(card) for card in cards)
    team_card = next(card for card in cards if card["channel"] == "CASSESSMENT")
    assert "Safeguarding referral sent to the MASH" in str(team_card["blocks"])
    assert "sg." not in str(team_card["blocks"])  # not even which safeguarding rules fired
    # Only the MASH channel sees what was disclosed and the words that fired...
    elsewhere = [post for post in posts if post["channel"] != "CMASH"]
    for words in DISCLOSED:
        assert words not in str(elsewhere).lower()
    mash = [post for post in posts if post["channel"] == "CMASH"]
    assert len(mash) == 1 and '"hits me"' in mash[0]["text"]
    assert "also logged (statutory route)" in mash[0]["text"]
    # ...and the MASH mailbox, which is sent the referral as well.
    with session_scope(slack.context.engine) as session:
        mail = session.exec(
            select(OutboxMessage).where(OutboxMessage.target == slack.context.settings.mash_email)
        ).all()
    assert len(mail) == 1 and "hits me" in str(mail[0].payload)
