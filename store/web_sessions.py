"""The staff web view's sessions and sign-in links: rows keyed by the SHA-256 of a token.

Tokens are made by the caller (web/) and handed here only to be hashed; a row never holds one.
Timeouts are the caller's policy: `load` takes the moments before which a session counts as
expired, so the rule lives in one place (web/sessions.py) and the clock is the caller's.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from store.models import SignInLink, WebSession


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create(session: Session, *, token: str, csrf_token: str, now: datetime) -> WebSession:
    row = WebSession(
        token_hash=token_hash(token),
        csrf_token=csrf_token,
        data={},
        created_at=now,
        last_seen_at=now,
    )
    session.add(row)
    return row


def load(
    session: Session, *, token: str, idle_since: datetime, created_since: datetime
) -> WebSession | None:
    """The session for `token`, unless it was last seen before `idle_since` or created before
    `created_since` (then it is deleted: an expired session never comes back)."""
    row = session.get(WebSession, token_hash(token))
    if row is None:
        return None
    if row.last_seen_at < idle_since or row.created_at < created_since:
        session.delete(row)
        return None
    return row


def save(session: Session, *, row: WebSession, data: dict[str, Any], now: datetime) -> None:
    session.execute(
        sa.update(WebSession)
        .where(col(WebSession.token_hash) == row.token_hash)
        .values(data=data, last_seen_at=now)
    )


def touch(session: Session, *, row: WebSession, now: datetime) -> None:
    session.execute(
        sa.update(WebSession)
        .where(col(WebSession.token_hash) == row.token_hash)
        .values(last_seen_at=now)
    )


def sign_in(
    session: Session,
    *,
    old: WebSession | None,
    token: str,
    csrf_token: str,
    email: str,
    method: str,
    now: datetime,
) -> WebSession:
    """A new session for a signed-in person; the anonymous one they came with is deleted, so a
    session id planted before sign-in is worth nothing after it."""
    if old is not None:
        delete(session, row=old)
    row = WebSession(
        token_hash=token_hash(token),
        email=email,
        csrf_token=csrf_token,
        data={},
        created_at=now,
        last_seen_at=now,
        signed_in_at=now,
        signed_in_with=method,
    )
    session.add(row)
    return row


def delete(session: Session, *, row: WebSession) -> None:
    session.execute(sa.delete(WebSession).where(col(WebSession.token_hash) == row.token_hash))


def purge_expired(session: Session, *, idle_since: datetime, created_since: datetime) -> int:
    result = session.execute(
        sa.delete(WebSession).where(
            sa.or_(
                col(WebSession.last_seen_at) < idle_since,
                col(WebSession.created_at) < created_since,
            )
        )
    )
    session.execute(sa.delete(SignInLink).where(col(SignInLink.expires_at) < idle_since))
    return int(getattr(result, "rowcount", 0) or 0)


# --- sign-in links ------------------------------------------------------------------------
def create_link(
    session: Session, *, token: str, email: str, now: datetime, expires_at: datetime
) -> None:
    session.add(
        SignInLink(token_hash=token_hash(token), email=email, created_at=now, expires_at=expires_at)
    )


def link_email(session: Session, *, token: str, now: datetime) -> str | None:
    """Whose link this is, if it is still valid (unused and not expired); reads only."""
    row = session.get(SignInLink, token_hash(token))
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    return row.email


def use_link(session: Session, *, token: str, now: datetime) -> str | None:
    """Spend the link: its email, or None if it was used, expired or never existed. The
    UPDATE's condition makes two simultaneous uses spend it once."""
    hashed = token_hash(token)
    result = session.execute(
        sa.update(SignInLink)
        .where(
            col(SignInLink.token_hash) == hashed,
            col(SignInLink.used_at).is_(None),
            col(SignInLink.expires_at) > now,
        )
        .values(used_at=now)
    )
    if not getattr(result, "rowcount", 0):
        return None
    found = session.exec(
        select(SignInLink.email).where(col(SignInLink.token_hash) == hashed)
    ).first()
    return found
