"""The report reads on several connections at once, all on one snapshot: a write committed
while it reads is in none of its tables, whichever connection counts them."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from store.db import write_scope
from store.reports.reading import report_readers

_INSERT = sa.text("INSERT INTO directorate (id, name) VALUES (:id, 'Children')")
_COUNT = sa.text("SELECT count(*) FROM directorate")


def _add(engine: Engine, name: str) -> None:
    with write_scope(engine) as session:
        session.execute(_INSERT, {"id": name})


def test_every_connection_reads_the_snapshot_taken_at_the_start(engine: Engine) -> None:
    _add(engine, "before")
    with report_readers(engine, spare=2) as readers:
        _add(engine, "during")  # committed after the snapshot was taken
        arrived = threading.Barrier(2, timeout=10)

        def count(connection: Connection) -> tuple[int, int]:
            arrived.wait()  # both at once: each call holds a spare connection of its own
            return threading.get_ident(), int(connection.execute(_COUNT).scalar_one())

        found = readers.map([count, count])
        assert int(readers.connection.execute(_COUNT).scalar_one()) == 1
    assert [n for _, n in found] == [1, 1]
    assert len({thread for thread, _ in found}) == 2
    _add(engine, "after")
    with report_readers(engine, spare=2) as readers:
        assert readers.map([lambda c: int(c.execute(_COUNT).scalar_one())] * 2) == [3, 3]


def test_an_error_in_one_call_reaches_the_caller(engine: Engine) -> None:
    def refuse(connection: Connection) -> int:
        raise LookupError("no such table")

    with report_readers(engine, spare=2) as readers, pytest.raises(LookupError):
        readers.map([lambda c: 1, refuse, lambda c: 3])


def test_writes_that_keep_coming_leave_one_connection_on_one_snapshot(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite a commit between the connections' first reads could give them different
    snapshots: the report tries again, and in the end reads on one connection."""
    from store import db
    from store.reports import reading

    engine = db.make_engine(sqlite_url)
    opened = reading._sqlite_reader

    def with_a_write_between(stack: object, engine_: Engine) -> Connection:
        connection = opened(stack, engine_)  # type: ignore[arg-type]
        _add(engine_, f"d{threading.get_ident()}-{id(connection)}-{len(written)}")
        written.append(1)
        return connection

    written: list[int] = []
    monkeypatch.setattr(reading, "_sqlite_reader", with_a_write_between)
    with report_readers(engine, spare=2) as readers:
        assert readers.map([lambda c: 1, lambda c: 2]) == [1, 2]  # one after the other
        assert readers.connection is not None
    assert len(written) == reading._SNAPSHOT_ATTEMPTS * 3 + 1
    engine.dispose()
