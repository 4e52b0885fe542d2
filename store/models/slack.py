"""Slack requests already handled, by signature, for the 5-minute window in which a signature
is valid: shared by every process on the database and kept across a restart, so a signed
request replayed to another process or after a restart has no second effect."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from store.types import utc_column


class SlackSeenRequest(SQLModel, table=True):
    __tablename__ = "slack_seen_request"
    __table_args__ = (sa.Index("ix_slack_seen_request_seen_at", "seen_at"),)

    key: str = Field(primary_key=True, max_length=100)  # timestamp:signature
    seen_at: datetime = Field(sa_column=utc_column())
