"""/readyz and /metrics on HEARD_WEB_PORT, beside the web view's /healthz.

/readyz asks each running part whether it can do its work now (telemetry/probes.py): the
database (reachable, schema at heard's head), the SMTP listener (serving), Slack's Web API and
the smarthost when configured (reachable), the Microsoft 365 mailbox (read recently). 200
"ready", or 503 with one line per part that is not, naming the part and why.

/metrics is Prometheus's text format: the process's counters (telemetry/) and the figures read
from the database when asked (open cases, the outbox, reminders due).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from cases.clock import Clock
from telemetry.probes import Probe, Readiness

if TYPE_CHECKING:
    from prometheus_client.registry import Collector
    from starlette.routing import Route


def database_probe(engine: Engine) -> Probe:
    from store.health import schema_revision
    from store.migrate import HEAD_REVISION

    def check() -> str | None:
        try:
            with engine.connect() as connection:
                revision = schema_revision(connection)
        except Exception as error:
            return f"not reachable ({type(error).__name__})"
        if revision != HEAD_REVISION:
            return f"schema at {revision or 'nothing'}, heard needs {HEAD_REVISION}"
        return None

    async def probe() -> str | None:
        return await asyncio.to_thread(check)

    return probe


def mailbox_probe(
    engine: Engine, clock: Clock, *, mailbox: str, folder: str, poll_seconds: int
) -> Probe:
    """The Microsoft 365 mailbox was read recently: within three polls (at least 5 minutes).
    Before a first round completes the process is given that long to finish it."""
    from store.health import mailbox_last_synced

    limit = max(3 * poll_seconds, 300)
    started = time.monotonic()

    def check() -> str | None:
        with engine.connect() as connection:
            synced = mailbox_last_synced(connection, mailbox=mailbox, folder=folder)
        if synced is None:
            if time.monotonic() - started < limit:
                return None
            return f"never read (no completed round in {limit} s)"
        age = (clock.now() - synced).total_seconds()
        return f"last read {age:.0f} s ago (more than {limit} s)" if age > limit else None

    async def probe() -> str | None:
        return await asyncio.to_thread(check)

    return probe


def health_routes(
    ready: Readiness, *, engine: Engine, clock: Clock, mailbox: str | None
) -> list[Route]:
    """/readyz asks `ready`'s probes (the root registers one per running part); /metrics adds
    the database's figures, and the age of `mailbox`'s last read when one is read."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    figures = CollectorRegistry(auto_describe=False)
    figures.register(_figures_collector(engine, clock, mailbox))

    async def readyz(request: Request) -> Response:
        problems = await ready.problems()
        if problems:
            return PlainTextResponse("not ready\n" + "".join(f"{p}\n" for p in problems), 503)
        return PlainTextResponse("ready\n")

    def metrics(request: Request) -> Response:  # a plain def: Starlette's thread pool
        body = generate_latest(REGISTRY) + generate_latest(figures)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return [Route("/readyz", readyz), Route("/metrics", metrics)]


def _figures_collector(engine: Engine, clock: Clock, mailbox: str | None) -> Collector:
    from prometheus_client.core import GaugeMetricFamily

    from store.health import mailbox_last_synced, operational_figures

    def gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
        family = GaugeMetricFamily(name, documentation)
        family.add_metric([], value)
        return family

    class Figures:
        def collect(self) -> Iterable[GaugeMetricFamily]:
            now = clock.now()
            try:
                with engine.connect() as connection:
                    read = operational_figures(connection, now=now)
                    synced = (
                        mailbox_last_synced(connection, mailbox=mailbox, folder="inbox")
                        if mailbox
                        else None
                    )
            except Exception:
                yield gauge("heard_database_up", "1 if the database answered /metrics", 0)
                return
            yield gauge("heard_database_up", "1 if the database answered /metrics", 1)
            yield gauge("heard_cases_open", "Cases received, open or responded", read.cases_open)
            yield gauge(
                "heard_outbox_pending",
                "Emails, letters and Slack calls waiting to be sent",
                read.outbox_pending,
            )
            yield gauge(
                "heard_outbox_oldest_seconds",
                "Age of the oldest message waiting to be sent (0 when none waits)",
                _age(now, read.outbox_oldest),
            )
            yield gauge(
                "heard_reminders_due",
                "Reminders and chasers due and not yet sent",
                read.reminders_due,
            )
            if mailbox:
                yield gauge(
                    "heard_mailbox_last_sync_age_seconds",
                    "Seconds since the Microsoft 365 mailbox was last read (-1: never)",
                    _age(now, synced) if synced else -1,
                )

    return Figures()


def _age(now: datetime, then: datetime | None) -> float:
    return max(0.0, (now - then).total_seconds()) if then is not None else 0.0
