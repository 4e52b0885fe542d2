"""Migration 0018 gives every message already in the outbox its purpose, read from the dedupe
key it was written with, so counting acknowledgements by purpose counts the old ones too."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Engine

from store import migrate
from store.types import UTCDateTime

KEYS = {
    "ack:7": "acknowledgement",
    "letter:response:7:3": "letter",
    "card:7": "card",
    "card:7:v3": "card",
    "card:7:fostering": "card",
    "thread:7:v3": "thread_reply",
    "flood:parent@example.org:4": "flood_notice",
    "mash-email:7": "mash_referral",
    "mash-slack:7": "mash_referral",
    "digest:dir@example.gov.uk:2026-W10:email": "digest",
    "r:12:due_soon:0:2026-03-16:manager:email": "chaser",
    "snooze:12:U1:2026-03-17:slack:U1:slack": "chaser",
}


def test_old_messages_get_their_purpose_from_their_key(engine: Engine) -> None:
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0017_person_search_triggers")
    outbox = sa.table(  # as it was at 0011
        "outbox",
        *(sa.column(name, sa.String) for name in ("kind", "status", "dedupe_key", "target")),
        sa.column("payload", sa.JSON),
        sa.column("attempts", sa.Integer),
        sa.column("next_attempt_at", UTCDateTime()),
        sa.column("created_at", UTCDateTime()),
    )
    now = datetime(2026, 3, 2, 10, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            outbox.insert(),
            [
                {
                    "kind": "email",
                    "status": "pending",
                    "dedupe_key": key,
                    "target": "someone@example.org",
                    "payload": {},
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for key in KEYS
            ],
        )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        found = dict(connection.execute(sa.text("SELECT dedupe_key, purpose FROM outbox")).all())
    assert found == KEYS
