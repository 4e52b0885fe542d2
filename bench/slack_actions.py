"""Slack action latency: 50 concurrent, correctly signed Acknowledge clicks (each on its own
case) against heard's HTTP mode and a stand-in Web API. Prints the time to Slack's 200 (the
ack, which Slack needs within 3 s) p50/p99 and actions/s for the whole work to be done.
Baseline (same run): the same requests to a bolt app whose listener only acks.
Target: p99 <= 300 ms. Run: uv run python -m bench.slack_actions
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import sqlalchemy as sa
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bench.postgres import temporary_database
from bot import ids
from heard.context import build_context
from heard.serve import build_slack
from heard.settings import DEFAULT_RULES_PATH, Settings, load_settings
from testkit.role_rules import write_rules
from testkit.slack_api import SlackStub, start_stub
from testkit.slack_cases import new_case
from testkit.slack_rules import SLACK_ROLES
from testkit.slack_signing import SECRET, button, interaction, signed_headers

CLICKS = 50


async def fire(url: str, bodies: list[str]) -> tuple[list[float], float]:
    latencies: list[float] = []
    async with aiohttp.ClientSession() as http:

        async def one(body: str) -> None:
            started = time.perf_counter()
            response = await http.post(url, data=body, headers=signed_headers(body))
            latencies.append((time.perf_counter() - started) * 1000)
            assert response.status == 200, response.status

        started = time.perf_counter()
        await asyncio.gather(*(one(body) for body in bodies))
        return sorted(latencies), time.perf_counter() - started


async def baseline(stub: SlackStub, bodies: list[str]) -> list[float]:
    app = AsyncApp(
        client=AsyncWebClient(token="xoxb-test", base_url=stub.url), signing_secret=SECRET
    )

    @app.action(ids.ACKNOWLEDGE)
    async def only_ack(ack: AsyncAck) -> None:
        await ack()

    runner = web.AppRunner(app.web_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    sockets: tuple[Any, ...] = tuple(getattr(site._server, "sockets", None) or ())
    port = int(sockets[0].getsockname()[1])
    latencies, _ = await fire(f"http://127.0.0.1:{port}/slack/events", bodies)
    await runner.cleanup()
    return latencies


async def measure(label: str, database_url: str, rules: Path) -> None:
    stub, stub_runner = await start_stub()
    settings = Settings.model_validate(
        load_settings(
            database_url=database_url,
            rules_path=rules,
            slack_api_url=stub.url,
            slack_bot_token="xoxb-test",
            slack_signing_secret=SECRET,
            slack_http_port=0,
            slack_triage_channel="CTRIAGE",
        ).model_dump()
    )
    context = build_context(settings)
    component = build_slack(context)
    await component.start()
    references = [
        await asyncio.to_thread(
            new_case,
            engine=context.engine,
            service=component.deps.cases,
            rulebook=context.rulebook,
            clock=context.clock,
        )
        for _ in range(CLICKS)
    ]
    bodies = [interaction(button(ids.ACKNOWLEDGE, reference)) for reference in references]
    base = await baseline(stub, bodies)
    url = f"http://127.0.0.1:{component.port}/slack/events"
    started = time.perf_counter()
    latencies, _ = await fire(url, bodies)

    def done() -> int:
        with context.engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT count(*) FROM cases WHERE acknowledged_at IS NOT NULL")
            ).scalar_one()

    while await asyncio.to_thread(done) < CLICKS:  # noqa: ASYNC110 (polling the database)
        await asyncio.sleep(0.01)
    elapsed = time.perf_counter() - started
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(
        f"{label}: ack p50 {statistics.median(latencies):.0f} ms, p99 {p99:.0f} ms "
        f"(bare bolt p50 {statistics.median(base):.0f} ms, p99 {base[-1]:.0f} ms); "
        f"{CLICKS / elapsed:.1f} actions/s applied; target p99 <= 300 ms: "
        f"{'met' if p99 <= 300 else 'NOT met'}"
    )
    await component.stop()
    await stub_runner.cleanup()
    context.engine.dispose()


async def main_async() -> None:
    with tempfile.TemporaryDirectory() as folder:
        rules = write_rules(DEFAULT_RULES_PATH, Path(folder) / "rules.yaml", roles=SLACK_ROLES)
        await measure("SQLite", f"sqlite:///{folder}/bench.db", rules)
        with temporary_database() as url:
            await measure("PostgreSQL", url, rules)


def main() -> None:
    asyncio.run(main_async())


if __name__ == "__main__":
    main()
