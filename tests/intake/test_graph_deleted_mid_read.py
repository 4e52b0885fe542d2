"""A message deleted from the shared mailbox between Graph listing it and heard reading it
(walkerI, council IT): staff tidy the shared mailbox in Outlook while heard reads it."""

from __future__ import annotations

import asyncio
import logging

import pytest

from heard.settings import Settings
from intake.graph_source import GONE_ROUNDS
from tests.intake.graph_fixtures import graph_mailbox, letter


async def test_a_message_deleted_while_it_is_read_holds_no_other_back(
    settings: Settings, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Before, Graph's 404 for the deleted one failed the whole round: the two beside it were
    neither stored nor marked read until the next poll, and the log said 'reading the Graph
    mailbox failed'. Now they are stored and marked in the same round, the deleted one is
    counted (nothing of it logged), and the round keeps no delta link, so the next round
    looks again and finds nothing left to read."""
    async with graph_mailbox(settings, database_url) as box:
        first = box.stub.deliver(letter("First complaint.", message_id="<a@example.org>"))
        gone = box.stub.deliver(letter("Deleted by staff.", message_id="<b@example.org>"))
        last = box.stub.deliver(letter("Last complaint.", message_id="<c@example.org>"))
        release = box.stub.hold(lambda request: request.path.endswith(f"{gone.id}/$value"))
        reading = asyncio.create_task(box.reader.sync_once())
        await box.stub.held.wait()
        del box.stub.messages[gone.id]  # deleted in Outlook while heard read the inbox
        release.set()
        with caplog.at_level(logging.WARNING, logger="heard.intake.graph"):
            result = await reading
        assert (result.stored, result.gone, result.marked) == (2, 1, 2)
        assert first.is_read and last.is_read
        assert sorted(row.raw for row in box.inbound()) == sorted([first.raw, last.raw])
        assert "1 message(s) listed were gone when read" in caplog.text
        assert "Deleted by staff" not in caplog.text
        again = await box.reader.sync_once()
        assert (again.stored, again.gone) == (0, 0) and len(box.cases()) == 2


async def test_a_message_graph_is_late_to_serve_is_read_on_the_next_round(
    settings: Settings, database_url: str
) -> None:
    """A 404 for an item Graph has just listed may be Graph being late, not a deletion: the
    round keeps no delta link, so the next round lists the item again and stores it; nothing
    is lost."""
    async with graph_mailbox(settings, database_url) as box:
        late = box.stub.deliver(letter("Listed before it can be read.", message_id="<l@e.org>"))
        box.stub.fail(404, when=lambda request: request.path.endswith(f"{late.id}/$value"))
        first = await box.reader.sync_once()
        assert (first.stored, first.gone) == (0, 1) and not late.is_read
        second = await box.reader.sync_once()
        assert (second.stored, second.gone) == (1, 0) and late.is_read
        assert [row.raw for row in box.inbound()] == [late.raw]


async def test_a_message_gone_every_round_holds_the_sync_back_for_a_bounded_number_of_rounds(
    settings: Settings, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Reviewer: an item Graph lists but answers 404 for on every round kept the delta link
    from moving on for good and warned every round. Now it holds the link back for
    GONE_ROUNDS rounds, is warned about once, and then the sync moves on; mail beside it and
    mail that comes after are stored, and it is not listed again."""
    async with graph_mailbox(settings, database_url) as box:
        stuck = box.stub.deliver(letter("Listed, never served.", message_id="<s@e.org>"))
        beside = box.stub.deliver(letter("Beside the stuck one.", message_id="<b@e.org>"))
        box.stub.fail(
            404, when=lambda request: request.path.endswith(f"{stuck.id}/$value"), times=100
        )
        with caplog.at_level(logging.INFO, logger="heard.intake.graph"):
            rounds = [await box.reader.sync_once() for _ in range(GONE_ROUNDS)]
            assert [r.gone for r in rounds] == [1] * GONE_ROUNDS
            assert [r.given_up for r in rounds] == [0] * (GONE_ROUNDS - 1) + [1]
            after = box.stub.deliver(letter("Came later.", message_id="<c@e.org>"))
            moved_on = await box.reader.sync_once()
        assert (moved_on.listed, moved_on.gone, moved_on.stored) == (1, 0, 1), moved_on
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(warnings) == 1 and "gone when read" in warnings[0].getMessage(), warnings
        assert "Listed, never served" not in caplog.text
        assert sorted(row.raw for row in box.inbound()) == sorted([beside.raw, after.raw])
        assert beside.is_read and after.is_read and not stuck.is_read
