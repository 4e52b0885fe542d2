"""A real SMTP server on a free local port capturing what heard sends (the test smarthost)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest_asyncio
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class CapturedMail:
    envelope_from: str
    recipients: list[str]
    data: bytes


@dataclass
class MailSink:
    port: int = 0
    messages: list[CapturedMail] = field(default_factory=list)
    reject_with: str | None = None  # e.g. "451 4.3.0 try later" or "550 5.1.1 no such user"
    received: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.reject_with:
            return self.reject_with
        self.messages.append(
            CapturedMail(
                envelope_from="" if envelope.mail_from in (None, "<>") else envelope.mail_from,
                recipients=list(envelope.rcpt_tos),
                data=bytes(envelope.original_content or b""),
            )
        )
        self.received.set()
        return "250 2.0.0 captured"

    async def wait_for(self, count: int, *, timeout: float = 5.0) -> list[CapturedMail]:
        async with asyncio.timeout(timeout):
            while len(self.messages) < count:
                self.received.clear()
                await self.received.wait()
        return self.messages


@pytest_asyncio.fixture
async def mail_sink() -> AsyncIterator[MailSink]:
    sink = MailSink()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.localhost", enable_SMTPUTF8=True),
        host="127.0.0.1",
        port=0,
    )
    sink.port = server.sockets[0].getsockname()[1]
    yield sink
    server.close()
    await server.wait_closed()
