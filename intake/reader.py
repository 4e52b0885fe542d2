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
import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from multiprocessing.sharedctypes import Synchronized, SynchronizedArray
from pathlib import Path

from cases.enums import Channel, RecordKind
from intake.parsing import ParsedMessage, ParseLimits, parse_message
from intake.turns import Turns
from store.text import storable
from triage.engine import (
    Concern,
    Contact,
    Decision,
    reply_holds,
    safeguarding_concern,
    staff_threat_in,
    triage,
)
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
    # Why no automatic mail may answer a reply (triage.engine.reply_holds): the same holds
    # as a new contact's, read from the reply's own words.
    holds: tuple[str, ...] = ()
    # A reply's own words (not what it quotes) read as a threat to a member of staff: the
    # case's flag (triage.engine.staff_threat_in). A new contact's is its decision's.
    threat: str | None = None

    @property
    def staff_threat(self) -> str | None:
        return self.decision.staff_threat if self.decision is not None else self.threat


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
        subject = their_subject(parsed.subject)
        concern = safeguarding_concern(subject, whole, rulebook)
        own = "\n".join(part for part in (parsed.text, parsed.signature) if part)
        holds = reply_holds(subject, own, rulebook, concern=concern)
        return Reading(parsed, None, concern, holds, staff_threat_in(subject, own, rulebook))
    contact = Contact(
        subject=parsed.subject,
        body=parsed.text or "",
        sender_name=parsed.from_display or "",
        mailbox_kind=request.record_kind,
        channel=Channel.EMAIL,
        received_on=request.received_on,
        automated=parsed.automated,
    )
    return Reading(parsed, triage(contact, rulebook, today=request.received_on))


# The subject heard gives its letters ("Your reference CSC-2026-000123"), as a reply carries it.
OUR_SUBJECT = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|sv|antw)\s*:\s*)*your reference [a-z]+-\d{4}-\d+"
    r"(?:\s*\((?:text message|not sent)\))?\s*$",
    re.IGNORECASE,
)


def their_subject(subject: str) -> str:
    """A reply's subject as the writer wrote it: ours ("Re: Your reference CSC-…") is no word
    of theirs, and read with their message its words weighed towards a concern (a reply of
    one ordinary sentence was referred to the MASH for "re", "your" and "reference")."""
    return "" if OUR_SUBJECT.match(subject) else subject


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

    def read_alone(self, request: ReadRequest) -> Reading | ReadFailure:
        return read_many([request], self.rulebook)[0]

    def close(self) -> None:
        pass

    def reload(self) -> None:
        """The rulebook object itself takes on the new rules (Rulebook.replace_with)."""


class ReadTimedOut(BrokenProcessPool):
    """A child spent longer than the bound on one message: the children were stopped, and the
    batch's messages stay waiting in the database (read again one at a time, the one that
    stalls counted against)."""


READ_SECONDS = 20.0  # the longest a child may spend on one message (HEARD_INTAKE_READ_SECONDS)
_POLL_SECONDS = 0.2  # how often a wait for children looks at how long each has been reading


@dataclass
class _Pool:
    """The children, and when each began the message it is reading (0: none), in shared
    memory: the bound counts from there, so starting a child is never counted as reading."""

    executor: ProcessPoolExecutor
    started: SynchronizedArray[float]


