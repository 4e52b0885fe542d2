"""Engine and sessions for the two supported databases.

SQLite is the embedded default: WAL so readers and the writer never wait for each other, a busy
timeout so concurrent writers wait instead of failing with "database is locked", and
synchronous=FULL because SMTP says 250 only after the commit and NORMAL may lose the last
commits on power loss.

Two kinds of unit of work: `read_scope` (and `read_rows`, its Core twin) for reading only (an ordinary deferred transaction on
SQLite: it takes no lock and never waits for a writer, and the connection is put in query_only
mode so a stray write fails at once instead of failing later on a stale snapshot) and
`write_scope` (`session_scope`) for anything that writes: on SQLite it takes this process's
writer lock and BEGIN IMMEDIATE at the start, so writers queue instead of deadlocking when two
of them upgrade a read lock. On PostgreSQL both are ordinary transactions.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

if TYPE_CHECKING:  # the ORM is imported by the scopes that use it: `read_rows` needs only Core
    from sqlmodel import Session

SQLITE_BUSY_TIMEOUT_MS = 10_000
_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
)


class DatabaseError(Exception):
    """The database cannot be used as configured; the message names HEARD_DATABASE_URL."""


def normalise_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here (SQLAlchemy would otherwise pick psycopg2)."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def database_url(url: str) -> str:
    """HEARD_DATABASE_URL: the two databases heard runs on, read as SQLAlchemy will read it, so
    a port that is not a number is named here rather than failing later as a bare ValueError.
    The messages never repeat the address: it may carry the database password."""
    if not url.startswith(("sqlite:///", "postgresql://", "postgresql+psycopg://")):
        raise ValueError("must start with sqlite:/// or postgresql://")
    try:
        port = sa.engine.make_url(normalise_url(url)).port
    except ValueError:  # SQLAlchemy reads the port with int()
        raise ValueError("the port after the host must be a number from 1 to 65535") from None
    except sa.exc.ArgumentError:
        raise ValueError("cannot be read as a database address") from None
    if port is not None and not 1 <= port <= 65535:
        raise ValueError(f"the port {port} is not a number from 1 to 65535")
    return url


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite URL, or None for an in-memory database."""
    path = sa.engine.make_url(url).database
    return Path(path) if path and path != ":memory:" else None


def make_engine(
    url: str,
    *,
    echo: bool = False,
    busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
    create: bool = True,
) -> Engine:
    """The engine for `url`. Unless `create`, a SQLite file that does not exist is refused:
    SQLite would make an empty one on the first connection, and a command that only reads,
    pointed at a mistyped path, would leave it behind."""
    url = normalise_url(url)
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as error:
        # not the address itself: it may carry the database password
        raise DatabaseError("HEARD_DATABASE_URL: cannot be read as a database address") from error
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None and not path.parent.is_dir():
            raise DatabaseError(f"HEARD_DATABASE_URL: directory {path.parent} does not exist")
        if path is not None and not create and not path.exists():
            raise DatabaseError(
                f"HEARD_DATABASE_URL: there is no database at {path} (`heard db upgrade` or "
                "`heard serve` creates one)"
            )
        engine = sa.create_engine(
            parsed,
            echo=echo,
            hide_parameters=True,  # errors would carry names and complaint text into logs
            connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
        )
        sa.event.listen(
            engine, "connect", lambda dbapi, record: _set_sqlite_pragmas(dbapi, busy_timeout_ms)
        )
        writer_lock = threading.RLock()
        sa.event.listen(engine, "begin", lambda conn: _begin(conn, writer_lock))
        sa.event.listen(engine, "commit", lambda conn: _release(conn, writer_lock))
        sa.event.listen(engine, "rollback", lambda conn: _release(conn, writer_lock))
        # pysqlite's own transaction handling is switched off so `begin` below decides how a
        # transaction starts: BEGIN IMMEDIATE for writers, a plain (deferred) BEGIN for readers.
        return engine
    engine = sa.create_engine(
        parsed,
        echo=echo,
        hide_parameters=True,  # errors would carry names and complaint text into logs
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=20,
    )
    sa.event.listen(engine, "connect", lambda dbapi, record: _set_postgres_session(dbapi))
    return engine


def _set_postgres_session(dbapi_connection: Any) -> None:
    """No JIT compiling on heard's connections. Its statements are short lookups whose costs
    the planner sums over every case a correlated subquery may visit: the reading queue's
    query at 50,000 cases passed the default jit_above_cost and compiled for about 4 s to
    run for 0.15 s (figures in the commit). The reports turned it off for themselves already."""
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True  # a SET outside any transaction holds for the session
    try:
        dbapi_connection.execute("SET jit = off")
    finally:
        dbapi_connection.autocommit = autocommit


