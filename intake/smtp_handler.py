"""The SMTP handler: which recipients we accept, and "250 only after the commit".

Storing runs off the event loop (group_commit): a 20 MB message must not stall the loop that
serves every other connection, Slack and the scheduler (aiosmtpd #293).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import sqlalchemy.exc
from aiosmtpd.smtp import SMTP, Envelope, Session

from cases.enums import RecordKind
from store.outage import DISK_FULL, database_away, outage_cause

log = logging.getLogger("heard.intake")


@dataclass(frozen=True)
class InboundEnvelope:
    """What the SMTP conversation told us: the only trustworthy sender identity we have.

    Mail read from a Microsoft 365 mailbox (intake/graph_source.py) has the envelope Exchange
    recorded on delivery (its Return-Path) and `source_id`, the mailbox item it was read from.
    """

    mail_from: str  # "" for the null sender (bounces)
    rcpt_tos: tuple[str, ...]
    peer: str
    source_id: str | None = None  # "graph:<mailbox>:<immutable id>"; None over SMTP


@dataclass(frozen=True)
class DeliveryReceipt:
    reference: str
    duplicate: bool = False
    # Whether the 250 may name the case: only to its party (a new contact's sender, a party's
    # reply). A duplicate or a bounce is answered without it.
    disclose: bool = True


Store = Callable[[bytes, InboundEnvelope], Awaitable[DeliveryReceipt]]
MailboxKind = Callable[[str], RecordKind | None]


@dataclass
class IntakeHandler:
    store: Store  # returns once the message is committed (see group_commit)
    mailbox_kind: MailboxKind
    max_recipients: int = 10
    lmtp: bool = False
    on_stored: Callable[[], None] | None = None  # wakes the worker that reads the body

    async def handle_EHLO(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        """aiosmtpd reads commands in order from the stream, so clients may pipeline."""
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_MAIL(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        mail_options: list[str],
    ) -> str:
        """An address holding bytes that are not UTF-8 (aiosmtpd hands them over as surrogate
        escapes) can never be stored, answered or matched to a person: a retry cannot cure
        that, so it gets a permanent reply now rather than 451 after DATA for ever."""
        if not _is_utf8(address):
            return "553 5.1.7 The sender address is not valid UTF-8 (RFC 6531); please correct it"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if self.mailbox_kind(address) is None:
            return f"550 5.1.1 <{_printable(address)}>: no such mailbox here; heard does not relay"
        if len(envelope.rcpt_tos) >= self.max_recipients:
            return "452 4.5.3 Too many recipients"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = bytes(envelope.original_content or b"")
        inbound = InboundEnvelope(
            mail_from="" if envelope.mail_from in (None, "<>") else str(envelope.mail_from),
            rcpt_tos=tuple(envelope.rcpt_tos),
            peer=str(session.peer[0]) if session.peer else "",
        )
        try:
            receipt = await self.store(raw, inbound)
        except Exception as error:
            cause = outage_cause(error) if database_away(error) else None
            if cause == DISK_FULL:  # RFC 3463's "mail system full", as Postfix answers it
                status = "452 4.3.1 Insufficient system storage, please try again later"
            elif retry_may_cure(error):
                status = "451 4.3.0 Temporary failure storing the message, please try again later"
            else:
                status = ("554 5.6.0 This message cannot be stored as sent; please contact the "
                          "council another way")  # fmt: skip
            log.warning(
                "could not store inbound mail (%s%s); answered %s",
                f"{cause}, " if cause else "",
                type(error).__name__,
                status[:3],
                extra={"peer": inbound.peer},
            )
            return self._each_recipient(status, envelope)
        if self.on_stored is not None and not receipt.duplicate:
            self.on_stored()
        if receipt.duplicate:
            status = "250 2.0.0 Already received; not stored again"
        elif receipt.disclose:
            status = f"250 2.0.0 Received as {receipt.reference}"
        else:
            status = "250 2.0.0 Received"
        return self._each_recipient(status, envelope)

    def _each_recipient(self, status: str, envelope: Envelope) -> str:
        """LMTP answers DATA once per recipient; SMTP once."""
        if not self.lmtp:
            return status
        return "\r\n".join([status] * max(1, len(envelope.rcpt_tos)))


# The message itself is at fault: sending the same bytes again fails the same way.
_PERMANENT = (sqlalchemy.exc.DataError, UnicodeError)


def retry_may_cure(error: BaseException) -> bool:
    """Whether a failure to store is worth a 451 (the database unreachable, a lock, a full
    disk, a bug we may fix before the sender gives up) or is the message's own fault, which a
    retry only repeats for days before the gateway bounces it."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, _PERMANENT):
            return False
        if isinstance(cause, sqlalchemy.exc.StatementError) and cause.orig is not None:
            cause = cause.orig
        else:
            cause = cause.__cause__ or cause.__context__
    return True


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(address: str) -> str:
    return "".join(ch for ch in address if ch.isprintable() and ch not in "<>")[:254]
