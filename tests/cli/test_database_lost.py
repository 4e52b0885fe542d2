"""PostgreSQL's connection lost under a `heard case` command (pg_terminate_backend, as a
failover or a restarted database does): one line saying the database could not be reached and
to run the command again, exit 1, no traceback, nothing recorded; run again, it works. Walking
heard so, the line was 'heard: unexpected error: OperationalError: (raised as a result of
Query-invoked autoflush; consider using a session.no_autoflush block ...)', which reads as a bug.
PostgreSQL only: SQLite has no connection to lose."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from store.db import read_scope
from store.models import Case
from tests.cli.cli_process import invoke_heard
from tests.cli.test_case_cli import reference  # noqa: F401
from tests.database_cut import cut_while


def status(engine: Engine, ref: str) -> str:
    with read_scope(engine) as session:
        return str(session.exec(select(Case).where(Case.reference == ref)).one().status)


def test_a_command_whose_connection_is_cut_says_so_in_one_line(
    reference: str,  # noqa: F811
    engine: Engine,
    tmp_path: Path,
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    env = {"HEARD_DATABASE_URL": url}
    args = ("case", reference, "withdraw", "--reason", "moved away", "--as", "Jo Officer")
    answers = cut_while(
        url, lambda: invoke_heard(*args, env=env, cwd=tmp_path), wait_for_lock=60, finish_within=60
    )
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
