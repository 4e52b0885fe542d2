"""`heard db seal-attachments`: every attachment re-encrypted with the first key, in batches
(the raw column is read and written, bypassing the column type's own sealing)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from store.sealing import Sealer

BATCH = 200
# the sealed columns: inbound attachments and stage 2's uploaded reports
SEALED_TABLES = ("attachment", "stage_report")


def reseal_all(engine: Engine, sealer: Sealer) -> int:
    """Attachments and stage reports sealed (or re-sealed) with the first key; how many were
    rewritten."""
    return sum(_reseal(engine, sealer, table) for table in SEALED_TABLES)


def _reseal(engine: Engine, sealer: Sealer, table: str) -> int:
    _RAW = sa.table(table, sa.column("id", sa.Integer()), sa.column("content", sa.LargeBinary()))
    done, last_id = 0, 0
    while True:
        with engine.begin() as connection:
            rows = connection.execute(
                sa.select(_RAW.c.id, _RAW.c.content)
                .where(_RAW.c.id > last_id, _RAW.c.content.is_not(None))
                .order_by(_RAW.c.id)
                .limit(BATCH)
            ).all()
            for row in rows:
                resealed = sealer.reseal(bytes(row.content))
                if resealed != bytes(row.content):
                    connection.execute(
                        sa.update(_RAW).where(_RAW.c.id == row.id).values(content=resealed)
                    )
                    done += 1
        if not rows:
            return done
        last_id = rows[-1].id
