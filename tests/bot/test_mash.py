"""A safeguarding email reaches the MASH's Slack channel (and its mailbox), and no team's."""

from __future__ import annotations

import asyncio

from heard.assembly import build_intake_service
from intake.processing import InboundProcessor
from intake.smtp_handler import InboundEnvelope
from tests.bot.clicking import drain
from tests.bot.conftest import Slack

DISCLOSURE = (
    b"From: Young Person <yp@example.org>\r\nTo: complaints@heard.localhost\r\n"
    b"Subject: help\r\nMessage-ID: <sg1@example.org>\r\n\r\n"
    b"I am 14 and my stepdad hits me. I am scared to go home.\r\n"
)


async def test_safeguarding_mail_reaches_the_mash_channel(slack: Slack) -> None:
    service = build_intake_service(slack.context)
    receipt = await asyncio.to_thread(
        service.deliver,
        DISCLOSURE,
        InboundEnvelope("yp@example.org", ("complaints@heard.localhost",), "127.0.0.1"),
    )
    await asyncio.to_thread(InboundProcessor(service).drain)
    await drain(slack)
    mash = [post for post in slack.api.received("chat.postMessage") if post["channel"] == "CMASH"]
    assert len(mash) == 1 and receipt.reference in mash[0]["text"]
    # The MASH channel gets what it needs to act: the words, the message and the sender.
    assert "stepdad hits me" in mash[0]["text"] and "yp@example.org" in mash[0]["text"]
    assert '"hits me"' in mash[0]["text"]
    cards = [post for post in slack.api.received("chat.postMessage") if post.get("blocks")]
    assert "stepdad" not in str(cards)  # and no other channel sees the disclosure
    assert [card["channel"] for card in cards] == ["CTRIAGE"]  # held out of team channels
    assert "Safeguarding referral" in str(cards[0]["blocks"])
