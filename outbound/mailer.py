"""Sends the outbox's emails through the configured transport (the council's smarthost, the
shared mailbox through Graph, or GOV.UK Notify: outbound/transports.py), retrying with backoff.

Rows are claimed with a lease (store.outbox), so several heard processes can run mailers on one
database and none sends a row another holds. A send that takes long (a large letter uploaded
to Graph, a batch waiting behind one, a slow request) renews its row's lease as it goes, and
stops, sending and recording nothing, if the row has become another worker's meanwhile (its
lease lapsed while this process was stalled). A refusal the transport calls permanent (a 5xx
from the smarthost, a 400 from Graph or Notify) marks the row failed (it shows in `heard
outbox failed` and to staff); anything else is retried, after the Retry-After if one was
given.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from cases.actor import LETTERS
from cases.clock import Clock
from cases.enums import OutboxKind, OutboxPurpose, OutboxStatus
from casework.attention import flag
from casework.service import CaseService
from outbound.claim_lease import ClaimLease
from outbound.compose import checked_address
from outbound.transports import (
    ClaimLost,
    MailTransport,
    OutboundEmail,
    OutboundPost,
    OutboundText,
    Outcome,
    Smarthost,
    SmtpTransport,
    letter_reference,
)
from store import outbox
from store.claims import worker_name
from store.db import session_scope
from store.models import Case, OutboxMessage
from store.outage import OutageLog
from telemetry import SMARTHOST_ERRORS

__all__ = ["OutboxMailer", "Smarthost", "email_payload", "queue_email"]

Outbound = OutboundEmail | OutboundText | OutboundPost

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


@dataclass
class OutboxMailer:
    engine: Engine
    clock: Clock
    smarthost: Smarthost | None = None  # the SMTP transport's relay, when no transport is given
    transport: MailTransport | None = None
    lease: timedelta = timedelta(minutes=5)  # a row held this long by a dead worker is retaken
    worker: str = field(default_factory=lambda: worker_name("mailer"))
    batch_size: int = 20
    first_retry: timedelta = timedelta(seconds=30)  # then doubling, up to an hour
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep  # how a lease's beat waits
    # Flags a case whose mail was given up on: without it, a relay's 550 for an
    # acknowledgement left the case saying it was acknowledged, and no one was told.
    cases: CaseService | None = None

    def __post_init__(self) -> None:
        if self.transport is None:
            if self.smarthost is None:
                raise ValueError("OutboxMailer needs a transport or a smarthost")
            self.transport = SmtpTransport(self.smarthost)

    @property
    def sender(self) -> MailTransport:
        assert self.transport is not None
        return self.transport

    async def drain_once(self) -> int:
        """Send what is due now; return how many rows were attempted."""
        claimed_at = self.clock.now()
        claimed = await asyncio.to_thread(self._claim, claimed_at)
        for item in claimed:
            await self._send_one(item, self._lease(item.outbox_id, claimed_at))
        return len(claimed)

    def _lease(self, outbox_id: int, claimed_at: datetime) -> ClaimLease:
        return ClaimLease(
            outbox_id=outbox_id,
            until=claimed_at + self.lease,
            length=self.lease,
            clock=self.clock,
            renew_claim=self.renew_claim,
            sleep=self.sleep,
        )

    async def run(self, stop: asyncio.Event, *, interval: float = 2.0) -> None:
        outage = OutageLog(log, "mailer pass")
        try:
            while not stop.is_set():
                try:
                    attempted = await self.drain_once()
                    outage.passed()
                except Exception as error:  # the database may be briefly away: keep going
                    outage.failed(error)
                    attempted = 0
                if attempted == 0:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), timeout=interval)
        finally:
            await self.sender.close()

    def _claim(self, now: datetime) -> list[Outbound]:
        kinds = [OutboxKind.EMAIL]
        if self.sender.sends_texts:
            kinds.append(OutboxKind.TEXT_MESSAGE)
        if self.sender.sends_post:
            kinds.append(OutboxKind.POSTAL_LETTER)
        with session_scope(self.engine) as session:
            rows = outbox.claim(
                session,
                kinds=tuple(kinds),
                worker=self.worker,
                now=now,
                lease=self.lease,
                limit=self.batch_size,
            )
            references = outbox.case_references(
                session, [row.case_id for row in rows if row.case_id is not None]
            )
            claimed: list[Outbound] = []
            for row in rows:
                assert row.id is not None
                reference = letter_reference(
                    outbox_id=row.id, case_reference=references.get(row.case_id or 0)
                )
                payload = row.payload
                retry = outbox.tried_before(row)
                if row.kind == OutboxKind.TEXT_MESSAGE:
                    claimed.append(
                        OutboundText(
                            row.id, payload["phone"], payload["body"], reference, retry=retry
                        )
                    )
                    continue
                if row.kind == OutboxKind.POSTAL_LETTER:
                    claimed.append(
                        OutboundPost(
                            row.id,
                            list(payload["address"]),
                            payload["subject"],
                            payload["body"],
                            reference,
                            retry=retry,
                        )
                    )
                    continue
                claimed.append(
                    OutboundEmail(
                        outbox_id=row.id,
                        raw=row.payload["message"].encode("utf-8", "surrogateescape"),
                        envelope_from=row.payload["envelope_from"],
                        recipients=list(row.payload["recipients"]),
                        letter_reference=reference,
                        letter=row.purpose in _LETTERS,
                        retry=retry,
                    )
                )
            return claimed

    async def _send_one(self, item: Outbound, lease: ClaimLease) -> None:
        beating = asyncio.create_task(lease.beat())
        try:
            await lease.keep()
            if isinstance(item, OutboundText):
                outcome: Outcome = await self.sender.send_text(item)
            elif isinstance(item, OutboundPost):
                outcome = await self.sender.send_post(item)
            else:
                outcome = await self.sender.send(item, lease.keep)
        except ClaimLost:
            log.warning(
                "outbound mail left to another mailer: this one's lease lapsed (letter %s)",
                item.letter_reference,
                extra={"outbox_id": item.outbox_id, "case": case_of_letter(item.letter_reference)},
            )
            return
        finally:
            beating.cancel()
        if outcome.sent:
            await asyncio.to_thread(self._sent, item.outbox_id, outcome.result)
            return
        await asyncio.to_thread(self._failed, item.outbox_id, outcome)
        SMARTHOST_ERRORS.labels(transport=self.sender.name).inc()
        log.warning(
            "outbound mail %s via %s: %s (letter %s)",
            "refused" if outcome.permanent else "deferred",
            self.sender.name,
            failure_reason(outcome.error),
            item.letter_reference,
            extra={"outbox_id": item.outbox_id, "case": case_of_letter(item.letter_reference)},
        )

    def renew_claim(self, message_id: int, until: datetime) -> bool:
        """Hold the row to `until`, if it is still this mailer's (a ClaimLease's RenewClaim)."""
        with session_scope(self.engine) as session:
            return outbox.renew_claim(
                session, message_id=message_id, worker=self.worker, until=until
            )

    def _sent(self, message_id: int, result: dict[str, Any] | None) -> None:
        with session_scope(self.engine) as session:
            outbox.mark_sent(session, message_id=message_id, now=self.clock.now(), result=result)

    def _failed(self, message_id: int, outcome: Outcome) -> None:
        with session_scope(self.engine) as session:
            status = outbox.mark_failed(
                session,
                message_id=message_id,
                now=self.clock.now(),
                error=outcome.error,
                permanent=outcome.permanent,
                retry_after=outcome.retry_after,
                first_retry=self.first_retry,
            )
            if status == OutboxStatus.FAILED and self.cases is not None:
                self._given_up(session, message_id, outcome)

    def _given_up(self, session: Session, message_id: int, outcome: Outcome) -> None:
        """Staff are asked to look at the case: the complainant (or the MASH, or a manager)
        has not had what heard meant to send, and only a person can find another way."""
        assert self.cases is not None
        row = session.get(OutboxMessage, message_id)
        case = session.get(Case, row.case_id) if row is not None and row.case_id else None
        if row is None or case is None:
            return
        reference = letter_reference(outbox_id=message_id, case_reference=case.reference)
        what = _GIVEN_UP.get(row.purpose, "message")
        flag(
            self.cases,
            session,
            case=case,
            actor=LETTERS,
            why=f"heard could not send the {what} (letter {reference}): "
            f"{failure_reason(outcome.error)[:120]}",
        )


# What goes to a complainant (or their advocate) as a letter from outbound/templates/.
_LETTERS = frozenset({OutboxPurpose.ACKNOWLEDGEMENT, OutboxPurpose.LETTER})

_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


_GIVEN_UP = {
    OutboxPurpose.ACKNOWLEDGEMENT: "acknowledgement",
    OutboxPurpose.LETTER: "letter",
    OutboxPurpose.MASH_REFERRAL: "MASH referral",
    OutboxPurpose.CHASER: "reminder",
    OutboxPurpose.STAFF_ALERT: "alert to the team's manager",
}


def failure_reason(error: str) -> str:
    """Why a send failed, for the log: the transport's error with every address taken out
    (a smarthost's refusal quotes the recipient), on one line and short."""
    text = " ".join(_ADDRESS.sub("[address]", error).split())
    return text[:200] or "no reason given"


def case_of_letter(letter_reference: str) -> str | None:
    """The case reference in a letter reference (`CSC-2026-000123-45`); None for mail that
    belongs to no case (`heard-45`: a digest, a MASH referral)."""
    case, _, _ = letter_reference.rpartition("-")
    return None if case in ("", "heard") else case


def queue_email(
    session: Session,
    *,
    message: EmailMessage,
    to: str,
    envelope_from: str,
    purpose: OutboxPurpose,
    dedupe_key: str,
    now: datetime,
    case_id: int | None = None,
    batch: outbox.Batch | None = None,
) -> bool:
    """Put a composed message in the outbox for one recipient; False if already queued. The
    envelope's recipient is the plain address the To header was written with."""
    recipient = checked_address(to)
    return outbox.enqueue(
        session,
        kind=OutboxKind.EMAIL,
        purpose=purpose,
        target=recipient,
        now=now,
        case_id=case_id,
        dedupe_key=dedupe_key,
        payload=email_payload(message, envelope_from=envelope_from, recipients=[recipient]),
        batch=batch,
    )
