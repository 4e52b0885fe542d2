"""A claimed outbox row's lease on its own (outbound.claim_lease), over the real outbox table on
both databases: it renews the claim only while the row is its holder's, and stops the send
(ClaimLost) once another worker holds it. The mailer hands the lease one function to renew
with; before, the lease reached into the mailer's private method."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from cases.clock import SettableClock
from cases.enums import OutboxKind, OutboxPurpose
from outbound.claim_lease import ClaimLease, RenewClaim
from outbound.transports import ClaimLost
from store import outbox
from store.db import session_scope

CLAIMED = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
LENGTH = timedelta(minutes=5)


def renewing_as(engine: Engine, worker: str) -> RenewClaim:
    def renew(message_id: int, until: datetime) -> bool:
        with session_scope(engine) as session:
            return outbox.renew_claim(session, message_id=message_id, worker=worker, until=until)

    return renew


@pytest.fixture
def claimed(engine: Engine) -> int:
    """One letter claimed by the worker 'first' at CLAIMED."""
    with session_scope(engine) as session:
        outbox.enqueue(
            session, kind=OutboxKind.EMAIL, purpose=OutboxPurpose.LETTER, target="a@example.org",
            payload={"message": "", "envelope_from": "", "recipients": ["a@example.org"]},
            dedupe_key="lease-test", now=CLAIMED,
        )  # fmt: skip
        (row,) = outbox.claim(
            session, kinds=(OutboxKind.EMAIL,), worker="first", now=CLAIMED, lease=LENGTH
        )
        assert row.id is not None
        return row.id


def lease(engine: Engine, outbox_id: int, clock: SettableClock, worker: str) -> ClaimLease:
    return ClaimLease(
        outbox_id=outbox_id, until=CLAIMED + LENGTH, length=LENGTH, clock=clock,
        renew_claim=renewing_as(engine, worker),
    )  # fmt: skip


async def test_the_holder_renews_once_half_the_lease_has_gone(engine: Engine, claimed: int) -> None:
    clock = SettableClock(CLAIMED + timedelta(minutes=1))
    held = lease(engine, claimed, clock, "first")
    await held.keep()  # a minute in: nothing to renew
    assert held.until == CLAIMED + LENGTH
    clock.advance(timedelta(minutes=2))
    await held.keep()
    assert held.until == clock.now() + LENGTH and not held.lost


async def test_a_lease_on_a_row_another_worker_holds_is_lost(engine: Engine, claimed: int) -> None:
    clock = SettableClock(CLAIMED + timedelta(minutes=3))
    stale = lease(engine, claimed, clock, "second")
    with pytest.raises(ClaimLost):
        await stale.keep()
    assert stale.lost
    with pytest.raises(ClaimLost):  # and stays lost, asking the database no more
        await stale.keep()
