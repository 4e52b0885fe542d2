"""The report's read-only transactions, and the earliest day any counted case was received.

A report at a million cases is some fifty aggregate queries. PostgreSQL answers each on one
core, and SQLite counts in the thread that asked (releasing Python's lock while it steps), so
the report asks on a few connections at once (`Readers.map`): on two cores the second one
counts while the first does, and the report's own Python runs between (on a busy machine the
threads wait on each other and the other work; with its cores free they pay). Every
connection reads the same snapshot of the database, so the tables agree with each other as
they would read on one: on PostgreSQL the first transaction (REPEATABLE READ, READ ONLY)
exports its snapshot and the others take it; on SQLite each transaction pins its snapshot with
a first read, and a witness connection's data_version, read before and after, shows that no
write was committed in between (else they begin again; in the end the report reads on one
connection).
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from store.db import read_rows, sqlite_path
from store.reports.sql import cases, counted

T = TypeVar("T")

# Beside the first: the machines heard runs on have two cores or more.
SPARE_CONNECTIONS = 2
_SNAPSHOT_ATTEMPTS = 3
_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f-]{1,64}")


class Readers:
    """Connections reading one snapshot: `connection` is the calling thread's, `map` runs
    calls side by side on the spare ones."""

    def __init__(self, first: Connection, spare: Sequence[Connection] = ()) -> None:
        self._first = first
        self._idle: queue.SimpleQueue[Connection] = queue.SimpleQueue()
        for connection in spare:
            self._idle.put(connection)
        self._local = threading.local()
        self._pool = ThreadPoolExecutor(len(spare), "report-reader") if spare else None

    @property
    def connection(self) -> Connection:
        """The connection of the call this thread is running (the first one outside `map`)."""
        found: Connection | None = getattr(self._local, "connection", None)
        return found or self._first

    def map(self, calls: Sequence[Callable[[Connection], T]]) -> list[T]:
        """Each call's result, in order, the calls run side by side (one after the other when
        there is no spare connection, or inside a call)."""
        if self._pool is None or getattr(self._local, "connection", None) is not None:
            return [call(self.connection) for call in calls]
        return list(self._pool.map(self._on_a_connection, calls))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def _on_a_connection(self, call: Callable[[Connection], T]) -> T:
        connection = self._idle.get()
        self._local.connection = connection
        try:
            return call(connection)
        finally:
            self._local.connection = None
            self._idle.put(connection)


@contextmanager
def report_readers(engine: Engine, *, spare: int = SPARE_CONNECTIONS) -> Iterator[Readers]:
    """Read-only transactions (never waiting for, or blocking, a writer) on one snapshot:
    the first and `spare` more."""
    if engine.dialect.name == "sqlite" and sqlite_path(str(engine.url)) is None:
        spare = 0  # each connection to an in-memory database is a database of its own
    with ExitStack() as stack:
        connections = _on_one_snapshot(engine, stack, 1 + spare)
        readers = Readers(connections[0], connections[1:])
        stack.callback(readers.close)
        yield readers


def _on_one_snapshot(engine: Engine, stack: ExitStack, count: int) -> list[Connection]:
    if engine.dialect.name == "postgresql":
        first = _postgres_reader(stack, engine, snapshot=None)
        if count == 1:
            return [first]
        snapshot = str(first.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one())
        others = [_postgres_reader(stack, engine, snapshot=snapshot) for _ in range(count - 1)]
        return [first, *others]
    if count == 1:
        return [_sqlite_reader(stack, engine)]
    witness = engine.raw_connection()  # outside any transaction: a pooled Connection begins one
    try:
        for _ in range(_SNAPSHOT_ATTEMPTS):
            with ExitStack() as attempt:
                before = _data_version(witness)
                connections = [_sqlite_reader(attempt, engine) for _ in range(count)]
                if _data_version(witness) == before:
                    stack.enter_context(attempt.pop_all())
                    return connections
    finally:
        witness.close()
    return [_sqlite_reader(stack, engine)]  # writes kept coming: one connection, one snapshot


def _postgres_reader(stack: ExitStack, engine: Engine, *, snapshot: str | None) -> Connection:
    connection = stack.enter_context(read_rows(engine))
    connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    if snapshot is not None:
        if not _SNAPSHOT_ID.fullmatch(snapshot):
            raise ValueError(f"unexpected snapshot id {snapshot!r}")
        connection.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
    # Compiling each aggregate to machine code (JIT) costs PostgreSQL more than the counting
    # it speeds up here.
    connection.exec_driver_sql("SET LOCAL jit = off")
    # The report's joins follow indexes: stages, cases and deadlines merged in case order,
    # small tables looking their cases up by key. Left to its estimates the planner hashed the
    # million cases (and the joined stages) for each query instead, about twice the time at 1M
    # cases (bench/report.py); with hashing off it merges.
    connection.exec_driver_sql("SET LOCAL enable_hashjoin = off")
    # The per-day counts sort a year's (or eight years') rows by day: in the default 4 MB each
    # such sort spilled to disk (external merge, 12-16 MB a worker at 1M cases).
    connection.exec_driver_sql("SET LOCAL work_mem = '64MB'")
    # The report's connections already keep the cores busy: a parallel plan's workers only
    # add their own start-up and the gathering of their rows.
    connection.exec_driver_sql("SET LOCAL max_parallel_workers_per_gather = 0")
    return connection


def _sqlite_reader(stack: ExitStack, engine: Engine) -> Connection:
    connection = stack.enter_context(read_rows(engine))
    # A deferred transaction takes its snapshot at its first read of the database.
    connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
    return connection


def _data_version(witness: Any) -> int:
    """SQLite's count of the commits this connection has seen others make."""
    cursor = witness.cursor()
    try:
        return int(cursor.execute("PRAGMA data_version").fetchone()[0])
    finally:
        cursor.close()


def earliest_day(connection: Connection) -> date | str | None:
    """The first receipt day of a counted case (SQLite gives MIN() of a date back as text)."""
    day: date | str | None = connection.execute(
        sa.select(sa.func.min(cases.c.receipt_day)).where(counted())
    ).scalar()
    return day
