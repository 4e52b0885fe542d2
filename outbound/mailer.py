"""Sends the outbox's emails through the council's smarthost, retrying with backoff.

Rows are claimed with a lease (store.outbox), so several heard processes can run mailers on one
database and none sends a row another holds. A 5xx refusal is permanent (the row is marked
failed and shows in `heard outbox failed` and to staff); anything else is retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import aiosmtplib
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cases.clock import Clock
from cases.enums import OutboxKind
from store import outbox
from store.db import session_scope

log = logging.getLogger("heard.mailer")


def email_payload(
    message: EmailMessage, *, envelope_from: str, recipients: list[str]
) -> dict[str, Any]:
    """What the outbox stores for an email: the exact bytes to send, and the envelope."""
    return {
        "message": message.as_bytes(policy=policy.SMTP).decode("utf-8", "surrogateescape"),
        "envelope_from": envelope_from,
        "recipients": recipients,
    }


@dataclass(frozen=True)
class Smarthost:
    """The council's relay for outbound mail (the HEARD_SMARTHOST_* settings)."""

    host: str
    port: int
    username: str | None = None
    password: str | None = None
    starttls: bool = False

    def __repr__(self) -> str:  # never the password, in a log line or a traceback
        return f"Smarthost(host={self.host!r}, port={self.port})"


@dataclass
class OutboxMailer:
    engine: Engine
    smarthost: Smarthost
    clock: Clock
    lease: timedelta = timedelta(minutes=5)  # a row held this long by a dead worker is retaken
    worker: str = f"mailer@{socket.gethostname()}"
    batch_size: int = 20

    async def drain_once(self) -> int:
        """Send what is due now; return how many rows were attempted."""
        claimed = await asyncio.to_thread(self._claim, self.lease)
        for message_id, payload in claimed:
            await self._send_one(message_id, payload)
        return len(claimed)

    async def run(self, stop: asyncio.Event, *, interval: float = 2.0) -> None:
        while not stop.is_set():
            try:
                attempted = await self.drain_once()
            except Exception:  # the database may be briefly away: keep the worker alive
                log.exception("mailer pass failed")
                attempted = 0
            if attempted == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=interval)

    def _claim(self, lease: timedelta) -> list[tuple[int, dict[str, Any]]]:
        with session_scope(self.engine) as session:
            rows = outbox.claim(
                session,
                kinds=(OutboxKind.EMAIL,),
                worker=self.worker,
                now=self.clock.now(),
                lease=lease,
                limit=self.batch_size,
            )
            return [(row.id, dict(row.payload)) for row in rows if row.id is not None]

    async def _send_one(self, message_id: int, payload: dict[str, Any]) -> None:
        raw = payload["message"].encode("utf-8", "surrogateescape")
        try:
            await aiosmtplib.send(
                message_from_bytes(raw, policy=policy.SMTP),
                sender=payload["envelope_from"],
                recipients=payload["recipients"],
                hostname=self.smarthost.host,
                port=self.smarthost.port,
                username=self.smarthost.username,
                password=self.smarthost.password,
                start_tls=self.smarthost.starttls or None,
                timeout=30,
            )
        except (aiosmtplib.SMTPRecipientsRefused, aiosmtplib.SMTPResponseException) as error:
            permanent = _is_permanent(error)
            await asyncio.to_thread(self._failed, message_id, repr(error), permanent)
            log.warning("outbound mail refused", extra={"outbox_id": message_id})
            return
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            await asyncio.to_thread(self._failed, message_id, repr(error), False)
            log.warning("outbound mail deferred", extra={"outbox_id": message_id})
            return
        await asyncio.to_thread(self._sent, message_id)

    def _sent(self, message_id: int) -> None:
        with session_scope(self.engine) as session:
            outbox.mark_sent(session, message_id=message_id, now=self.clock.now())

    def _failed(self, message_id: int, error: str, permanent: bool) -> None:
        with session_scope(self.engine) as session:
            outbox.mark_failed(
                session,
                message_id=message_id,
                now=self.clock.now(),
                error=error,
                permanent=permanent,
            )


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return all(500 <= refusal.code < 600 for refusal in error.recipients)
    code = getattr(error, "code", 0)
    return 500 <= code < 600


def queue_email(
    session: Session,
    *,
    message: EmailMessage,
    to: str,
    envelope_from: str,
    dedupe_key: str,
    now: datetime,
    case_id: int | None = None,
    batch: outbox.Batch | None = None,
) -> bool:
    """Put a composed message in the outbox for one recipient; False if already queued."""
    return outbox.enqueue(
        session,
        kind=OutboxKind.EMAIL,
        target=to,
        now=now,
        case_id=case_id,
        dedupe_key=dedupe_key,
        payload=email_payload(message, envelope_from=envelope_from, recipients=[to]),
        batch=batch,
    )
