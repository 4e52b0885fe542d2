"""Case references such as CSC-2026-000123, unique across every process on one database."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlmodel import Session

from store.models import Case, ReferenceCounter
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

    Numbers already taken by a case (imported in heard's own pattern, restored from a backup,
    written by an older heard) are skipped: the counter moves past the highest of them, so a
    reference never collides whatever was imported. Checking costs one indexed lookup.
    """
    connection = session.connection()
    key = {"counter_prefix": prefix, "counter_year": year, "count": count}
    last = connection.execute(_TAKE, key).scalar()
    if last is None:
        _ensure_counter(connection, prefix, year)
        last = connection.execute(_TAKE, key).scalar_one()
    references = _numbered(prefix, year, last, count)
    if _any_taken(connection, references):
        raise_counter(connection, prefix, year, highest_taken(connection, prefix, year))
        last = connection.execute(_TAKE, key).scalar_one()
        references = _numbered(prefix, year, last, count)
    return references


def _numbered(prefix: str, year: int, last: int, count: int) -> list[str]:
    return [format_reference(prefix, year, number) for number in range(last - count + 1, last + 1)]


def _any_taken(connection: sa.Connection, references: list[str]) -> bool:
    statement = sa.select(_CASES.c.reference).where(_CASES.c.reference.in_(references)).limit(1)
    return connection.execute(statement).first() is not None


def highest_taken(connection: sa.Connection, prefix: str, year: int) -> int:
    """The highest number of a case reference in (prefix, year), written in any case."""
    like = f"{prefix}-{year:04d}-%".upper()
    pattern = reference_pattern(prefix)
    highest = 0
    statement = sa.select(_CASES.c.reference).where(sa.func.upper(_CASES.c.reference).like(like))
    for (reference,) in connection.execute(statement):
        match = pattern.fullmatch(reference)
        if match is not None:
            highest = max(highest, int(match.group(2)))
    return highest


def raise_counter(connection: sa.Connection, prefix: str, year: int, at_least: int) -> None:
    """Move (prefix, year)'s counter to `at_least` if it is lower (never back)."""
    _ensure_counter(connection, prefix, year)
    connection.execute(
        sa.update(_COUNTER)
        .where(_COUNTER.c.prefix == prefix, _COUNTER.c.year == year)
        .where(_COUNTER.c.last_value < at_least)
        .values(last_value=at_least)
    )


def raise_counters_past(connection: sa.Connection, references: list[str]) -> None:
    """After references were written from outside (an import): every counter they belong to
    moves past the highest of them, so heard's next reference is free."""
    highest: dict[tuple[str, int], int] = {}
    for reference in references:
        match = _ANY_REFERENCE.fullmatch(reference.strip())
        if match is None:
            continue
        key = (match.group(1).upper(), int(match.group(2)))
        highest[key] = max(highest.get(key, 0), int(match.group(3)))
    for (prefix, year), number in sorted(highest.items()):
        raise_counter(connection, prefix, year, number)


def _ensure_counter(connection: sa.Connection, prefix: str, year: int) -> None:
    connection.execute(
        _CREATE_COUNTER[connection.dialect.name],
        {"prefix": prefix, "year": year, "last_value": 0},
    )


_ANY_REFERENCE = re.compile(rf"([A-Za-z]{{1,10}})-(\d{{4}})-(\d{{{REFERENCE_DIGITS},18}})")
_CASES = table_of(Case)


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
