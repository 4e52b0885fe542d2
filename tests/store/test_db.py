"""Readers never wait for the writer, nor the writer for readers (SQLite in WAL mode); writers
queue on one lock per process; a read-only unit of work cannot write by mistake."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from store.db import make_engine, read_scope, write_scope

_INSERT = sa.text("INSERT INTO directorate (id, name) VALUES (:id, 'Children')")
_COUNT = sa.text("SELECT count(*) FROM directorate")


def _hold(scope: object, engine: Engine, *, write: bool, seconds: float) -> threading.Thread:
    """Open a unit of work in another thread and keep it open for `seconds`."""
    opened = threading.Event()

    def run() -> None:
        with scope(engine) as session:  # type: ignore[operator]
            if write:
                session.execute(_INSERT, {"id": "held"})
            else:
                session.execute(_COUNT).scalar()
            opened.set()
            time.sleep(seconds)

    thread = threading.Thread(target=run)
    thread.start()
    assert opened.wait(5)
    return thread


def test_a_read_does_not_wait_for_an_open_write(engine: Engine) -> None:
    writer = _hold(write_scope, engine, write=True, seconds=0.6)
    started = time.perf_counter()
    with read_scope(engine) as session:
        assert session.execute(_COUNT).scalar() == 0  # the write is not committed yet
    assert time.perf_counter() - started < 0.3
    writer.join()
    with read_scope(engine) as session:
        assert session.execute(_COUNT).scalar() == 1


def test_a_write_does_not_wait_for_an_open_read(engine: Engine) -> None:
    reader = _hold(read_scope, engine, write=False, seconds=0.6)
    started = time.perf_counter()
    with write_scope(engine) as session:
        session.execute(_INSERT, {"id": "d1"})
    assert time.perf_counter() - started < 0.3
    reader.join()


def test_a_read_scope_cannot_write(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with pytest.raises(sa.exc.OperationalError, match="readonly"), read_scope(engine) as session:
        session.execute(_INSERT, {"id": "d1"})
    with write_scope(engine) as session:  # the same pooled connection writes again
        session.execute(_INSERT, {"id": "d1"})
    engine.dispose()


def test_a_read_inside_a_write_keeps_the_writer_lock(sqlite_url: str) -> None:
    """The reader's commit must not release the lock its thread holds for the writer: a
    second writer would then start at once and fail on busy_timeout or interleave."""
    engine = make_engine(sqlite_url, busy_timeout_ms=200)
    second_started = threading.Event()
    with write_scope(engine) as session:
        session.execute(_INSERT, {"id": "d1"})
        with read_scope(engine) as reader:
            reader.execute(_COUNT).scalar()

        def second_writer() -> None:
            with write_scope(engine) as other:
                other.execute(_INSERT, {"id": "d2"})  # BEGIN IMMEDIATE: waits for the lock
                second_started.set()

        thread = threading.Thread(target=second_writer)
        thread.start()
        assert not second_started.wait(0.4)  # still queued on this process's writer lock
        session.execute(_INSERT, {"id": "d3"})
    thread.join(5)
    assert second_started.is_set()
    with read_scope(engine) as session:
        assert session.execute(_COUNT).scalar() == 3
    engine.dispose()


@pytest.mark.postgres
def test_postgres_connections_do_not_jit_compile(postgres_database_url: str) -> None:
    """The reading queue's query at 50,000 cases compiled to machine code for about 4 s to run
    for 0.15 s: heard's connections turn JIT off (store.db._set_postgres_session)."""
    engine = make_engine(postgres_database_url)
    try:
        for _ in range(2):  # a new connection, then one from the pool
            with engine.connect() as connection:
                assert connection.exec_driver_sql("SHOW jit").scalar() == "off"
    finally:
        engine.dispose()
