"""Reading a stored message: the pure, CPU-heavy part (MIME walk, HTML to text, the triage rules
over the whole text), with no database and no I/O.

`heard serve` runs it in processes of its own (HEARD_INTAKE_READ_IN_SUBPROCESS): reading one
large message takes tens of milliseconds of CPU, and in heard's own process that time would be
taken from the event loop and the thread committing new mail (they share one GIL), which shows
in how long clients wait for their 250 while mail streams in.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cases.enums import Channel, RecordKind
from intake.parsing import ParsedMessage, ParseLimits, parse_message
from store.text import storable
from triage.engine import Concern, Contact, Decision, safeguarding_concern, triage
from triage.rulebook import Rulebook, load_rulebook


@dataclass(frozen=True)
class ReadRequest:
    raw: bytes
    limits: ParseLimits
    triage: bool  # a new contact; replies and bounces are only read
    record_kind: RecordKind  # the mailbox it came to
    sender: str  # the envelope sender: the identity we trust
    received_on: date  # time limits count from receipt, not from when it is read


@dataclass(frozen=True)
class Reading:
    parsed: ParsedMessage
    decision: Decision | None  # None: not triaged (a reply, or automatic mail)
    # A reply (not triaged) whose text, quoted history included, trips safeguarding.
    concern: Concern | None = None


@dataclass(frozen=True)
class ReadFailure:
    """The message could not be read (a parser bug, a message we cannot handle): reading it
    again gives the same, so it is set aside for staff. `reason` names no content."""

    reason: str


def read(request: ReadRequest, rulebook: Rulebook) -> Reading:
    # What the databases cannot hold (NUL, lone surrogates) is cleaned here, before triage, so
    # the text triaged is the text stored; the raw bytes keep the original.
    # A new contact is read whole: it has nothing of ours to quote, and what follows a
    # separator line (`From: a worried neighbour`, `-- `, `Sent from my iPhone`) is part of it.
    parsed = storable(
        parse_message(request.raw, limits=request.limits, split_quotes=not request.triage)
    )
    if parsed.machine_made:
        return Reading(parsed, None)
    if not request.triage:
        # A reply is not triaged, but all of it (the history it quotes too) passes the tripwire.
        whole = "\n".join(
            part for part in (parsed.text, parsed.quoted_text, parsed.signature) if part
        )
        return Reading(parsed, None, safeguarding_concern(parsed.subject, whole, rulebook))
    contact = Contact(
        subject=parsed.subject,
        body=parsed.text or "",
        sender_address=request.sender or parsed.from_address or "",
        sender_name=parsed.from_display or "",
        mailbox_kind=request.record_kind,
        channel=Channel.EMAIL,
        received_on=request.received_on,
        automated=parsed.automated,
    )
    return Reading(parsed, triage(contact, rulebook, today=request.received_on))


def read_many(requests: Sequence[ReadRequest], rulebook: Rulebook) -> list[Reading | ReadFailure]:
    """Each message read on its own: one that fails costs the others nothing."""
    readings: list[Reading | ReadFailure] = []
    for request in requests:
        try:
            readings.append(read(request, rulebook))
        except Exception as error:
            readings.append(ReadFailure(f"reading it failed ({type(error).__name__})"))
    return readings


@dataclass
class InlineReader:
    """Reads in the calling thread (HEARD_INTAKE_READ_IN_SUBPROCESS=false)."""

    rulebook: Rulebook

    def __call__(self, request: ReadRequest) -> Reading:
        return read(request, self.rulebook)

    def read_many(self, requests: Sequence[ReadRequest]) -> list[Reading | ReadFailure]:
        return read_many(requests, self.rulebook)

    def close(self) -> None:
        pass


class SubprocessReader:
    """Reads in child processes that load the same rule file; a batch is shared among them
    (`processes`, HEARD_INTAKE_READER_PROCESSES), so a backlog is read on every core the
    listener leaves free. A child that dies (out of memory, killed) raises BrokenProcessPool
    for the batch it held, whose messages stay waiting in the database; the next call starts
    new children."""

    def __init__(
        self,
        rules_path: Path,
        processes: int = 1,
        *,
        gc_thresholds: tuple[int, int, int] | None = None,
    ) -> None:
        self.rules_path = rules_path
        self.processes = max(1, processes)
        self.gc_thresholds = gc_thresholds  # the children's, as `heard serve` sets its own
        self._pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()  # several batches are read at once, from threads

    def __call__(self, request: ReadRequest) -> Reading:
        pool = self._started()
        try:
            return pool.submit(_read_in_child, request).result()
        except BrokenProcessPool:
            self._discard(pool)
            raise

    def read_many(self, requests: Sequence[ReadRequest]) -> list[Reading | ReadFailure]:
        """A batch in one round trip per child. If a child dies, BrokenProcessPool is raised
        for the whole batch: the caller reads them again one at a time to find which message
        kills it."""
        pool = self._started()
        share = -(-len(requests) // self.processes)  # ceiling: every child a share, in order
        chunks = [
            list(requests[start : start + share]) for start in range(0, len(requests), share or 1)
        ]
        try:
            futures = [pool.submit(_read_many_in_child, chunk) for chunk in chunks]
            return [reading for future in futures for reading in future.result()]
        except BrokenProcessPool:
            self._discard(pool)
            raise

    def _started(self) -> ProcessPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_child,
                    initargs=(self.rules_path, self.gc_thresholds),
                )
            return self._pool

    def _discard(self, broken: ProcessPoolExecutor) -> None:
        """Forget a broken pool, unless another thread has already started its successor."""
        with self._pool_lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


_child_rulebook: Rulebook | None = None


READER_NICENESS = 10  # the child yields the CPU to the listener: a 250 waits for nothing


def _start_child(rules_path: Path, gc_thresholds: tuple[int, int, int] | None) -> None:
    global _child_rulebook
    # Reading is background work: while mail streams in, the listener (and the clients waiting
    # for their 250) come first; the child reads ahead with whatever CPU is left.
    os.nice(READER_NICENESS)
    _child_rulebook = load_rulebook(rules_path)
    if gc_thresholds is not None:  # the rules live for ever: out of the collector's walks
        gc.freeze()
        gc.set_threshold(*gc_thresholds)


def _read_in_child(request: ReadRequest) -> Reading:
    assert _child_rulebook is not None
    return read(request, _child_rulebook)


def _read_many_in_child(requests: list[ReadRequest]) -> list[Reading | ReadFailure]:
    assert _child_rulebook is not None
    return read_many(requests, _child_rulebook)
