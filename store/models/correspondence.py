"""Every message in or out, the raw bytes kept exactly as they arrived."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from cases.enums import Channel, Direction
from store.sealing import SealedBytes
from store.types import enum_column, utc_column, utcnow


class Correspondence(SQLModel, table=True):
    __table_args__ = (
        sa.Index("ix_correspondence_fingerprint", "fingerprint"),
        sa.Index("ix_correspondence_source_id", "source_id", unique=True),
        sa.Index(
            "ix_correspondence_awaiting",
            "id",
            sqlite_where=sa.text("awaiting_processing = 1"),
            postgresql_where=sa.text("awaiting_processing"),
        ),
        sa.Index(
            "ix_correspondence_quarantined",
            "id",
            sqlite_where=sa.text("quarantined_at IS NOT NULL"),
            postgresql_where=sa.text("quarantined_at IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    direction: Direction = Field(sa_column=enum_column(Direction))
    channel: Channel = Field(sa_column=enum_column(Channel))
    at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    message_id: str | None = Field(default=None, max_length=998, index=True)
    in_reply_to: str | None = Field(default=None, max_length=998)
    envelope_sender: str | None = Field(default=None, max_length=320)
    envelope_recipients: list[str] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    subject: str = Field(default="", max_length=998)
    raw: bytes | None = Field(default=None, sa_column=sa.Column(sa.LargeBinary))
    text: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    quoted_text: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    details: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    fingerprint: str | None = Field(default=None, max_length=64)
    # Where a message was fetched from, when not over SMTP: "graph:<mailbox>:<immutable id>".
    # Unique, so the same mailbox item is stored once however often it is listed (a crash
    # before it was marked processed, a full resync, two heard processes reading one mailbox).
    source_id: str | None = Field(default=None, max_length=600)
    automated: bool = False
    unparseable: bool = False
    author: str | None = Field(default=None, max_length=80)  # staff member for internal notes
    # Stored before the 250 but not yet read in full (body, attachments, triage): see
    # intake/processing.py. A crash leaves it set, and the next worker picks the message up.
    awaiting_processing: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    )
    # Read before other waiting mail when higher: the safeguarding pre-scan before the 250
    # (intake/prescan.py) sets it, so a disclosure does not wait behind a flood.
    reading_priority: int = Field(
        default=0, sa_column=sa.Column(sa.SmallInteger, nullable=False, server_default="0")
    )
    # A message the worker could not process: tries so far, and once they are used up (or the
    # message cannot be read at all) when it was set aside for staff and why. The raw bytes
    # stay as they arrived; `heard intake quarantined` lists these.
    processing_attempts: int = Field(
        default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0")
    )
    quarantined_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    quarantine_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text))


class Attachment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    correspondence_id: int = Field(foreign_key="correspondence.id", index=True)
    filename: str | None = Field(default=None, max_length=255)
    content_type: str = Field(max_length=255)
    size: int
    sha256: str = Field(max_length=64)
    withheld_too_large: bool = False
    # Encrypted at rest when HEARD_ATTACHMENT_KEYS is set (store/sealing.py).
    content: bytes | None = Field(default=None, sa_column=sa.Column(SealedBytes))


class MailboxSync(SQLModel, table=True):
    """How far heard has read a Microsoft 365 mailbox folder: Graph's delta link for the next
    round, and when a round last completed (its age is shown by /readyz and /metrics)."""

    __tablename__ = "mailbox_sync"

    mailbox: str = Field(primary_key=True, max_length=320)
    folder: str = Field(primary_key=True, max_length=100)
    delta_link: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    last_synced_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    full_syncs: int = Field(
        default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0")
    )
