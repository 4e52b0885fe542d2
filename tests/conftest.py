"""Fixtures every package's tests share: real databases (SQLite file and PostgreSQL), settings.

The `engine` fixture runs each test once per database. PostgreSQL comes from HEARD_TEST_POSTGRES_URL
(default: the server on this machine). Locally an unreachable server skips those tests with one
line in the summary; in CI (CI=true) it fails them, because a green run must mean both ran.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import store.models  # noqa: F401
from heard.settings import Settings, load_settings
from store.db import make_engine
from store.migrate import upgrade

# Fixtures shared across packages: the capturing smarthost, the stand-in Slack Web API, and the
# watch that fails any test whose log lines carry personal data (tests/log_watch.py).
pytest_plugins = ["tests.mailsink", "tests.slack_api", "tests.log_watch"]

POSTGRES_URL = os.environ.get(
    "HEARD_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
_postgres_problem: str | None = None


def _postgres_reason() -> str | None:
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return f"PostgreSQL at {POSTGRES_URL} unreachable ({str(error).strip().splitlines()[0]})"
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied for each test: migrating per test would dominate."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # closing the last connection checkpoints the WAL into the file
    return path


@pytest.fixture(scope="session")
def postgres_database_url() -> Iterator[str]:
    """A database of our own on the server, migrated once, dropped at the end."""
    global _postgres_problem
    _postgres_problem = _postgres_reason()
    if _postgres_problem:
        if IN_CI:
            pytest.fail(f"{_postgres_problem}; CI must run the PostgreSQL tests")
        pytest.skip(_postgres_problem)
    name = f"heard_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        # A commit returns before its WAL reaches the disk: a fsync per commit (4-5 ms here)
        # was much of a PostgreSQL test's time. Only a crash of the server itself could lose
        # what was committed, and no test crashes the server.
        admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate_all(engine: Engine) -> None:
    """Every table emptied and its ids started again, as `TRUNCATE ... RESTART IDENTITY` does.
    TRUNCATE makes new files for each table and index: for all 34 tables that took 0.8-1.9 s a
    test at load ~11 (most of a small PostgreSQL test), DELETE on tables a test left small takes
    0.01-0.03 s. So only tables whose triggers refuse a DELETE (the append-only audit log) are
    truncated, with what refers to them; the rest are deleted from, children first."""
    url = engine.url.render_as_string(hide_password=False)
    script = _EMPTYING.get(url)
    if script is None:
        script = _EMPTYING[url] = _emptying_script(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql(script)


_EMPTYING: dict[str, str] = {}  # per database: the statements that empty it


def _emptying_script(engine: Engine) -> str:
    names = [table.name for table in SQLModel.metadata.sorted_tables]
    with engine.connect() as connection:
        guarded = {
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT DISTINCT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid"
                " WHERE NOT g.tgisinternal AND g.tgtype & 8 <> 0"  # a row or statement DELETE
                " AND c.relname = ANY(%(names)s)",
                {"names": names},
            )
        }
        deleted = [name for name in names if name not in guarded]
        sequences = [
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT s.oid::regclass::text FROM pg_class s"
                " JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass"
                " AND d.deptype IN ('a', 'i') JOIN pg_class t ON t.oid = d.refobjid"
                " WHERE s.relkind = 'S' AND t.relname = ANY(%(names)s)",
                {"names": deleted},
            )
        ]
    truncated = ", ".join(f'"{name}"' for name in sorted(guarded))
    return (
        (f"TRUNCATE {truncated} RESTART IDENTITY CASCADE;" if truncated else "")
        + "".join(f'DELETE FROM "{name}";' for name in reversed(deleted))
        + _restart(sequences)
    )


def _restart(sequences: list[str]) -> str:
    """Each sequence set back to its start, as ALTER SEQUENCE ... RESTART does. ALTER makes a new
    file for each of the ~25 sequences (0.08-0.13 s a test at load ~11); setval only writes the
    value (0.02-0.03 s for the whole emptying script)."""
    if not sequences:
        return ""
    names = ", ".join("'" + sequence.replace("'", "''") + "'" for sequence in sequences)
    return (
        "SELECT setval(seqrelid, seqstart, false) FROM pg_sequence"
        f" WHERE seqrelid = ANY(ARRAY[{names}]::regclass[]);"
    )


# Each database a test runs on, as a fixture's params: a fixture of any scope that builds on a
# database of its own takes these and `fresh_database` (tests/reports/test_report.py's report).
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def fresh_database(request: pytest.FixtureRequest, kind: str, folder: Path) -> str:
    """The URL of a freshly migrated, empty database of this kind: a copy of the migrated
    SQLite template in `folder`, or the session's PostgreSQL database emptied."""
    if kind == "sqlite":
        path = folder / "heard.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_database_url")
    engine = make_engine(url)
    _truncate_all(engine)
    engine.dispose()
    return url


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A freshly migrated, empty database: once as a SQLite file, once on PostgreSQL."""
    return fresh_database(request, request.param, tmp_path)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """Only SQLite, for tests of SQLite-specific behaviour."""
    path = tmp_path / "heard.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings isolated from the developer's environment and .env file."""
    for name in list(os.environ):
        if name.startswith("HEARD_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return load_settings(environment="test", database_url=f"sqlite:///{tmp_path / 'heard.db'}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _postgres_problem and not IN_CI:
        terminalreporter.write_line(
            f"NOTE: PostgreSQL tests skipped: {_postgres_problem}", yellow=True
        )
