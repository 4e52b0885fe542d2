"""Whether a signed Slack request was handled before (store/models/slack.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from store.models.slack import SlackSeenRequest
from store.types import table_of
from store.upsert import insert_or_ignore

WINDOW = timedelta(minutes=5)  # Slack's limit on a request's timestamp, either way
_SEEN = table_of(SlackSeenRequest)


def first_time(engine: Engine, *, key: str, now: datetime) -> bool:
    """Record `key` (timestamp:signature); True if no process recorded it before. Keys older
    than twice the window (a signature then fails verification anyway) are dropped."""
    with engine.begin() as connection:
        connection.execute(sa.delete(_SEEN).where(_SEEN.c.seen_at < now - 2 * WINDOW))
        inserted = connection.execute(
            insert_or_ignore(_SEEN, dialect=connection.dialect.name)
            .values(key=key[:100], seen_at=now)
            .returning(_SEEN.c.key)
        ).first()
    return inserted is not None
