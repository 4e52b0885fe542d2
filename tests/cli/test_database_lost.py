"""PostgreSQL's connection lost under a `heard case` command (pg_terminate_backend, as a
failover or a restarted database does): one line saying the database could not be reached and
to run the command again, exit 1, no traceback, nothing recorded; run again, it works. Walking
heard so, the line was 'heard: unexpected error: OperationalError: (raised as a result of
Query-invoked autoflush; consider using a session.no_autoflush block ...)', which reads as a bug.
PostgreSQL only: SQLite has no connection to lose."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from subprocess import CompletedProcess

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.db import is_sqlite, read_scope
from store.models import Case
from tests.bot.test_database_lost import waiting_pids
from tests.cli.cli_process import invoke_heard
from tests.cli.test_case_cli import reference  # noqa: F401


def status(engine: Engine, ref: str) -> str:
    with read_scope(engine) as session:
        return str(session.exec(select(Case).where(Case.reference == ref)).one().status)


def test_a_command_whose_connection_is_cut_says_so_in_one_line(
    reference: str,  # noqa: F811
    engine: Engine,
    tmp_path: Path,
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    if is_sqlite(url):
        pytest.skip("SQLite has no connection to lose: a PostgreSQL fault")
    env = {"HEARD_DATABASE_URL": url}
    args = ("case", reference, "withdraw", "--reason", "moved away", "--as", "Jo Officer")
    answers: list[CompletedProcess[str]] = []
    holder_engine = sa.create_engine(url)
    try:
        with holder_engine.connect() as holder:
            holder.execute(sa.text("LOCK TABLE audit_log IN EXCLUSIVE MODE"))
            running = threading.Thread(
                target=lambda: answers.append(invoke_heard(*args, env=env, cwd=tmp_path))
            )
            running.start()
            deadline = time.monotonic() + 60
            while not (waiting := waiting_pids(holder)):
                assert time.monotonic() < deadline, "the command never waited on the lock"
                time.sleep(0.05)
            for pid in waiting:
                holder.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            running.join(timeout=60)
            holder.rollback()
    finally:
        holder_engine.dispose()
    [cut] = answers
    assert cut.returncode == 1 and "Traceback" not in cut.stderr, cut.stderr
    assert cut.stderr.strip().splitlines() == [
        "heard: database not reachable (OperationalError): the command did not finish; run it "
        "again once the database answers"
    ]
    assert "withdrawn" not in status(engine, reference)
    again = invoke_heard(*args, env=env, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "withdrawn" in status(engine, reference)
