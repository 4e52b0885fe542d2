"""Schema migrations: upgrade, and the start-up check that refuses an out-of-date schema."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from store.db import DatabaseError, hold_startup_lock

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class SchemaOutOfDate(DatabaseError):
    """The database is behind the code; the message says which command fixes it."""


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Safe to run twice, and from two processes at once: the second waits for the first's
    transaction (the start-up lock) and then finds the schema at head."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        hold_startup_lock(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def ensure_schema(engine: Engine, *, create_if_empty: bool) -> str:
    """Return the revision in use; migrate an empty database only when allowed.

    `heard serve` creates a fresh SQLite file itself (the quick start must just work) but never
    upgrades a database that already holds data: that is an operator's decision.
    """
    current, head = current_revision(engine), head_revision(engine)
    if current == head:
        return str(head)
    if current is None and create_if_empty and not sa.inspect(engine).get_table_names():
        upgrade(engine)
        return str(head)
    raise SchemaOutOfDate(
        f"database schema is at {current or 'nothing'}, heard needs {head}: "
        "run `uv run heard db upgrade` (HEARD_DATABASE_URL names the database)"
    )
