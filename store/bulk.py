"""Multi-row INSERT … RETURNING id that stays one statement per batch on SQLite too.

SQLAlchemy can only promise the returned ids in the order of the rows given
(`sort_by_parameter_order`) on SQLite by inserting one row per statement, which is what made a
batch of intake's mail cost a statement per case, stage and deadline. Here each row carries a
key that is unique in its batch; the ids come back with their keys, in whatever order, and are
put back in the order of the rows. A batch whose keys are not unique falls back to the ordered
statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa


def insert_returning_ids(
    connection: sa.Connection,
    table: sa.Table,
    rows: Sequence[dict[str, Any]],
    *,
    key: Sequence[str],
) -> list[int]:
    """Insert `rows` into `table`; return their new ids in the order of `rows`. The `key`
    columns must hold plain values (ints, strings) that come back from the database as given."""
    if not rows:
        return []
    keys = [tuple(row.get(name) for name in key) for row in rows]
    if len(set(keys)) != len(keys):
        ordered = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(connection.execute(ordered, list(rows)).scalars())
    columns = [table.c[name] for name in key]
    returned = connection.execute(sa.insert(table).returning(table.c.id, *columns), list(rows))
    ids = {tuple(row[1:]): row[0] for row in returned}
    return [ids[row_key] for row_key in keys]
