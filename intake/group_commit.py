"""Group commit: messages that arrive together are stored in one transaction.

Each SMTP client still gets its 250 only after the commit that holds its message. Committing a
batch costs one BEGIN, one COMMIT and one fsync instead of one per message, and the database
work runs on one thread, so concurrent connections stop queueing on the write lock and on the
GIL one message at a time. Under light load a batch is one message and nothing waits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from intake.smtp_handler import DeliveryReceipt, InboundEnvelope

Item = tuple[bytes, InboundEnvelope]
DeliverMany = Callable[[Sequence[Item]], list[DeliveryReceipt | Exception]]

MAX_BATCH = 32


@dataclass
class GroupCommitter:
    deliver_many: DeliverMany
    # One thread: a large message must not stall the event loop (aiosmtpd #293), and batches
    # are stored one after another anyway.
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake")
    )
    _waiting: list[tuple[bytes, InboundEnvelope, asyncio.Future[DeliveryReceipt]]] = field(
        default_factory=list
    )
    _committer: asyncio.Task[None] | None = None
    batches: int = 0  # counted for the benchmark's report
    stored: int = 0

    async def store(self, raw: bytes, envelope: InboundEnvelope) -> DeliveryReceipt:
        """Return once the message is committed; raise if it could not be stored."""
        future: asyncio.Future[DeliveryReceipt] = asyncio.get_running_loop().create_future()
        self._waiting.append((raw, envelope, future))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_waiting(), name="intake-commit")
        return await future

    async def _commit_waiting(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiting:
            batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
            items = [(raw, envelope) for raw, envelope, _ in batch]
            self.batches, self.stored = self.batches + 1, self.stored + len(items)
            try:
                results = await loop.run_in_executor(self.executor, self.deliver_many, items)
            except Exception as error:
                results = [error] * len(batch)
            for (_, _, future), result in zip(batch, results, strict=True):
                if future.done():  # the client went away; its message may still be stored
                    continue
                if isinstance(result, Exception):
                    future.set_exception(result)
                else:
                    future.set_result(result)
