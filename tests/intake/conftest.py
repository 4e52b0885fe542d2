"""A running intake listener on a free port, over a real database, with a capturing smarthost."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest_asyncio
from sqlmodel import select

from cases.clock import SettableClock
from heard.assembly import IntakePipeline, build_pipeline
from heard.context import AppContext, build_context
from heard.settings import Settings
from heard.wiring import smarthost
from intake.smtp_server import start_listener
from outbound.mailer import OutboxMailer
from store.db import session_scope
from store.models import Case, Correspondence, OutboxMessage
from tests.mailsink import MailSink

# A Monday morning in working hours, so receipt is the same day.
MONDAY_10AM = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@dataclass
class Intake:
    context: AppContext
    port: int
    clock: SettableClock
    sink: MailSink
    pipeline: IntakePipeline

    def settle(self) -> int:
        """Read whatever the listener stored and the background worker has not read yet, as
        the worker would; tests then see the state a moment after the 250."""
        return self.pipeline.processor.drain()

    def cases(self) -> list[Case]:
        self.settle()
        with session_scope(self.context.engine) as session:
            return list(session.exec(select(Case).order_by(Case.id)))

    def inbound(self) -> list[Correspondence]:
        self.settle()
        with session_scope(self.context.engine) as session:
            return list(
                session.exec(
                    select(Correspondence)
                    .where(Correspondence.direction == "inbound")
                    .order_by(Correspondence.id)
                )
            )

    def outbox(self) -> list[OutboxMessage]:
        self.settle()
        with session_scope(self.context.engine) as session:
            return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)))

    async def send_outbox(self) -> int:
        self.settle()
        mailer = OutboxMailer(
            engine=self.context.engine,
            smarthost=smarthost(self.context.settings),
            clock=self.clock,
            worker="test-mailer",
        )
        return await mailer.drain_once()


def intake_settings(
    settings: Settings, database_url: str, sink_port: int, **extra: object
) -> Settings:
    return settings.model_copy(
        update={
            "database_url": database_url,
            "smtp_port": 0,
            "smarthost_port": sink_port,
            "smtp_max_message_bytes": 1_000_000,
            # Read in the test's own process (a child per test would cost a second each); the
            # child process is tested in test_reader.py and by `heard serve` end to end.
            "intake_read_in_subprocess": False,
            **extra,
        }
    )


@asynccontextmanager
async def running_intake(
    settings: Settings, database_url: str, mail_sink: MailSink, **extra: object
) -> AsyncIterator[Intake]:
    """The listener and its reader on port 0, as `heard serve` runs them; `extra` settings."""
    clock = SettableClock(MONDAY_10AM)
    context = build_context(
        intake_settings(settings, database_url, mail_sink.port, **extra), clock=clock
    )
    pipeline = build_pipeline(context)
    stop = asyncio.Event()
    reader = asyncio.create_task(pipeline.processing.run(stop))
    server = await start_listener(pipeline.handler, settings=context.settings)
    port = server.sockets[0].getsockname()[1]
    try:
        yield Intake(context=context, port=port, clock=clock, sink=mail_sink, pipeline=pipeline)
    finally:
        server.close()
        await server.wait_closed()
        stop.set()
        await reader
        pipeline.processing.close(wait=True)
        context.engine.dispose()
        await asyncio.sleep(0)


@pytest_asyncio.fixture
async def intake(
    settings: Settings,
    database_url: str,
    mail_sink: MailSink,
) -> AsyncIterator[Intake]:
    async with running_intake(settings, database_url, mail_sink) as running:
        yield running
