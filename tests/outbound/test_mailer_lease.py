"""Two heard processes' mailers on one database, one sending a letter that takes longer than
the outbox lease (5 minutes): a large enclosure uploaded slowly, range by range, or a wait
Graph asked for. The letter goes once: the sending mailer renews its lease as it goes, and a
mailer whose lease lapsed while it was stalled (and another took the letter) stops before it
sends anything more, and records nothing over the other's work.

The stand-in's upload ranges are held until the test lets each through, and the clock is
moved by hand: nothing here waits for a deadline."""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from cases.clock import SettableClock
from cases.enums import OutboxStatus
from outbound.graph_client import GraphClient, GraphCredentials
from outbound.graph_upload import RANGE
from outbound.mailer import OutboxMailer
from outbound.transports import GraphTransport
from store.outbox import SENDER_STOPPED
from testkit.graph_api import GraphRequest, GraphStub
from tests.outbound.test_graph_upload import (  # noqa: F401
    MAILBOX,
    files_of,
    graph,
    mailer_clock,
    queued,
    ranges,
    received,
    row,
)

SCAN = b"%PDF-1.7\n" + os.urandom(4 * RANGE - 1000)  # four ranges of 3,200 KiB
STALLED = timedelta(minutes=6)  # longer than the lease: the other mailer may take the letter


@pytest.fixture
async def second_transport(
    graph: tuple[GraphStub, GraphTransport, list[float]],  # noqa: F811
) -> AsyncIterator[GraphTransport]:
    """The other heard process's own connection to the same mailbox."""
    stub = graph[0]
    client = GraphClient(
        GraphCredentials(tenant_id=stub.tenant, client_id=stub.client_id,
                         client_secret=stub.client_secret, login_url=stub.login_url,
                         api_url=stub.api_url)
    )  # fmt: skip
    try:
        yield GraphTransport(client=client, mailbox=MAILBOX)
    finally:
        await client.close()


@dataclass
class TwoMailers:
    stub: GraphStub
    first: OutboxMailer
    second: OutboxMailer
    first_client: GraphClient  # its waits are set by a test


@pytest.fixture
def mailers(
    engine: Engine,
    graph: tuple[GraphStub, GraphTransport, list[float]],  # noqa: F811
    second_transport: GraphTransport,
    mailer_clock: SettableClock,  # noqa: F811
) -> TwoMailers:
    stub, first, _ = graph
    return TwoMailers(
        stub,
        OutboxMailer(engine=engine, clock=mailer_clock, transport=first, worker="first"),
        OutboxMailer(
            engine=engine, clock=mailer_clock, transport=second_transport, worker="second"
        ),
        first.client,
    )


async def held(stub: GraphStub) -> None:
    await asyncio.wait_for(stub.held.wait(), timeout=30)
    stub.held.clear()


async def test_a_slow_upload_keeps_its_letter_from_the_other_mailer_and_it_goes_once(
    engine: Engine,
    mailers: TwoMailers,
    mailer_clock: SettableClock,  # noqa: F811
) -> None:
    """Each range takes two minutes: eight in all, past the five-minute lease, and the
    other mailer, asked after every range, never takes the letter."""
    stub, first, second = mailers.stub, mailers.first, mailers.second
    outbox_id = queued(engine, ("scan.pdf", SCAN))
    release = stub.hold(ranges)
    sending = asyncio.create_task(first.drain_once())
    for _ in range(4):
        await held(stub)
        mailer_clock.advance(timedelta(minutes=2))
        assert await asyncio.wait_for(second.drain_once(), timeout=30) == 0
        release, this_range = stub.hold(ranges), release  # the next range waits in its turn
        this_range.set()
    assert await asyncio.wait_for(sending, timeout=30) == 1
    done = row(engine, outbox_id)
    assert (done.status, done.attempts, done.last_error) == (OutboxStatus.SENT, 1, None)
    (message,) = received(stub)
    assert files_of(message) == {"scan.pdf": SCAN}
    assert len(stub.received("POST", "createUploadSession")) == 1


