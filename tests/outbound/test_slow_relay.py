"""A relay that takes longer than half a minute to answer the end of the data has still taken
the letter: heard waits for its answer (RFC 5321 allows ten minutes) instead of giving up and
sending the same letter again at every retry (walkerE: a relay answering the final dot after
40 s received CSC-2026-000063's acknowledgement at each attempt). A real relay over a socket."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest_asyncio
from aiosmtpd.smtp import SMTP, Envelope, Session

from outbound.transports import OutboundEmail, Smarthost, SmtpTransport

CONNECT_SECONDS = 4.0  # what connecting and the greeting may take (30 s in heard serve)
ANSWER_AFTER = 8.0  # seconds: longer than that, as 40 s was longer than the 30 s heard waited


class SlowRelay:
    def __init__(self) -> None:
        self.taken: list[bytes] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.taken.append(bytes(envelope.original_content or b""))
        await asyncio.sleep(ANSWER_AFTER)  # scanning it, say
        return "250 2.0.0 queued"


@pytest_asyncio.fixture
async def slow_relay() -> AsyncIterator[tuple[SlowRelay, int]]:
    relay = SlowRelay()
    server = await asyncio.get_running_loop().create_server(
        lambda: SMTP(relay, hostname="relay.localhost"), host="127.0.0.1", port=0
    )
    yield relay, server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()


async def test_a_relay_slow_to_answer_the_data_is_waited_for(
    slow_relay: tuple[SlowRelay, int],
) -> None:
    relay, port = slow_relay
    # the answer to the data is not held to the connecting bound (the suite does not wait
    # 30 s of real time for it: the bound is set lower, the relay answers after it)
    transport = SmtpTransport(Smarthost("127.0.0.1", port), connect_seconds=CONNECT_SECONDS)
    assert transport.reply_seconds >= 600  # RFC 5321 4.5.3.2: ten minutes for the dot
    letter = OutboundEmail(
        outbox_id=1,
        raw=b"Subject: Your reference CSC-2026-000001\r\n\r\nThank you for contacting us.\r\n",
        envelope_from="",
        recipients=["parent@example.org"],
        letter_reference="CSC-2026-000001-1",
    )
    started = time.monotonic()
    outcome = await transport.send(letter)
    assert outcome.sent, outcome.error
    assert time.monotonic() - started >= ANSWER_AFTER
    assert len(relay.taken) == 1
