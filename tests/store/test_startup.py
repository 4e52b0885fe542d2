"""Start-up is idempotent and safe to run from several processes at once: migrating and
seeding the organisation rows (two `heard serve` on one fresh PostgreSQL database crashed with
a UniqueViolation on directorate_pkey)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.db import make_engine, session_scope
from store.migrate import current_revision, head_revision
from store.models import Directorate, Team
from store.organisation import sync_organisation
from tests.conftest import POSTGRES_URL, _postgres_reason
from tests.heard.test_serve_e2e import Serve, _send, environment, free_port
from tests.mailsink import MailSink

DIRECTORATES = [("childrens", "Children's Services"), ("education", "Education")]
TEAMS = [
    ("front_door", "Front door", "childrens", "#front-door"),
    ("fostering", "Fostering", "childrens", None),
    ("send", "SEND", "education", None),
]


def _seed_together(url: str, workers: int = 4) -> list[BaseException]:
    """Several processes' worth of engines seed at the same moment; return what they raised."""
    engines = [make_engine(url) for _ in range(workers)]
    barrier = threading.Barrier(workers)
    failures: list[BaseException] = []

    def seed(engine: Engine) -> None:
        barrier.wait()
        try:
            with session_scope(engine) as session:
                sync_organisation(session, directorates=DIRECTORATES, teams=TEAMS)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=seed, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    return failures


def test_seeding_from_several_processes_at_once_succeeds_in_every_one(
    engine: Engine, database_url: str
) -> None:
    for _ in range(3):
        with engine.begin() as connection:
            connection.execute(sa.delete(Team.__table__))
            connection.execute(sa.delete(Directorate.__table__))
        assert _seed_together(database_url) == []
    with session_scope(engine) as session:
        assert set(session.exec(select(Directorate.id))) == {"childrens", "education"}
        assert {row.id: row.active for row in session.exec(select(Team))} == {
            "front_door": True,
            "fostering": True,
            "send": True,
        }


def test_seeding_again_renames_and_retires_teams(engine: Engine) -> None:
    with session_scope(engine) as session:
        sync_organisation(session, directorates=DIRECTORATES, teams=TEAMS)
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("childrens", "Children and Families")],
            teams=[("front_door", "MASH front door", "childrens", "#mash")],
        )
    with session_scope(engine) as session:
        assert session.get(Directorate, "childrens").name == "Children and Families"  # type: ignore[union-attr]
        front_door = session.get(Team, "front_door")
        assert front_door is not None and front_door.active
        assert (front_door.name, front_door.slack_channel) == ("MASH front door", "#mash")
        retired = session.get(Team, "send")
        assert retired is not None and not retired.active  # kept for last year's reports


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    """An empty PostgreSQL database: nothing migrated, nothing seeded."""
    problem = _postgres_reason()
    if problem:
        pytest.skip(problem)
    name = f"heard_fresh_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_two_heard_processes_started_together_on_a_fresh_postgresql_database(
    fresh_postgres: str, tmp_path: Path, mail_sink: MailSink
) -> None:
    def env() -> dict[str, str]:
        values = environment(tmp_path, free_port(), mail_sink.port)
        values["HEARD_DATABASE_URL"] = fresh_postgres
        return values

    upgrades = [
        subprocess.Popen(
            [sys.executable, "-m", "heard", "db", "upgrade"],
            env=env(),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in upgrades]
    assert [process.returncode for process in upgrades] == [0, 0], outputs
    engine = make_engine(fresh_postgres)
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()

    serves = [Serve(env(), tmp_path) for _ in range(2)]
    for serve in serves:  # both at once: start() would wait for the first to listen
        serve.process = subprocess.Popen(
            [sys.executable, "-m", "heard", "serve"],
            env=serve.env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        for serve in serves:
            _wait_until_listening(int(serve.env["HEARD_SMTP_PORT"]), serve)
        replies = [_replied(int(serve.env["HEARD_SMTP_PORT"])) for serve in serves]
    finally:
        outputs = [serve.kill(signal.SIGTERM) for serve in serves]
    assert replies == [250, 250], outputs
    for output in outputs:
        assert "Traceback" not in output and "UniqueViolation" not in output, output
    engine = make_engine(fresh_postgres)
    with session_scope(engine) as session:
        assert session.exec(select(Directorate.id)).first() is not None
    engine.dispose()


def _replied(port: int) -> int | str:
    try:
        return _send(port)[0]
    except OSError as error:
        return repr(error)


def _wait_until_listening(port: int, serve: Serve, timeout: float = 120) -> None:
    """Start-up takes seconds (imports) and much longer on a busy machine."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert serve.process is not None and serve.process.poll() is None, "heard serve exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("heard serve did not start listening")
