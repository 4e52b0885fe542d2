"""A PostgreSQL connection lost mid-query, as a failover or a restarted database does it: another
connection holds writes to the audit table, and the heard query that waits on it has its
connection terminated (pg_terminate_backend). SQLite has no connection to lose, so a test that
asks for this is skipped there. Shared by the Slack, web and CLI tests of a lost database."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import pytest
import sqlalchemy as sa

from store.db import is_sqlite

T = TypeVar("T")

WAITING = (
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
)


def waiting_pids(holder: sa.Connection) -> list[int]:
    """Backends waiting on a lock. Inside the holder's transaction pg_stat_activity is read once
    and kept unless its snapshot is cleared: a query that starts waiting later would not show."""
    holder.execute(sa.text("SELECT pg_stat_clear_snapshot()"))
    return [int(pid) for pid in holder.execute(sa.text(WAITING)).scalars()]


def terminate(holder: sa.Connection, pids: list[int]) -> None:
    for pid in pids:
        holder.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


@contextmanager
def writes_held(url: str) -> Iterator[sa.Connection]:
    """A connection holding heard's writes (a lock on the audit table) until the block ends."""
    if is_sqlite(url):
        pytest.skip("SQLite has no connection to lose: a PostgreSQL fault")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as holder:
            holder.execute(sa.text("LOCK TABLE audit_log IN EXCLUSIVE MODE"))
            try:
                yield holder
            finally:
                holder.rollback()
    finally:
        engine.dispose()


def cut_while(
    url: str, run: Callable[[], T], *, wait_for_lock: float, finish_within: float
) -> list[T]:
    """`run`'s answer (in a list: empty if it never finished), `run` having been made to wait
    on the held writes and had its connection cut."""
    answers: list[T] = []
    with writes_held(url) as holder:
        running = threading.Thread(target=lambda: answers.append(run()))
        running.start()
        deadline = time.monotonic() + wait_for_lock
        while not (waiting := waiting_pids(holder)):
            assert time.monotonic() < deadline, "the query never waited on the lock"
            time.sleep(0.05)
        terminate(holder, waiting)
        running.join(timeout=finish_within)
    return answers
