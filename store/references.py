"""Case references such as CSC-2026-000123, unique across every process on one database."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlmodel import Session

from store.models import ReferenceCounter
from store.types import table_of
from store.upsert import insert_or_ignore

REFERENCE_DIGITS = 6


def reference_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(prefix)}-(\d{{4}})-(\d{{{REFERENCE_DIGITS},}})\b", re.I)


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year:04d}-{number:0{REFERENCE_DIGITS}d}"


def next_reference(session: Session, *, prefix: str, year: int) -> str:
    """Take the next number for (prefix, year) inside the caller's transaction."""
    return take_references(session, prefix=prefix, year=year, count=1)[0]


def take_references(session: Session, *, prefix: str, year: int, count: int) -> list[str]:
    """Take `count` consecutive numbers for (prefix, year) inside the caller's transaction.

    The UPDATE takes a row lock (PostgreSQL) or the write lock (SQLite), so two processes cannot
    take the same number, and a rolled-back case gives its number back. The counter row is
    created the first time a year is used.
    """
    connection = session.connection()
    key = {"counter_prefix": prefix, "counter_year": year, "count": count}
    last = connection.execute(_TAKE, key).scalar()
    if last is None:
        connection.execute(
            _CREATE_COUNTER[connection.dialect.name],
            {"prefix": prefix, "year": year, "last_value": 0},
        )
        last = connection.execute(_TAKE, key).scalar_one()
    return [format_reference(prefix, year, number) for number in range(last - count + 1, last + 1)]


_COUNTER = table_of(ReferenceCounter)
_TAKE = (
    sa.update(_COUNTER)
    .where(
        _COUNTER.c.prefix == sa.bindparam("counter_prefix"),
        _COUNTER.c.year == sa.bindparam("counter_year"),
    )
    .values(last_value=_COUNTER.c.last_value + sa.bindparam("count"))
    .returning(_COUNTER.c.last_value)
)
# Two processes may create the same year's row at once: the loser's insert does nothing.
_CREATE_COUNTER = {
    dialect: insert_or_ignore(_COUNTER, dialect=dialect) for dialect in ("postgresql", "sqlite")
}