class SubprocessReader:
    """Reads in child processes that load the same rule file; a batch is shared among them
    (`processes`, HEARD_INTAKE_READER_PROCESSES), so a backlog is read on every core the
    listener leaves free. A child that dies (out of memory, killed) raises BrokenProcessPool
    for the batch it held, whose messages stay waiting in the database; the next call starts
    new children. A child that spends longer than `read_seconds` on one message is killed
    (ReadTimedOut, a BrokenProcessPool): no message can hold reading for longer. `close()`
    kills the children, so a stalled one never keeps heard from stopping."""

    def __init__(
        self,
        rules_path: Path,
        processes: int = 1,
        *,
        gc_thresholds: tuple[int, int, int] | None = None,
        read_seconds: float = READ_SECONDS,
        reading: Callable[[list[ReadRequest]], list[Reading | ReadFailure]] | None = None,
    ) -> None:
        self.rules_path = rules_path
        self.processes = max(1, processes)
        self.gc_thresholds = gc_thresholds  # the children's, as `heard serve` sets its own
        self.read_seconds = read_seconds
        # What a child runs over its share (a module-level function; tests put a stand-in).
        self.reading = reading or _read_many_in_child
        self._pool: _Pool | None = None
        self._pool_lock = threading.Lock()  # several batches are read at once, from threads
        self._turns = Turns()

    def __call__(self, request: ReadRequest) -> Reading:
        reading = self.read_many([request])[0]
        if isinstance(reading, ReadFailure):
            raise RuntimeError(reading.reason)
        return reading

    def read_many(self, requests: Sequence[ReadRequest]) -> list[Reading | ReadFailure]:
        """A batch in one round trip per child. If a child dies, BrokenProcessPool is raised
        for the whole batch: the caller reads them again one at a time (read_alone) to find
        which message kills it. Other batches may be read beside it."""
        with self._turns.batch():
            return self._read(requests)

    def read_alone(self, request: ReadRequest) -> Reading | ReadFailure:
        """One message with nothing else read beside it (intake/turns.py), so a stall or a
        death raised here is this message's doing and may be counted against it."""
        with self._turns.alone():
            return self._read([request])[0]

    def _read(self, requests: Sequence[ReadRequest]) -> list[Reading | ReadFailure]:
        pool = self._started()
        share = -(-len(requests) // self.processes)  # ceiling: every child a share, in order
        chunks = [
            list(requests[start : start + share]) for start in range(0, len(requests), share or 1)
        ]
        try:
            futures = [pool.executor.submit(self.reading, chunk) for chunk in chunks]
            while True:
                done, pending = wait(futures, timeout=_POLL_SECONDS, return_when=FIRST_EXCEPTION)
                if not pending or any(future.exception() for future in done):
                    break
                if self._stalled(pool):
                    self._kill(pool)
                    raise ReadTimedOut(
                        f"a message took longer than {self.read_seconds:g} s to read"
                    )
            return [reading for future in futures for reading in future.result()]
        except BrokenProcessPool:
            self._kill(pool)
            raise

    def _stalled(self, pool: _Pool) -> bool:
        now = time.monotonic()
        with pool.started.get_lock():
            began = pool.started[:]
        return any(at and now - at > self.read_seconds for at in began)

    def _started(self) -> _Pool:
        with self._pool_lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                started = context.Array("d", self.processes)
                self._pool = _Pool(
                    ProcessPoolExecutor(
                        self.processes,
                        mp_context=context,
                        initializer=_start_child,
                        initargs=(
                            self.rules_path,
                            self.gc_thresholds,
                            started,
                            context.Value("i", 0),
                            os.getpid(),
                        ),
                    ),
                    started,
                )
            return self._pool

    def _kill(self, pool: _Pool) -> None:
        """Stop a pool's children at once (a stalled child never ends by itself) and forget
        the pool, unless another thread has already started its successor."""
        with self._pool_lock:
            if self._pool is pool:
                self._pool = None
        for process in list((pool.executor._processes or {}).values()):
            process.kill()
        pool.executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._pool_lock:
            pool = self._pool
        if pool is not None:
            self._kill(pool)

    def reload(self) -> None:
        """The rule file changed (SIGHUP, after it was checked): new children, which load it,
        read from the next batch on; the old ones finish the batch they hold."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.executor.shutdown(wait=False)


_child_rulebook: Rulebook | None = None
_child_started: SynchronizedArray[float] | None = None  # shared with the parent
_child_slot = 0  # this child's place in it


READER_NICENESS = 10  # the child yields the CPU to the listener: a 250 waits for nothing


def _start_child(
    rules_path: Path,
    gc_thresholds: tuple[int, int, int] | None,
    started: SynchronizedArray[float],
    slots: Synchronized[int],
    parent: int,
) -> None:
    global _child_rulebook, _child_started, _child_slot
    with slots.get_lock():
        _child_slot = slots.value % len(started)
        slots.value += 1
    _child_started = started
    # heard's pid as heard gave it: a child whose heard was killed while the child was still
    # starting (imports take seconds) was handed to another parent before this line ran, and
    # its own getppid() would name that one, so it waited for ever (walkerE: kill -9 of heard
    # serve 20 s after it started left its readers running half an hour later).
    _leave_with_parent(parent)
    # Reading is background work: while mail streams in, the listener (and the clients waiting
    # for their 250) come first; the child reads ahead with whatever CPU is left.
    os.nice(READER_NICENESS)
    _child_rulebook = load_rulebook(rules_path)
    # What triage loads on first use (the lemmatiser's dictionary, 1.4 s CPU) is loaded here,
    # before any message's read bound starts: a child's first message is read as fast as
    # its others.
    _child_rulebook.scan("warming the reader")
    if gc_thresholds is not None:  # the rules live for ever: out of the collector's walks
        gc.freeze()
        gc.set_threshold(*gc_thresholds)


def _leave_with_parent(parent: int) -> None:
    """A child whose heard died without closing it (SIGKILL, a crash) would wait on its task
    queue for ever, holding its memory and the parent's output pipe: it ends itself once it is
    handed to another parent."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def reading_started() -> None:
    """In a child: the message it reads next begins now (the parent bounds it from here)."""
    if _child_started is not None:
        _child_started[_child_slot] = time.monotonic()


def reading_stopped() -> None:
    if _child_started is not None:
        _child_started[_child_slot] = 0.0


def _read_many_in_child(requests: list[ReadRequest]) -> list[Reading | ReadFailure]:
    assert _child_rulebook is not None
    readings: list[Reading | ReadFailure] = []
    try:
        for request in requests:
            reading_started()
            readings.extend(read_many([request], _child_rulebook))
    finally:
        reading_stopped()
    return readings
