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
# A batch is one INSERT of all its raw messages: ten 20 MB messages are committed one or two at
# a time, not as one 200 MB statement.
MAX_BATCH_BYTES = 32 * 1024 * 1024


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
            size = next_batch_size([len(raw) for raw, _, _ in self._waiting[:MAX_BATCH]])
            batch, self._waiting = self._waiting[:size], self._waiting[size:]
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


def next_batch_size(sizes: list[int]) -> int:
    """How many of the waiting messages go in the next batch: at least one, within the cap."""
    total = 0
    for count, size in enumerate(sizes):
        total += size
        if total > MAX_BATCH_BYTES and count > 0:
            return count
    return len(sizes)
