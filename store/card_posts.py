"""Where each case's Slack cards are: one row per case and channel with the message's ts.

The triage channel's card is also kept on the case row (thread replies go under it); every
card, the triage channel's and each team's, is listed here so a change updates all of them.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from cases.enums import OutboxStatus
from store.cases.queries import card_posted
from store.models import OutboxMessage, SlackCardPost
from store.types import table_of
from store.upsert import insert_or_ignore

TRIAGE = "triage"
TEAM = "team"


def record_post(session: Session, *, case_id: int, channel: str, ts: str, kind: str) -> None:
    """Remember a card posted to `channel`; a second post's ts there replaces the first's."""
    table = table_of(SlackCardPost)
    dialect = session.get_bind().dialect.name
    inserted = session.execute(
        insert_or_ignore(table, dialect=dialect, conflict_columns=("case_id", "channel"))
        .values(case_id=case_id, channel=channel, ts=ts, kind=kind)
        .returning(table.c.id)
    ).first()
    if inserted is None:
        session.execute(
            sa.update(table)
            .where(table.c.case_id == case_id, table.c.channel == channel)
            .values(ts=ts, kind=kind)
        )
    if kind == TRIAGE:
        card_posted(session, case_id=case_id, channel=channel, ts=ts)


def posts_of(session: Session, *, case_id: int) -> dict[str, str]:
    """Every channel the case's cards are in, with each card's ts."""
    table = table_of(SlackCardPost)
    rows = session.execute(
        sa.select(table.c.channel, table.c.ts)
        .where(table.c.case_id == case_id)
        .order_by(table.c.id)
    ).all()
    return {row.channel: row.ts for row in rows}


def post_ts(session: Session, *, case_id: int, channel: str) -> str | None:
    table = table_of(SlackCardPost)
    return session.execute(
        sa.select(table.c.ts).where(table.c.case_id == case_id, table.c.channel == channel)
    ).scalar_one_or_none()


def post_still_queued(session: Session, *, dedupe_key: str) -> bool:
    """Whether the card post queued under `dedupe_key` is still waiting to be sent (an update
    of it waits too); False once it was sent, or failed for good (the update never can go)."""
    table = table_of(OutboxMessage)
    status = session.execute(
        sa.select(table.c.status).where(table.c.dedupe_key == dedupe_key)
    ).scalar_one_or_none()
    return status is not None and str(getattr(status, "value", status)) == OutboxStatus.PENDING
