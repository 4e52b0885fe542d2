"""The report's read-only transaction, and the earliest day any counted case was received."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from store.db import read_rows
from store.reports.sql import cases, counted


@contextmanager
def report_rows(engine: Engine) -> Iterator[Connection]:
    """A transaction that only reads (never waits for, or blocks, a writer), with PostgreSQL's
    planner set for the report's queries."""
    with read_rows(engine) as connection:
        if connection.dialect.name == "postgresql":
            # Compiling each aggregate to machine code (JIT) costs PostgreSQL more than the
            # counting it speeds up here.
            connection.exec_driver_sql("SET LOCAL jit = off")
            # The report's joins follow indexes: stages, cases and deadlines merged in case
            # order, small tables looking their cases up by key. Left to its estimates the
            # planner hashed the million cases (and the joined stages) for each query instead,
            # about twice the time at 1M cases (bench/report.py); with hashing off it merges.
            connection.exec_driver_sql("SET LOCAL enable_hashjoin = off")
            # The per-day counts sort a year's (or eight years') rows by day: in the default 4 MB
            # each such sort spilled to disk (external merge, 12-16 MB a worker at 1M cases).
            connection.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        yield connection


def earliest_day(connection: Connection) -> date | str | None:
    """The first receipt day of a counted case (SQLite gives MIN() of a date back as text)."""
    day: date | str | None = connection.execute(
        sa.select(sa.func.min(cases.c.receipt_day)).where(counted())
    ).scalar()
    return day
