"""When stored mail is read: as soon as it is stored, applied in a quiet moment while mail
streams in.

The listener comes first: while mail is streaming in (a flood, a mail loop, a gateway flushing
its queue) the worker reads the next batch (no lock: readers never wait for the writer, and in
`heard serve` the CPU work runs in a child process) but applies it, which takes the write
lock, only in a quiet moment, or after MAX_DEFER_SECONDS at the latest, so clients get their 250
quickly and nothing waits long; the backlog is read as soon as the stream stops. At a council's usual rate every message is read at once. Mail stored by
another process, or before a crash, is found by polling the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from intake.processing import MAX_BATCH, InboundProcessor, Read

log = logging.getLogger("heard.intake")

QUIET_SECONDS = 0.05  # the listener is quiet when nothing was stored for this long
MAX_DEFER_SECONDS = 1.0  # the longest a stored message waits for a quiet moment
BUSY_BATCH = 2  # messages applied at a time when no quiet moment came


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
class ProcessingLoop:
    processor: InboundProcessor
    activity: IntakeActivity
    poll_seconds: float = 5.0
    retry_seconds: float = 10.0
    executor: ThreadPoolExecutor = field(  # applies what was read (the write transactions)
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake-apply")
    )
    reader: ThreadPoolExecutor = field(  # reads the next batch meanwhile (no lock)
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake-read")
    )

    async def run(self, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        read: list[Read] = []  # read, not yet applied
        # The next batch, read while the last is applied: reading (the triage CPU, in a child
        # process in `heard serve`) and applying (the database) overlap instead of taking turns.
        ahead: asyncio.Future[list[Read]] | None = None
        try:
            while not stop.is_set():
                self.activity.wake.clear()
                try:
                    if not read:
                        if ahead is None:
                            ahead = loop.run_in_executor(self.reader, self.processor.read_waiting)
                        read, ahead = await ahead, None
                    if read:
                        # In a quiet moment the whole batch; while mail streams in only a few,
                        # so the write lock is never held long in front of the listener's commits.
                        quiet = await self._quiet_moment(stop)
                        size = len(read) if quiet else BUSY_BATCH
                        batch, read = read[:size], read[size:]
                        if not read:
                            in_hand = [each.stored.correspondence_id for each in batch]
                            ahead = loop.run_in_executor(
                                self.reader, self.processor.read_waiting, MAX_BATCH, in_hand
                            )
                        await loop.run_in_executor(self.executor, self.processor.apply, batch)
                        continue
                except Exception as error:  # the database may be briefly away: keep going
                    _dropped(ahead)
                    read, ahead = [], None  # read again from the database
                    # The type only: a database error's text carries the statement's parameters.
                    log.warning("reading stored mail failed (%s); will retry", type(error).__name__)
                    await _wait(stop, self.retry_seconds)
                    continue
                await _wait_for_any(stop, self.activity.wake, self.poll_seconds)
        finally:
            _dropped(ahead)

    def close(self, *, wait: bool = False) -> None:
        self.executor.shutdown(wait=wait)
        self.reader.shutdown(wait=wait)

    async def _quiet_moment(self, stop: asyncio.Event) -> bool:
        """Wait for the listener to be quiet, at most MAX_DEFER_SECONDS; True if it is."""
        waited = 0.0
        while not stop.is_set() and waited < MAX_DEFER_SECONDS:
            remaining = QUIET_SECONDS - self.activity.quiet_for()
            if remaining <= 0:
                return True
            await _wait(stop, remaining)
            waited += remaining
        return False


def _dropped(ahead: asyncio.Future[list[Read]] | None) -> None:
    """Forget a read in flight (its messages stay waiting in the database), retrieving its
    outcome so a failure is not reported as never retrieved."""
    if ahead is not None:
        ahead.cancel()
        if ahead.done() and not ahead.cancelled():
            ahead.exception()


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def _wait_for_any(stop: asyncio.Event, wake: asyncio.Event, seconds: float) -> None:
    waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
