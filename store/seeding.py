"""Writing made-up cases in bulk (`heard demo seed`): rows buffered per table and inserted with
multi-row Core statements in batches, explicit ids above whatever exists, and the reference
counters carried on, so a million cases take minutes, not hours."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from store.models import Case, Issue, LgscoCase, Person, ReferenceCounter, Stage, Team
from store.types import table_of


class BatchWriter:
    """Buffers rows per table and flushes them in batches inside the caller's transaction,
    adding the rows written per table name to `written`."""

    def __init__(self, connection: sa.Connection, written: dict[str, int], batch: int) -> None:
        self.connection, self.written, self.batch = connection, written, batch
        self.buffers: dict[sa.Table, list[dict[str, Any]]] = {}

    def add(self, table: sa.Table, row: dict[str, Any]) -> None:
        buffer = self.buffers.setdefault(table, [])
        buffer.append(row)
        if len(buffer) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """All tables, parents first, so foreign keys always find their rows."""
        order = {table: index for index, table in enumerate(SQLModel.metadata.sorted_tables)}
        for target in sorted(self.buffers, key=order.__getitem__):
            rows = self.buffers.get(target) or []
            if rows:
                self.connection.execute(sa.insert(target), rows)
                self.written[target.name] = self.written.get(target.name, 0) + len(rows)
                self.buffers[target] = []


def team_ids(connection: sa.Connection) -> list[str]:
    return [row[0] for row in connection.execute(sa.select(table_of(Team).c.id))]


def next_ids(connection: sa.Connection) -> dict[str, int]:
    """One above the highest id of cases, people, issues, stages and Ombudsman enquiries
    ("cases", "person", "issue", "stage", "lgsco"): 1 in an empty table."""
    found = {}
    for name, table in (
        ("cases", table_of(Case)),
        ("person", table_of(Person)),
        ("issue", table_of(Issue)),
        ("stage", table_of(Stage)),
        ("lgsco", table_of(LgscoCase)),
    ):
        found[name] = (connection.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0) + 1
    return found


def reference_counters(connection: sa.Connection, prefix: str) -> dict[int, int]:
    """year -> the last reference number given under `prefix`."""
    table = table_of(ReferenceCounter)
    rows = connection.execute(
        sa.select(table.c.year, table.c.last_value).where(table.c.prefix == prefix)
    )
    return {year: value for year, value in rows}


def store_reference_counters(
    connection: sa.Connection, prefix: str, counters: dict[int, int]
) -> None:
    """Record the last reference numbers given, and (PostgreSQL) move the id sequences of the
    tables written with explicit ids past their highest id."""
    table = table_of(ReferenceCounter)
    for year, value in counters.items():
        updated = connection.execute(
            sa.update(table)
            .where(table.c.prefix == prefix, table.c.year == year)
            .values(last_value=value)
        )
        if not updated.rowcount:
            connection.execute(sa.insert(table).values(prefix=prefix, year=year, last_value=value))
    if connection.dialect.name == "postgresql":
        for table_name in ("cases", "person", "issue", "stage", "lgsco_case"):
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table_name}))"
            )
