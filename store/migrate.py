"""Schema migrations: upgrade, and the start-up check that refuses an out-of-date schema.

Two depths of check. `ensure_schema(..., full=True)` (`heard serve`, `heard config check`,
`heard db`) asks Alembic for the head of the migration scripts. Every other command compares
the database's `alembic_version` row with `HEAD_REVISION` in one SELECT, without importing
Alembic or reading the scripts (that alone took most of a second); only when the two differ
does it fall back to the full check, so a stale constant costs time, never a wrong answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from store.db import DatabaseError, hold_startup_lock

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# The newest migration's revision id. A migration that becomes the head changes this line too;
# tests/store/test_schema.py::test_head_revision_constant_is_the_scripts_head says so if not.
HEAD_REVISION = "0035_audit_actor_index"


class SchemaOutOfDate(DatabaseError):
    """The database is behind the code; the message says which command fixes it."""


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def head_revision(engine: Engine) -> str | None:
    """The head of the migration scripts, read by Alembic (the full check)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def stored_revision(engine: Engine) -> str | None:
    """The revision in the database's alembic_version table, in one plain SELECT: None when
    the table is missing or does not hold exactly one row (the full check then decides)."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    except sa.exc.DBAPIError:  # no such table: an empty database, or not heard's
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def upgrade(engine: Engine, revision: str = "head") -> list[str]:
    """Safe to run twice, and from two processes at once: the second waits for the first's
    transaction (the start-up lock) and then finds the schema at head. Returns the revisions
    applied, oldest first (none when the schema was already there)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = alembic_config(engine)
    with engine.begin() as connection:
        hold_startup_lock(connection)
        current = MigrationContext.configure(connection).get_current_revision()
        script = ScriptDirectory.from_config(config)
        applied = [step.revision for step in script.iterate_revisions(revision, current)][::-1]
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return applied


def is_empty(engine: Engine) -> bool:
    """The database holds no tables at all (a fresh file, a new database)."""
    return not sa.inspect(engine).get_table_names()


def ensure_schema(engine: Engine, *, create_if_empty: bool, full: bool = False) -> str:
    """Return the revision in use; migrate an empty database only when allowed.

    `heard serve` creates a fresh SQLite file itself (the quick start must just work) but never
    upgrades a database that already holds data: that is an operator's decision. Without
    `full`, a database already at `HEAD_REVISION` is accepted after one SELECT.
    """
    if not full and stored_revision(engine) == HEAD_REVISION:
        return HEAD_REVISION
    current, head = current_revision(engine), head_revision(engine)
    if current == head:
        return str(head)
    if current is None and create_if_empty and is_empty(engine):
        upgrade(engine)
        return str(head)
    raise SchemaOutOfDate(
        f"database schema is at {current or 'nothing'}, heard needs {head}: "
        "run `uv run heard db upgrade` (HEARD_DATABASE_URL names the database)"
    )


def in_the_models(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's `include_object`: the full-text search objects (named search_*: SQLite's FTS5
    tables, their shadow tables and PostgreSQL's expression indexes, migration 0014) are made
    by raw SQL and kept out of the models, so autogenerate must not offer to drop them."""
    return not (name or "").startswith("search_")
