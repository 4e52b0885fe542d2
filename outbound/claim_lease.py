"""How long a mailer holds one outbox row it claimed (store.outbox.claim), renewed in the
database only while the row is still its own. The lease knows how to renew the claim, not who
holds it: the mailer hands it that one function, so the lease can be driven on its own."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from cases.clock import Clock
from outbound.transports import ClaimLost

# Renews the claim on one row to the given moment: False when the row is another worker's.
RenewClaim = Callable[[int, datetime], bool]


@dataclass
class ClaimLease:
    """One claimed row's lease (else ClaimLost): renewed by `keep` before each request once
    half of it has gone (until then nobody else can have claimed the row, so it costs
    nothing), and by `beat` while a request is in flight."""

    outbox_id: int
    until: datetime
    length: timedelta
    clock: Clock
    renew_claim: RenewClaim  # blocking (a database write): run in a thread
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    lost: bool = False

    async def keep(self) -> None:
        if self.lost:
            raise ClaimLost(f"outbox row {self.outbox_id} is another worker's now")
        now = self.clock.now()
        if now >= self.until - self.length / 2:
            await self._renew(now)

    async def beat(self) -> None:
        """Renew every third of the lease until cancelled: one request may take longer than
        a short lease (HEARD_REMINDER_LEASE_SECONDS may be 20 s; a Graph request may take
        60 s), and another mailer must not take the row from a live one meanwhile."""
        while not self.lost:
            await self.sleep(self.length.total_seconds() / 3)
            with contextlib.suppress(Exception):  # the database away: the next keep says so
                await self._renew(self.clock.now())

    async def _renew(self, now: datetime) -> None:
        until = now + self.length
        if not await asyncio.to_thread(self.renew_claim, self.outbox_id, until):
            self.lost = True
            raise ClaimLost(f"outbox row {self.outbox_id} is another worker's now")
        self.until = until
