"""Staff web sessions and single-use sign-in links, kept server-side.

The browser holds only a random token; the database holds its SHA-256, so a copy of the table
does not let anyone sign in. A session's `data` carries what the sign-in flow needs between
redirects (the OpenID state and nonce), never case data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from store.types import utc_column, utcnow


class WebSession(SQLModel, table=True):
    __tablename__ = "web_session"
    __table_args__ = (sa.Index("ix_web_session_last_seen", "last_seen_at"),)

    token_hash: str = Field(primary_key=True, max_length=64)
    email: str | None = Field(default=None, max_length=320)  # set once signed in
    csrf_token: str = Field(max_length=64)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    signed_in_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    signed_in_with: str | None = Field(default=None, max_length=40)  # "oidc" or "link"


class SignInLink(SQLModel, table=True):
    __tablename__ = "sign_in_link"

    token_hash: str = Field(primary_key=True, max_length=64)
    email: str = Field(max_length=320)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column())
    expires_at: datetime = Field(sa_column=utc_column())
    used_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
