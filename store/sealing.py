"""Attachments encrypted at rest (issue 27): a copy of the database alone does not reveal them.

The key comes from the settings (HEARD_ATTACHMENT_KEYS: Fernet keys, comma-separated; the first
encrypts, every one decrypts, so a key is rotated by putting a new one first and running
`heard db seal-attachments`, then dropping the old one). The composition root gives the engine
its sealer (`use_sealer`); the attachment column's type (`SealedBytes`) encrypts on the way in
and decrypts on the way out, for the ORM and Core statements alike. Without a key, content is
stored as it arrived, and a sealed attachment cannot be read (`SealedWithoutKey`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy.engine import Dialect, Engine

PREFIX = b"heard-sealed:1:"  # marks a Fernet token; plain content never starts with it by chance


class SealedWithoutKey(LookupError):
    """A sealed attachment read without the key that sealed it."""


def checked_keys(text: str) -> str:
    """HEARD_ATTACHMENT_KEYS as given (comma-separated), each a Fernet key, tidied."""
    keys = [key.strip() for key in text.split(",") if key.strip()]
    try:
        Sealer(keys)
    except ValueError:
        raise ValueError(
            "each key must be 32 url-safe base64-encoded bytes (heard db new-attachment-key)"
        ) from None
    return ",".join(keys)


class Sealer:
    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one key")
        self._fernet = MultiFernet([Fernet(key.strip().encode()) for key in keys])

    def seal(self, content: bytes) -> bytes:
        return PREFIX + self._fernet.encrypt(content)

    def open(self, stored: bytes) -> bytes:
        if not is_sealed(stored):
            return stored
        try:
            return self._fernet.decrypt(stored[len(PREFIX) :])
        except InvalidToken:
            raise SealedWithoutKey(
                "an attachment is encrypted with a key HEARD_ATTACHMENT_KEYS does not hold"
            ) from None

    def reseal(self, stored: bytes) -> bytes:
        """Sealed with the first key (plain content sealed, older keys' tokens rotated)."""
        if not is_sealed(stored):
            return self.seal(stored)
        try:
            return PREFIX + self._fernet.rotate(stored[len(PREFIX) :])
        except InvalidToken:
            raise SealedWithoutKey(
                "an attachment is encrypted with a key HEARD_ATTACHMENT_KEYS does not hold"
            ) from None


def is_sealed(stored: bytes) -> bool:
    return stored.startswith(PREFIX)


def new_key() -> str:
    return Fernet.generate_key().decode()


def use_sealer(engine: Engine, sealer: Sealer | None) -> None:
    """This engine's attachments are sealed with `sealer` (None: stored as they arrived)."""
    engine.dialect.heard_sealer = sealer  # type: ignore[attr-defined]


def sealer_of(dialect: Dialect) -> Sealer | None:
    found = getattr(dialect, "heard_sealer", None)
    return found if isinstance(found, Sealer) else None


class SealedBytes(sa.TypeDecorator[bytes]):
    """LargeBinary, encrypted with the engine's sealer when it has one."""

    impl = sa.LargeBinary
    cache_ok = True

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> bytes | None:
        sealer = sealer_of(dialect)
        if value is None or sealer is None or is_sealed(value):
            return value
        return sealer.seal(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        stored = bytes(value)
        if not is_sealed(stored):
            return stored
        sealer = sealer_of(dialect)
        if sealer is None:
            raise SealedWithoutKey("attachments are encrypted: set HEARD_ATTACHMENT_KEYS")
        return sealer.open(stored)
