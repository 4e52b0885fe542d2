"""The SMTP (or LMTP) listener: protocol limits here, decisions in the handler.

aiosmtpd speaks the protocol. This subclass adds what Postfix does and aiosmtpd does not: a
hard error limit per session, a 421 on idle timeout, a ceiling on a session's total length
(so a client trickling one line every few minutes cannot hold a connection for ever), VRFY
switched off. aiosmtpd >= 1.4.6 already refuses bare-LF end-of-data and STARTTLS pipelining.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AnyStr, Literal

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import MISSING, SMTP, syntax

from intake.smtp_data import Problem, read_data
from telemetry import smtp_reply

log = logging.getLogger("heard.smtp")


@dataclass(frozen=True)
class ListenerSettings:
    """Where and how the listener listens (the HEARD_SMTP_* settings of the same names)."""

    smtp_host: str
    smtp_port: int
    smtp_hostname: str
    smtp_mode: Literal["smtp", "lmtp"] = "smtp"
    smtp_max_message_bytes: int = 25 * 1024 * 1024
    smtp_max_connections: int = 20
    smtp_timeout_seconds: float = 300.0
    smtp_hard_error_limit: int = 20
    smtp_tls_cert: Path | None = None
    smtp_tls_key: Path | None = None


@dataclass(frozen=True)
class ProtocolLimits:
    hard_error_limit: int = 20
    session_max_seconds: float = 1800.0
    # RFC 5321 allows 1000 octets a line, but Postfix and Exchange pass longer lines on (HTML
    # mail generated without line breaks): refusing them would lose real complaints for good.
    # Lines up to this length are accepted and stored byte for byte; aiosmtpd's stream reader
    # buffers at most twice this per connection.
    max_line_bytes: int = 1024 * 1024


@dataclass
class Connections:
    """The connections a listener holds; one past `limit` is refused with 421 before the
    greeting (aiosmtpd has no cap: 32 clients sending 25 MB each took 1.5 GB)."""

    limit: int
    open: int = 0


class _Guarded(SMTP):
    """Mixed in front of aiosmtpd's SMTP or LMTP class (it is first in the MRO)."""

    def __init__(
        self,
        handler: Any,
        *,
        limits: ProtocolLimits,
        connections: Connections | None = None,
        **kwargs: Any,
    ) -> None:
        self.limits = limits
        self._connections = connections
        self._counted = False
        self._errors = 0
        self._session_deadline: asyncio.TimerHandle | None = None
        self._in_handler = 0  # heard is working on the client's behalf (e.g. the commit)
        self._close_after_reply: str | None = None
        self._shutting_down: str | None = None  # close once the transaction in flight ends
        self._sessions: set[_Guarded] | None = None
        # aiosmtpd sizes its stream reader from this when constructed.
        self.line_length_limit = limits.max_line_bytes + 2
        super().__init__(handler, **kwargs)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        connections = self._connections
        if connections is not None and not self._counted:
            if connections.open >= connections.limit:
                if isinstance(transport, asyncio.WriteTransport):
                    transport.write(b"421 4.3.2 too many connections, try again later\r\n")
                transport.close()
                log.warning("connection refused: %d connections held already", connections.open)
                return
            connections.open += 1
            self._counted = True
        super().connection_made(transport)
        if self._sessions is not None:
            self._sessions.add(self)
        if self._session_deadline is None:  # not again after STARTTLS
            self._session_deadline = self.loop.call_later(
                self.limits.session_max_seconds, self._close_with_421, "4.4.2 session too long"
            )

    def connection_lost(self, error: Exception | None) -> None:
        if self._sessions is not None:
            self._sessions.discard(self)
        if self._connections is not None and not self._counted:
            return  # refused before the greeting: aiosmtpd never started on it
        if self._counted and self._connections is not None:
            self._connections.open -= 1
            self._counted = False
        if self._session_deadline is not None:
            self._session_deadline.cancel()
        super().connection_lost(error)

    def data_received(self, data: bytes) -> None:
        """The idle timeout counts silence: aiosmtpd re-arms it only per command, so a client
        sending a long DATA slowly but steadily was cut off mid-message. A trickling client is
        still bounded by the session's total length."""
        super().data_received(data)
        if self._in_handler == 0:
            self._reset_timeout()

    async def _call_handler_hook(self, command: str, *args: Any) -> Any:
        """While heard works for the client (storing its message), the client's silence is
        ours: no idle timeout fires, and a deadline that falls due waits for the reply, so a
        committed message always gets its 250."""
        self._in_handler += 1
        if self._timeout_handle is not None:
            self._timeout_handle.cancel()
        try:
            return await super()._call_handler_hook(command, *args)
        finally:
            self._in_handler -= 1
            if self.transport is not None and not self.transport.is_closing():
                self._reset_timeout()

    def _timeout_cb(self) -> None:
        if self._in_handler == 0:
            self._close_with_421("4.4.2 idle timeout exceeded")

    def _close_with_421(self, why: str) -> None:
        transport = self.transport
        if transport is None or transport.is_closing():
            return
        if self._in_handler:
            self._close_after_reply = why
            return
        if isinstance(transport, asyncio.WriteTransport):
            transport.write(f"421 {why}, closing connection\r\n".encode("ascii"))
            smtp_reply("421")
        transport.close()

    def shut_down(self, why: str = "4.3.2 heard is shutting down") -> None:
        """Stop taking mail on this connection: at once if no transaction is under way, else
        as soon as it ends (its message stored and answered), with a 421."""
        self._shutting_down = why
        if not self._in_transaction():
            self._close_with_421(why)

    def _in_transaction(self) -> bool:
        envelope = self.envelope
        return self._in_handler > 0 or (envelope is not None and envelope.mail_from is not None)

    async def push(self, status: AnyStr) -> None:
        text = status.decode("ascii", "replace") if isinstance(status, bytes) else status
        await super().push(status)
        smtp_reply(text)
        if self._close_after_reply is not None and self._in_handler == 0:
            self._close_with_421(self._close_after_reply)
            return
        if self._shutting_down is not None and not self._in_transaction():
            self._close_with_421(self._shutting_down)
            return
        if text[:1] in ("4", "5") and not text.startswith("421"):
            self._errors += 1
            if self._errors >= self.limits.hard_error_limit:
                self._close_with_421("4.7.0 too many errors")

    async def smtp_VRFY(self, arg: str) -> None:
        await self.push("502 5.5.1 VRFY is disabled")

    @syntax("DATA")
    async def smtp_DATA(self, arg: str) -> None:
        """aiosmtpd's DATA with the section read by intake/smtp_data.py, in runs of lines
        instead of a line at a time; the replies and checks are aiosmtpd's."""
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        try:
            content, problem = await read_data(
                self._reader, line_limit=self.line_length_limit, size_limit=self.data_size_limit
            )
        except (asyncio.CancelledError, asyncio.IncompleteReadError):
            log.info("connection lost during DATA")
            self._writer.close()
            raise
        if problem is not None:
            await self.push(
                "500 Line too long (see RFC5321 4.5.3.1.6)"
                if problem is Problem.TOO_LONG
                else "552 Error: Too much mail data"
            )
            self._set_post_data_state()
            return
        self.envelope.original_content = content
        # As aiosmtpd decodes it; SMTPUTF8 is always on here (start_listener).
        self.envelope.content = (
            content.decode("utf-8", errors="surrogateescape") if self._decode_data else content
        )
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        await self.push("250 OK" if status is MISSING else status)


