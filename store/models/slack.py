"""Slack requests already handled, by signature, for the 5-minute window in which a signature
is valid: shared by every process on the database and kept across a restart, so a signed
request replayed to another process or after a restart has no second effect."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from store.types import utc_column


class SlackSeenRequest(SQLModel, table=True):
    __tablename__ = "slack_seen_request"
    __table_args__ = (sa.Index("ix_slack_seen_request_seen_at", "seen_at"),)

    key: str = Field(primary_key=True, max_length=100)  # timestamp:signature
    seen_at: datetime = Field(sa_column=utc_column())


class SlackCardPost(SQLModel, table=True):
    """Every channel a case's card was posted to, with the message's ts, so a change to the
    case updates each of them in place (a card left behind keeps buttons for a state the case
    has left). One row per case and channel: the triage channel's card and each team's."""

    __tablename__ = "slack_card_post"
    __table_args__ = (sa.UniqueConstraint("case_id", "channel", name="uq_slack_card_post"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    channel: str = Field(max_length=80)
    ts: str = Field(max_length=40)
    kind: str = Field(max_length=20)  # "triage" or "team"


class SlackDraft(SQLModel, table=True):
    """What a member of staff typed in a Slack form, kept while they check the letter it
    writes (Slack's private_metadata holds 3,000 characters, a response's findings far more):
    keyed by a random token the preview view carries, for the one person, until it expires."""

    __tablename__ = "slack_draft"
    __table_args__ = (sa.Index("ix_slack_draft_expires_at", "expires_at"),)

    key: str = Field(primary_key=True, max_length=64)
    reference: str = Field(max_length=40)
    user: str = Field(max_length=40)  # the Slack user who typed it; nobody else may send it
    values: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    expires_at: datetime = Field(sa_column=utc_column())
