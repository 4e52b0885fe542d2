"""INSERT … ON CONFLICT DO NOTHING for both engines: the one way heard inserts a row that
another process (or a retry of the same work) may have inserted first."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert


def insert_or_ignore(
    table: sa.Table, *, dialect: str, conflict_columns: Sequence[str] | None = None
) -> Insert:
    """An insert into `table` that does nothing where a row with the same key exists.

    `conflict_columns` names the unique index that decides (None: any unique constraint).
    Add `.values(...)`/`.returning(...)` as usual; with RETURNING, an ignored row returns
    nothing, which is how callers tell whether they inserted it.
    """
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=conflict_columns)
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=conflict_columns)
    raise ValueError(f"heard supports SQLite and PostgreSQL, not {dialect}")
