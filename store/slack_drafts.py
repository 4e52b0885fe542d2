"""Drafts of Slack forms kept while staff check the letter they write (bot/modals/preview.py):
saved with a random key, read back only by the person who typed them before they expire,
deleted once sent; expired ones are removed whenever a new one is saved."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from store.models import SlackDraft
from store.types import table_of


def save_draft(
    session: Session,
    *,
    reference: str,
    user: str,
    values: dict[str, Any],
    now: datetime,
    keep: timedelta,
) -> str:
    """Keep `values` for `keep`; returns the key the preview view carries."""
    table = table_of(SlackDraft)
    session.execute(sa.delete(table).where(table.c.expires_at < now))
    key = secrets.token_urlsafe(24)
    session.add(
        SlackDraft(key=key, reference=reference, user=user, values=values, expires_at=now + keep)
    )
    return key


def draft_of(session: Session, *, key: str, user: str, now: datetime) -> SlackDraft | None:
    """The draft under `key` if `user` typed it and it has not expired."""
    draft = session.get(SlackDraft, key[:64])
    if draft is None or draft.user != user or draft.expires_at < now:
        return None
    return draft


def drop_draft(session: Session, *, key: str) -> None:
    table = table_of(SlackDraft)
    session.execute(sa.delete(table).where(table.c.key == key))
