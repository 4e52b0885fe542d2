from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from cases.actor import Actor, Via
from cases.changes import Note
from cases.enums import CaseStatus, Channel, RecordKind, Route
from store import audit, migrate
from store.db import DatabaseError, check_sqlite_pragmas, make_engine, session_scope
from store.migrate import (
    HEAD_REVISION,
    SchemaOutOfDate,
    current_revision,
    ensure_schema,
    head_revision,
    in_the_models,
)
from store.models import Case


def _case(reference: str, received_at: datetime) -> Case:
    return Case(
        reference=reference,
        record_kind=RecordKind.COMPLAINT,
        route=Route.STATUTORY,
        channel=Channel.EMAIL,
        status=CaseStatus.RECEIVED,
        received_at=received_at,
        receipt_day=received_at.date(),
    )


def test_migrated_database_is_at_head(engine: Engine) -> None:
    assert current_revision(engine) == head_revision(engine)


def test_head_revision_constant_is_the_scripts_head(engine: Engine) -> None:
    """The cheap schema check compares with HEAD_REVISION: a new head migration updates it."""
    assert head_revision(engine) == HEAD_REVISION, (
        f"set HEAD_REVISION in store/migrate.py to {head_revision(engine)!r}"
    )


def test_cheap_check_reads_no_migration_scripts_but_the_full_one_does(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def scripts_read(engine: Engine) -> str:
        raise AssertionError("read the migration scripts")

    monkeypatch.setattr(migrate, "head_revision", scripts_read)
    assert ensure_schema(engine, create_if_empty=False) == HEAD_REVISION
    with pytest.raises(AssertionError, match="migration scripts"):
        ensure_schema(engine, create_if_empty=False, full=True)


def test_migrations_match_the_models(engine: Engine) -> None:
    """A model changed without a migration (or the other way round) shows here, not in
    production."""
    with engine.connect() as connection:
        migration = MigrationContext.configure(connection, opts={"include_object": in_the_models})
        drift = compare_metadata(migration, SQLModel.metadata)
    assert drift == []


def test_raw_mail_is_compressed_with_lz4_on_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite does not compress")
    with engine.connect() as connection:
        compression = dict(
            connection.execute(
                sa.text(
                    "SELECT attname, attcompression FROM pg_attribute WHERE attrelid IN "
                    "('correspondence'::regclass, 'attachment'::regclass) "
                    "AND attname IN ('raw', 'content')"
                )
            ).all()
        )
    assert compression == {"raw": "l", "content": "l"}


def test_timestamps_come_back_aware_in_utc(engine: Engine) -> None:
    london_summer = timezone(timedelta(hours=1))
    sent = datetime(2026, 6, 1, 10, 30, tzinfo=london_summer)
    with session_scope(engine) as session:
        session.add(_case("CSC-2026-000001", sent))
    with session_scope(engine) as session:
        stored = session.exec(sa.select(Case)).scalar_one()  # type: ignore[call-overload]
        assert stored.received_at == sent
        assert stored.received_at.tzinfo is not None
        assert stored.received_at.utcoffset() == timedelta(0)


def test_naive_timestamps_are_refused(engine: Engine) -> None:
    with pytest.raises(sa.exc.StatementError, match="naive"), session_scope(engine) as session:
        session.add(_case("CSC-2026-000002", datetime(2026, 6, 1, 10, 30)))
        session.flush()


def test_enums_are_stored_as_their_values(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(_case("CSC-2026-000003", datetime(2026, 1, 5, 10, tzinfo=UTC)))
    with engine.connect() as connection:
        row = connection.exec_driver_sql("SELECT record_kind, status FROM cases").one()
    assert tuple(row) == ("complaint", "received")


def test_audit_log_is_append_only(engine: Engine) -> None:
    with session_scope(engine) as session:
        audit.record(
            session,
            case_id=None,
            actor=Actor.staff(Via.CLI, "test"),
            action=Note.CREATED,
            at=datetime(2026, 1, 5, 10, tzinfo=UTC),
        )
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as conn:
            conn.exec_driver_sql(statement)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT actor FROM audit_log").scalar_one() == "cli:test"


def test_sqlite_pragmas_hold_for_durability(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    found = check_sqlite_pragmas(engine)
    assert found["journal_mode"] == "wal"
    assert int(found["busy_timeout"]) >= 5000
    assert int(found["synchronous"]) == 2


def test_empty_sqlite_file_is_created_when_allowed(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert ensure_schema(engine, create_if_empty=True) == head_revision(engine)


def test_out_of_date_schema_is_refused_with_the_fixing_command(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.exec_driver_sql("INSERT INTO alembic_version VALUES ('0000')")
    with pytest.raises(SchemaOutOfDate, match="heard db upgrade"):
        ensure_schema(engine, create_if_empty=True)


def test_missing_directory_names_the_setting(tmp_path) -> None:
    with pytest.raises(DatabaseError, match="HEARD_DATABASE_URL"):
        make_engine(f"sqlite:///{tmp_path / 'nowhere' / 'heard.db'}")


def test_receipt_day_is_a_plain_date(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(_case("CSC-2026-000004", datetime(2026, 3, 2, 9, tzinfo=UTC)))
    with session_scope(engine) as session:
        assert session.exec(sa.select(Case.receipt_day)).scalar_one() == date(2026, 3, 2)  # type: ignore[call-overload]
