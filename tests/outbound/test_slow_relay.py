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

ANSWER_AFTER = 35.0  # seconds: over the 30 s heard waited before


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
    transport = SmtpTransport(Smarthost("127.0.0.1", port))
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
