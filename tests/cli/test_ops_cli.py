"""The administrator's commands of issue 26: version, db current/upgrade/backup, outbox
pending/retry."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from cases.clock import SystemClock
from cases.enums import OutboxKind, OutboxPurpose, OutboxStatus
from heard.settings import Settings
from store.db import make_engine, session_scope
from store.migrate import HEAD_REVISION, upgrade
from store.models import OutboxMessage
from store.outbox import enqueue, mark_failed
from tests.cli.cli_process import heard


def test_version_names_the_schema_it_needs(settings: Settings) -> None:
    code, out, _ = heard("version")
    assert code == 0 and out.startswith("heard ") and HEAD_REVISION in out


def test_db_upgrade_says_what_it_applied_then_that_there_was_nothing(settings: Settings) -> None:
    code, _, err = heard("db", "current")  # no file yet: said, and none made
    assert code == 2 and "there is no database at" in err and not Path("heard.db").exists()
    code, out, _ = heard("db", "upgrade")
    assert code == 0
    assert out.splitlines()[0] == "applied 0001"
    assert f"applied {HEAD_REVISION}" in out
    assert f"database schema is now at {HEAD_REVISION}" in out
    code, out, _ = heard("db", "upgrade")
    assert (code, out) == (0, f"database schema is already at {HEAD_REVISION}: nothing to apply\n")
    code, out, _ = heard("db", "current")
    assert code == 0 and out.startswith(HEAD_REVISION)


def test_db_backup_copies_a_live_sqlite_database(settings: Settings, tmp_path: Path) -> None:
    assert heard("db", "upgrade")[0] == 0
    engine = make_engine(settings.database_url)
    with session_scope(engine) as session:  # a commit still in the WAL when the copy is taken
        queue(session, "backup@example.org")
    held = engine.connect()  # heard running: a connection open, the WAL not checkpointed
    try:
        code, out, err = heard("db", "backup", str(tmp_path / "copy.db"))
    finally:
        held.close()
        engine.dispose()
    assert code == 0, err
    assert "integrity ok" in out
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("SELECT count(*) FROM outbox").fetchone() == (1,)
    code, _, err = heard("db", "backup", str(tmp_path / "copy.db"))
    assert code == 2 and "exists" in err


def test_db_backup_on_postgresql_points_to_pg_dump(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEARD_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    code, _, err = heard("db", "backup", "x.db")
    assert code == 2 and "pg_dump" in err


def queue(session: object, to: str, *, case_id: int | None = None) -> None:
    enqueue(
        session,  # type: ignore[arg-type]
        kind=OutboxKind.EMAIL,
        purpose=OutboxPurpose.DIGEST,
        target=to,
        payload={"message": "", "envelope_from": "", "recipients": [to]},
        dedupe_key=f"test:{to}",
        now=SystemClock().now(),
        case_id=case_id,
    )


def test_outbox_pending_and_retry(settings: Settings) -> None:
    assert heard("db", "upgrade")[0] == 0
    engine = make_engine(settings.database_url)
    now = SystemClock().now()
    with session_scope(engine) as session:
        queue(session, "first@example.org")
        queue(session, "second@example.org")
        queue(session, "third@example.org")
    with session_scope(engine) as session:
        mark_failed(
            session, message_id=1, now=now, error="SMTPRecipientsRefused(first@example.org 451)"
        )
        mark_failed(session, message_id=3, now=now, error="550 no", permanent=True)
    code, out, _ = heard("outbox", "pending")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2 and "attempts 1" in lines[0] and "[address] 451" in lines[0]
    assert "example.org" not in out
    code, out, _ = heard("outbox", "retry")
    assert (code, out) == (0, "1 waiting message(s) due now\n")
    code, out, _ = heard("outbox", "retry", "--failed")
    assert out == "0 waiting message(s) due now, 1 failed message(s) to be tried again\n"
    with session_scope(engine) as session:
        rows = {row.id: row for row in session.exec(select(OutboxMessage))}
    assert rows[3].status == OutboxStatus.PENDING and rows[3].attempts == 0
    assert rows[1].next_attempt_at <= SystemClock().now() + timedelta(seconds=1)
    engine.dispose()


def test_outbox_pending_on_an_empty_outbox(settings: Settings) -> None:
    assert heard("db", "upgrade")[0] == 0
    assert heard("outbox", "pending")[1] == "nothing waiting\n"


@pytest.fixture(autouse=True)
def _migrated_template(settings: Settings) -> None:
    """Each test starts from an empty file (db upgrade is part of what is tested)."""
    path = Path(settings.database_url.removeprefix("sqlite:///"))
    assert not path.exists()


def test_upgrade_returns_nothing_the_second_time(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert upgrade(engine)[-1] == HEAD_REVISION
    assert upgrade(engine) == []
    engine.dispose()
