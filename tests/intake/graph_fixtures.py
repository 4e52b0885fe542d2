"""The Graph stand-in and a heard mailbox reader pointed at it, over a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlmodel import select

from cases.clock import SettableClock
from heard.assembly import IntakePipeline, build_pipeline
from heard.context import AppContext, build_context
from heard.mail_services import build_graph_intake
from heard.settings import Settings
from intake.graph_source import GraphIntake
from store.db import session_scope
from store.models import Case, Correspondence
from testkit.graph_api import GraphStub, start_graph_stub
from tests.intake.conftest import MONDAY_10AM

MAILBOX = "complaints@council.example"


def letter(body: str, *, sender: str = "parent@example.org", message_id: str) -> bytes:
    """A message as Exchange keeps it: with the Return-Path it recorded on delivery."""
    return (
        f"Return-Path: <{sender}>\r\nFrom: A Parent <{sender}>\r\nTo: {MAILBOX}\r\n"
        f"Subject: My complaint\r\nMessage-ID: {message_id}\r\n"
        "Date: Mon, 02 Mar 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"\r\n{body}\r\n"
    ).encode()


def graph_settings(
    settings: Settings, database_url: str, stub: GraphStub, **extra: object
) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "smtp_enabled": False,
        "intake_read_in_subprocess": False,
        "graph_tenant_id": stub.tenant,
        "graph_client_id": stub.client_id,
        "graph_client_secret": stub.client_secret,
        "graph_mailbox": MAILBOX,
        "graph_login_url": stub.login_url,
        "graph_api_url": stub.api_url,
    }
    values.update(extra)
    return Settings.model_validate({**settings.model_dump(), **values})


@dataclass
class Mailbox:
    stub: GraphStub
    context: AppContext
    pipeline: IntakePipeline
    reader: GraphIntake

    def cases(self) -> list[Case]:
        self.pipeline.processor.drain()
        with session_scope(self.context.engine) as session:
            return list(session.exec(select(Case).order_by(Case.id)))

    def inbound(self) -> list[Correspondence]:
        with session_scope(self.context.engine) as session:
            return list(
                session.exec(
                    select(Correspondence)
                    .where(Correspondence.direction == "inbound")
                    .order_by(Correspondence.id)
                )
            )


@asynccontextmanager
async def graph_mailbox(
    settings: Settings, database_url: str, stub: GraphStub | None = None, **extra: object
) -> AsyncIterator[Mailbox]:
    stub, runner = await start_graph_stub(stub or GraphStub(mailbox=MAILBOX))
    context = build_context(
        graph_settings(settings, database_url, stub, **extra), clock=SettableClock(MONDAY_10AM)
    )
    pipeline = build_pipeline(context)
    reader = build_graph_intake(context, pipeline)
    reader.client.sleep = _no_wait  # Retry-After waits are recorded, not slept, in these tests
    try:
        yield Mailbox(stub=stub, context=context, pipeline=pipeline, reader=reader)
    finally:
        await reader.client.close()
        pipeline.processing.close(wait=True)
        context.engine.dispose()
        await runner.cleanup()


WAITED: list[float] = []


async def _no_wait(seconds: float) -> None:
    WAITED.append(seconds)
