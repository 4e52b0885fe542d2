"""Case references such as CSC-2026-000123, unique across every process on one database."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from store.models import ReferenceCounter

REFERENCE_DIGITS = 6


def reference_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(prefix)}-(\d{{4}})-(\d{{{REFERENCE_DIGITS},}})\b", re.I)


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year:04d}-{number:0{REFERENCE_DIGITS}d}"


def next_reference(session: Session, *, prefix: str, year: int) -> str:
    """Take the next number for (prefix, year) inside the caller's transaction.

    The UPDATE takes a row lock (PostgreSQL) or the write lock (SQLite), so two processes cannot
    take the same number, and a rolled-back case gives its number back.
    """
    table = ReferenceCounter.__table__
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(table).values(prefix=prefix, year=year, last_value=0).on_conflict_do_nothing()
    )
    number = session.execute(
        sa.update(table)
        .where(table.c.prefix == prefix, table.c.year == year)
        .values(last_value=table.c.last_value + 1)
        .returning(table.c.last_value)
    ).scalar_one()
    return format_reference(prefix, year, number)
