"""When stored mail is read: as soon as it is stored, applied in a quiet moment while mail
streams in.

Two tasks share a small buffer. The reader keeps reading what is waiting, batch after batch,
up to READ_AHEAD messages ahead: reading takes no lock (readers never wait for the writer) and
in `heard serve` its CPU work runs in a child process, so it goes on while mail streams in. The
applier writes what was read, which takes the write lock: while mail is streaming in (a flood,
a mail loop, a gateway flushing its queue) only in a quiet moment, or after MAX_DEFER_SECONDS
at the latest, so clients get their 250 quickly and nothing waits long; when the stream stops
the backlog has mostly been read already and is applied a batch per transaction. At a
council's usual rate every message is read and applied at once. Mail stored by another
process, or before a crash, is found by polling the database.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from intake.processing import MAX_BATCH, InboundProcessor, Read

log = logging.getLogger("heard.intake")

QUIET_SECONDS = 0.05  # the listener is quiet when nothing was stored for this long
MAX_DEFER_SECONDS = 1.0  # the longest a stored message waits for a quiet moment
BUSY_BATCH = 2  # messages applied at a time when no quiet moment came
READ_AHEAD = 4 * MAX_BATCH  # messages read and held, not yet applied


@dataclass
class IntakeActivity:
    """Shared by the listener (which reports deliveries) and the worker (which wakes on them)."""

    last_delivery: float = 0.0
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def delivered(self) -> None:
        self.last_delivery = time.monotonic()
        self.wake.set()

    def quiet_for(self) -> float:
        return time.monotonic() - self.last_delivery


@dataclass
class _Buffer:
    """What the reader has read and the applier not yet applied, and what it is applying."""

    read: list[Read] = field(default_factory=list)
    applying: list[int] = field(default_factory=list)
    filled: asyncio.Event = field(default_factory=asyncio.Event)  # the applier has work
    emptied: asyncio.Event = field(default_factory=asyncio.Event)  # the reader has room

    def in_hand(self) -> list[int]:
        return [*self.applying, *(each.stored.correspondence_id for each in self.read)]

    def add(self, batch: list[Read]) -> None:
        held = set(self.in_hand())
        self.read.extend(each for each in batch if each.stored.correspondence_id not in held)
        self.filled.set()

    def take(self, size: int) -> list[Read]:
        batch, self.read = self.read[:size], self.read[size:]
        self.applying = [each.stored.correspondence_id for each in batch]
        return batch

    def done(self) -> None:
        self.applying = []
        self.emptied.set()

    def forget(self) -> None:
        """After a fault of the database: everything is read again from the database."""
        self.read, self.applying = [], []
        self.emptied.set()


@dataclass
class ProcessingLoop:
    processor: InboundProcessor
    activity: IntakeActivity
    poll_seconds: float = 5.0
    retry_seconds: float = 10.0
    executor: ThreadPoolExecutor = field(  # applies what was read (the write transactions)
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake-apply")
    )
    reader: ThreadPoolExecutor = field(  # reads meanwhile (no lock)
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake-read")
    )

    async def run(self, stop: asyncio.Event) -> None:
        buffer = _Buffer()
        tasks = [
            asyncio.create_task(self._read(stop, buffer), name="intake-read-ahead"),
            asyncio.create_task(self._apply(stop, buffer), name="intake-apply"),
        ]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def close(self, *, wait: bool = False) -> None:
        self.executor.shutdown(wait=wait)
        self.reader.shutdown(wait=wait)

    async def _read(self, stop: asyncio.Event, buffer: _Buffer) -> None:
        """Read what is waiting, batch after batch, while there is room in the buffer."""
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            self.activity.wake.clear()
            buffer.emptied.clear()
            if len(buffer.read) < READ_AHEAD:
                try:
                    batch = await loop.run_in_executor(
                        self.reader, self.processor.read_waiting, MAX_BATCH, buffer.in_hand()
                    )
                except Exception as error:  # the database may be briefly away: keep going
                    # The type only: a database error's text carries the statement's parameters.
                    log.warning("reading stored mail failed (%s); will retry", type(error).__name__)
                    await _wait_for_any(stop, (), self.retry_seconds)
                    continue
                if batch:
                    buffer.add(batch)
                    continue
            # Nothing waiting, or the buffer is full: until mail comes or the applier makes room.
            await _wait_for_any(stop, (self.activity.wake, buffer.emptied), self.poll_seconds)

    async def _apply(self, stop: asyncio.Event, buffer: _Buffer) -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            if not buffer.read:
                buffer.filled.clear()
                await _wait_for_any(stop, (buffer.filled,), self.poll_seconds)
                continue
            # In a quiet moment a whole batch; while mail streams in only a few, so the write
            # lock is never held long in front of the listener's commits.
            quiet = await self._quiet_moment(stop)
            batch = buffer.take(MAX_BATCH if quiet else BUSY_BATCH)
            try:
                await loop.run_in_executor(self.executor, self.processor.apply, batch)
            except Exception as error:  # the database may be briefly away: keep going
                buffer.forget()  # everything stays waiting in the database
                log.warning("applying stored mail failed (%s); will retry", type(error).__name__)
                await _wait_for_any(stop, (), self.retry_seconds)
                continue
            buffer.done()

    async def _quiet_moment(self, stop: asyncio.Event) -> bool:
        """Wait for the listener to be quiet, at most MAX_DEFER_SECONDS; True if it is."""
        waited = 0.0
        while not stop.is_set() and waited < MAX_DEFER_SECONDS:
            remaining = QUIET_SECONDS - self.activity.quiet_for()
            if remaining <= 0:
                return True
            await _wait_for_any(stop, (), remaining)
            waited += remaining
        return False


async def _wait_for_any(
    stop: asyncio.Event, events: tuple[asyncio.Event, ...], seconds: float
) -> None:
    """Until `stop` or one of the events is set, or `seconds` have passed."""
    waiters = [asyncio.ensure_future(event.wait()) for event in (stop, *events)]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