async def test_a_mailer_stalled_past_its_lease_stops_once_the_other_has_sent_the_letter(
    engine: Engine,
    mailers: TwoMailers,
    mailer_clock: SettableClock,  # noqa: F811
) -> None:
    """The first mailer stalls six minutes in its first range (a suspended host); the other
    takes the letter, deletes the draft it finds and sends the letter whole. The first, let
    go, uploads no further range, sends nothing and leaves the row as the other marked it."""
    stub, first, second = mailers.stub, mailers.first, mailers.second
    outbox_id = queued(engine, ("scan.pdf", SCAN))
    puts = itertools.count()

    def first_range(request: GraphRequest) -> bool:
        return ranges(request) and next(puts) == 0

    release = stub.hold(first_range)
    sending = asyncio.create_task(first.drain_once())
    await held(stub)
    mailer_clock.advance(STALLED)
    assert await asyncio.wait_for(second.drain_once(), timeout=30) == 1
    assert row(engine, outbox_id).status == OutboxStatus.SENT
    ranges_so_far = len(stub.received("PUT", ""))
    release.set()
    await asyncio.wait_for(sending, timeout=30)
    assert len(stub.received("PUT", "")) == ranges_so_far  # the held range, then nothing
    assert len(stub.received("POST", "/send")) == 1
    (message,) = received(stub)
    assert files_of(message) == {"scan.pdf": SCAN}
    done = row(engine, outbox_id)
    # the first mailer's lease lapsed mid-send: the row says so (the other asked first)
    assert (done.status, done.attempts, done.last_error) == (OutboxStatus.SENT, 1, SENDER_STOPPED)
    assert stub.drafts.unsent() == []


async def test_a_mailer_stalled_in_a_throttling_wait_does_not_send_the_letter_again(
    engine: Engine,
    mailers: TwoMailers,
    mailer_clock: SettableClock,  # noqa: F811
) -> None:
    """A small letter (one sendMail): Graph answers 429 and the first mailer waits; it is
    stalled past its lease in the wait, and the other mailer sends the letter meanwhile. The
    first's retry is not made: one letter reaches the family, not two."""
    stub, first, second = mailers.stub, mailers.first, mailers.second
    outbox_id = queued(engine)
    stub.fail(429, when=lambda request: request.path.endswith("/sendMail"), retry_after="30")
    others_sends: list[int] = []

    async def stalled_wait(seconds: float) -> None:
        mailer_clock.advance(STALLED)
        others_sends.append(await second.drain_once())

    mailers.first_client.sleep = stalled_wait
    assert await first.drain_once() == 1
    assert others_sends == [1]
    assert len(stub.received("POST", "/sendMail")) == 2  # the first's, throttled; the other's
    assert len(stub.sent) == 1
    done = row(engine, outbox_id)
    assert (done.status, done.attempts, done.last_error) == (OutboxStatus.SENT, 1, SENDER_STOPPED)


class Beats:
    """A lease's beat waits here, not for the seconds it asks: each wait is handed to the
    test, which lets it go after moving the clock."""

    def __init__(self) -> None:
        self.waiting: asyncio.Queue[asyncio.Event] = asyncio.Queue()

    async def sleep(self, seconds: float) -> None:
        done = asyncio.Event()
        await self.waiting.put(done)
        await done.wait()

    async def next(self) -> asyncio.Event:
        return await asyncio.wait_for(self.waiting.get(), timeout=30)


async def test_a_request_slower_than_the_lease_keeps_its_letter_from_the_other_mailer(
    engine: Engine,
    mailers: TwoMailers,
    mailer_clock: SettableClock,  # noqa: F811
) -> None:
    """Seen walking two `heard serve` with HEARD_REMINDER_LEASE_SECONDS=20: one sendMail took
    longer than the lease, the other process took the letter and sent it, and the first's
    request then went through too: the family had the stage 2 response twice. The lease is
    renewed while a request is in flight, so a live mailer keeps its letter."""
    stub, first, second = mailers.stub, mailers.first, mailers.second
    beats = Beats()
    first.sleep = beats.sleep
    outbox_id = queued(engine)
    sends = itertools.count()
    release = stub.hold(lambda request: request.path.endswith("/sendMail") and next(sends) == 0)
    sending = asyncio.create_task(first.drain_once())
    await held(stub)
    beat = await beats.next()
    for _ in range(3):  # six minutes with the request in flight
        mailer_clock.advance(timedelta(minutes=2))
        beat.set()
        beat = await beats.next()  # renewed; the next beat waits
        assert await asyncio.wait_for(second.drain_once(), timeout=30) == 0
    release.set()
    assert await asyncio.wait_for(sending, timeout=30) == 1
    assert len(stub.sent) == 1
    done = row(engine, outbox_id)
    assert (done.status, done.attempts) == (OutboxStatus.SENT, 1)