class GuardedSMTP(_Guarded):
    """SMTP with heard's guards."""


class GuardedLMTP(_Guarded, LMTP):
    """LMTP (for a Postfix transport) with the same guards."""


def tls_context(settings: ListenerSettings) -> ssl.SSLContext | None:
    if settings.smtp_tls_cert is None or settings.smtp_tls_key is None:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(settings.smtp_tls_cert), str(settings.smtp_tls_key))
    return context


async def start_listener(
    handler: Any,
    *,
    settings: ListenerSettings,
    limits: ProtocolLimits | None = None,
    sessions: set[_Guarded] | None = None,
) -> asyncio.AbstractServer:
    """Bind the listener on the running loop (port 0 picks a free port, for tests).
    `sessions`, if given, holds each open connection (for `drain`)."""
    limits = limits or ProtocolLimits(hard_error_limit=settings.smtp_hard_error_limit)
    protocol_class = GuardedLMTP if settings.smtp_mode == "lmtp" else GuardedSMTP
    context = tls_context(settings)
    connections = Connections(limit=getattr(settings, "smtp_max_connections", 20))

    def factory() -> SMTP:
        protocol = protocol_class(
            handler,
            limits=limits,
            connections=connections,
            data_size_limit=settings.smtp_max_message_bytes,
            enable_SMTPUTF8=True,
            hostname=settings.smtp_hostname,
            ident="heard ESMTP",
            tls_context=context,
            timeout=settings.smtp_timeout_seconds,
            loop=asyncio.get_running_loop(),
        )
        protocol._sessions = sessions
        return protocol

    return await asyncio.get_running_loop().create_server(
        factory, host=settings.smtp_host, port=settings.smtp_port
    )


async def drain(
    servers: list[asyncio.AbstractServer], sessions: set[_Guarded], *, grace: float = 20.0
) -> None:
    """Stop listening; let each transaction under way finish (its message stored and
    answered 250) for up to `grace` seconds; close idle connections with 421 at once."""
    for server in servers:
        server.close()
    for session in list(sessions):
        session.shut_down()
    for _ in range(int(grace / 0.05)):
        if not sessions:
            break
        await asyncio.sleep(0.05)
    for session in list(sessions):
        log.warning("a transaction was still under way after %.0f s; closed with 421", grace)
        session._close_after_reply = None
        session._in_handler = 0
        session._close_with_421("4.3.2 heard is shutting down")
    for server in servers:
        await server.wait_closed()
