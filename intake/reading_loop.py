"""When stored mail is read: as soon as it is stored, or in a quiet moment while mail
streams in.

Two tasks share a small buffer. The reader reads what is waiting, batch after batch, up to
READ_AHEAD messages ahead: reading takes no lock (readers never wait for the writer) and in
`heard serve` its CPU work runs in child processes, a batch each at a time, at a lower priority
than the listener. The applier writes what was read, which takes the write lock. While mail is
streaming in (a flood, a mail loop, a gateway flushing its queue) both wait for a quiet moment
before each batch, or MAX_DEFER_SECONDS at the latest, so clients get their 250 quickly and
nothing waits long: loading and handing a batch to the readers costs the listener's process
CPU too, and on two cores reading during a stream made every 250 slower (bench/smtp_intake.py
measures it; the figures are in the README). When the stream stops the backlog is read and applied a batch per transaction. At a council's usual
rate every message is read and applied at once. Mail stored by another process, or before a
crash, is found by polling the database.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

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
    reader: ThreadPoolExecutor = field(  # loads what is waiting meanwhile (no lock)
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake-load")
    )
    reads_at_once: int = 1  # batches being read at a time: one per reader process
    readers: ThreadPoolExecutor = field(init=False)  # each waits for one batch's reading

    def __post_init__(self) -> None:
        self.readers = ThreadPoolExecutor(
            max_workers=self.reads_at_once, thread_name_prefix="intake-read"
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
        self.readers.shutdown(wait=wait)

    async def _read(self, stop: asyncio.Event, buffer: _Buffer) -> None:
        """Load what is waiting and read it, up to `reads_at_once` batches at a time (one per
        reader process), while there is room in the buffer; batches enter it in order."""
        loop = asyncio.get_running_loop()
        reading: deque[tuple[list[int], asyncio.Future[list[Read]]]] = deque()
        try:
            while not stop.is_set():
                self.activity.wake.clear()
                buffer.emptied.clear()
                try:
                    while reading and reading[0][1].done():
                        buffer.add(reading.popleft()[1].result())
                    held = len(buffer.read) + sum(len(ids) for ids, _ in reading)
                    if len(reading) < self.reads_at_once and held < READ_AHEAD:
                        await self._quiet_moment(stop)
                        if stop.is_set():
                            break
                        in_hand = [*buffer.in_hand(), *(id_ for ids, _ in reading for id_ in ids)]
                        stored = await loop.run_in_executor(
                            self.reader, self.processor.load_waiting, MAX_BATCH, in_hand
                        )
                        if stored:
                            ids = [each.correspondence_id for each in stored]
                            read = loop.run_in_executor(self.readers, self.processor.read, stored)
                            reading.append((ids, read))
                            continue
                except Exception as error:  # the database may be briefly away: keep going
                    for _, read in reading:
                        _dropped(read)
                    reading.clear()  # read again from the database
                    # The type only: a database error's text carries the statement's parameters.
                    log.warning("reading stored mail failed (%s); will retry", type(error).__name__)
                    await _wait_for_any(stop, (), self.retry_seconds)
                    continue
                # Until a read is done, mail comes, or the applier makes room in a full buffer.
                await _wait_for_any(
                    stop,
                    (self.activity.wake, buffer.emptied),
                    self.poll_seconds,
                    reading[0][1] if reading else None,
                )
        finally:
            for _, read in reading:
                _dropped(read)

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


def _dropped(read: asyncio.Future[list[Read]]) -> None:
    """Forget a read in flight (its messages stay waiting in the database), retrieving its
    outcome so a failure is not reported as never retrieved."""
    read.cancel()
    if read.done() and not read.cancelled():
        read.exception()


async def _wait_for_any(
    stop: asyncio.Event,
    events: tuple[asyncio.Event, ...],
    seconds: float,
    done: asyncio.Future[list[Read]] | None = None,
) -> None:
    """Until `stop` or one of the events is set, `done` is done, or `seconds` have passed."""
    waiters: list[asyncio.Future[Any]] = [
        asyncio.ensure_future(event.wait()) for event in (stop, *events)
    ]
    try:
        await asyncio.wait(
            [*waiters, *([done] if done is not None else [])],
            timeout=seconds,
            return_when=asyncio.FIRST_COMPLETED,
        )
    finally:
        for waiter in waiters:
            waiter.cancel()