def _set_sqlite_pragmas(dbapi_connection: Any, busy_timeout_ms: int) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (*_SQLITE_PRAGMAS, f"PRAGMA busy_timeout={busy_timeout_ms}"):
        cursor.execute(pragma)
    cursor.close()


_READ_ONLY = "heard_read_only"  # execution option set by read_scope
_HOLDS_LOCK = "heard_holds_writer_lock"  # in the pooled connection's info while it holds it
_QUERY_ONLY = "heard_query_only"  # the connection's PRAGMA query_only, to set it only on change


def _begin(connection: sa.Connection, writer_lock: threading.RLock) -> None:
    """Readers BEGIN (deferred) without the lock; writers take it and BEGIN IMMEDIATE.

    Threads of this process queue on a lock rather than on SQLite's busy handler, whose
    sleeps with back-off turn contention into multi-second tails; other processes still wait
    on busy_timeout."""
    read_only = bool(connection.get_execution_options().get(_READ_ONLY))
    if connection.info.get(_QUERY_ONLY, False) != read_only:
        connection.exec_driver_sql(f"PRAGMA query_only={int(read_only)}")
        connection.info[_QUERY_ONLY] = read_only
    if read_only:
        connection.exec_driver_sql("BEGIN")
        return
    writer_lock.acquire()
    connection.info[_HOLDS_LOCK] = True
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        # SQLAlchemy may already have rolled back (and so released the lock) on the way out:
        # the caller must see the database's error, not a second release failing.
        _release(connection, writer_lock)
        raise


def _release(connection: sa.Connection, writer_lock: threading.RLock) -> None:
    """Only a connection that took the lock gives it back: a reader's commit in the same
    thread as an open writer must not release the writer's lock."""
    if connection.info.pop(_HOLDS_LOCK, False):
        with contextlib.suppress(RuntimeError):  # not held here: a rollback after a failed BEGIN
            writer_lock.release()


# Any fixed number: processes of one heard installation agree on it.
_STARTUP_LOCK_KEY = 0x68656172  # "hear"


def hold_startup_lock(connection: sa.Connection) -> None:
    """Until the caller's transaction ends, other processes starting on the same database wait
    here: migrating and seeding are run by one process at a time, and the next one finds the
    work done. On PostgreSQL a transaction-level advisory lock; on SQLite the write
    transaction (BEGIN IMMEDIATE) already excludes other processes."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _STARTUP_LOCK_KEY}
        )


def check_sqlite_pragmas(engine: Engine) -> dict[str, object]:
    """Asserted at start-up: a misconfigured SQLite would lose mail that we said 250 to."""
    if engine.dialect.name != "sqlite":
        return {}
    with engine.connect() as connection:
        found = {
            "journal_mode": connection.exec_driver_sql("PRAGMA journal_mode").scalar(),
            "busy_timeout": connection.exec_driver_sql("PRAGMA busy_timeout").scalar(),
            "synchronous": connection.exec_driver_sql("PRAGMA synchronous").scalar(),
        }
    path = sqlite_path(str(engine.url))
    if path is not None and found["journal_mode"] != "wal":
        raise DatabaseError(f"SQLite journal_mode is {found['journal_mode']}, expected wal")
    if int(found["busy_timeout"] or 0) < 5000:
        raise DatabaseError(f"SQLite busy_timeout is {found['busy_timeout']}, expected >= 5000")
    if int(found["synchronous"] or 0) != 2:  # 2 = FULL
        raise DatabaseError(f"SQLite synchronous is {found['synchronous']}, expected FULL (2)")
    return found


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work that may write: committed when the block ends, rolled back if it
    raises. On SQLite it holds the writer lock from its first statement to its end."""
    from sqlmodel import Session

    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


write_scope = session_scope


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A unit of work that only reads: it never waits for a writer (nor a writer for it).
    Rows it returns stay readable after the block (they are not expired)."""
    from sqlmodel import Session

    with Session(_readers(engine), expire_on_commit=False) as session:
        yield session
        session.commit()  # ends the read transaction; a rollback would expire what was read


@contextmanager
def read_rows(engine: Engine) -> Iterator[sa.Connection]:
    """`read_scope` for Core statements: the same read-only transaction on a plain connection,
    for the listings where importing the ORM and building objects would cost more than the
    query (`heard cases list`)."""
    with _readers(engine).connect() as connection, connection.begin():
        yield connection


def _readers(engine: Engine) -> Engine:
    """The same engine and pool, with transactions marked read-only (made once per engine)."""
    readers: Engine | None = engine.__dict__.get("_heard_readers")
    if readers is None:
        readers = engine.execution_options(**{_READ_ONLY: True})
        engine.__dict__["_heard_readers"] = readers
    return readers
