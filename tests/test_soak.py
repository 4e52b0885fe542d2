"""SMTP, Slack and the scheduler together on one SQLite file: no "database is locked", nothing
lost. Runs 10 s in the suite; HEARD_SOAK_SECONDS=600 runs the ten minutes of docs/reliability.md (26)."""

from __future__ import annotations

import asyncio
import logging
import os
import smtplib
from pathlib import Path

import aiohttp
import pytest
import sqlalchemy as sa

from bot import ids
from heard.assembly import build_pipeline
from heard.context import build_context
from heard.serve import build_slack
from heard.settings import DEFAULT_RULES_PATH, Settings
from heard.wiring import build_mailer, build_sweeper, listener_settings
from intake.smtp_server import start_listener
from testkit.role_rules import write_rules
from testkit.slack_api import SlackStub
from testkit.slack_rules import SLACK_ROLES
from testkit.slack_signing import SECRET, button, interaction, signed_headers
from tests.mailsink import MailSink

SECONDS = float(os.environ.get("HEARD_SOAK_SECONDS", "10"))


async def test_everything_at_once_on_sqlite(
    settings: Settings,
    sqlite_url: str,
    slack_api: SlackStub,
    mail_sink: MailSink,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    rules = write_rules(DEFAULT_RULES_PATH, tmp_path / "rules.yaml", roles=SLACK_ROLES)
    configured = Settings.model_validate(
        settings.model_copy(
            update={
                "database_url": sqlite_url,
                "rules_path": rules,
                "smtp_port": 0,
                "smarthost_port": mail_sink.port,
                "slack_api_url": slack_api.url,
                "slack_bot_token": "xoxb-test",
                "slack_signing_secret": SECRET,
                "slack_http_port": 0,
                "slack_triage_channel": "CTRIAGE",
                "acknowledgements_per_sender_per_day": 10_000,
            }
        ).model_dump()
    )
    context = build_context(configured)
    pipeline = build_pipeline(context)
    smtp = await start_listener(pipeline.handler, settings=listener_settings(configured))
    smtp_port = smtp.sockets[0].getsockname()[1]
    slack = build_slack(context)
    slack.poster.per_channel_interval = 0.0
    await slack.start()
    mailer = build_mailer(context)
    sweeper = build_sweeper(context)
    stop = asyncio.Event()
    accepted: list[str] = []
    caplog.set_level(logging.WARNING)

    def send(number: int) -> None:
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as client:
            refused = client.sendmail(
                f"parent{number}@example.org",
                ["complaints@heard.localhost"],
                (
                    f"From: parent{number}@example.org\r\nSubject: Complaint {number}\r\n"
                    f"Message-ID: <soak{number}@example.org>\r\n\r\nMy son's social worker is "
                    "rude and never calls back.\r\n"
                ).encode(),
            )
        assert not refused  # sendmail raises on anything but 250
        accepted.append(f"<soak{number}@example.org>")

    async def senders() -> None:
        number = 0
        while not stop.is_set():
            await asyncio.gather(*(asyncio.to_thread(send, number + i) for i in range(3)))
            number += 3

    async def clicker(http: aiohttp.ClientSession) -> None:
        url = f"http://127.0.0.1:{slack.port}/slack/events"
        while not stop.is_set():
            with context.engine.connect() as connection:
                references = [
                    row[0]
                    for row in connection.execute(
                        sa.text("SELECT reference FROM cases WHERE acknowledged_at IS NULL LIMIT 3")
                    )
                ]
            for reference in references:
                body = interaction(button(ids.ACKNOWLEDGE, reference))
                response = await http.post(url, data=body, headers=signed_headers(body))
                assert response.status == 200
            await asyncio.sleep(0.05)

    async def workers() -> None:
        while not stop.is_set():
            await mailer.drain_once()
            await asyncio.to_thread(sweeper.sweep_once)
            await asyncio.sleep(0.05)

    async with aiohttp.ClientSession() as http:
        jobs = (senders(), clicker(http), workers(), pipeline.processing.run(stop))
        tasks = [asyncio.create_task(job) for job in jobs]
        await asyncio.sleep(SECONDS)
        stop.set()
        await asyncio.gather(*tasks)
    await slack.stop()
    smtp.close()
    await asyncio.to_thread(pipeline.processor.drain)
    pipeline.close()
    with context.engine.connect() as connection:
        stored = {
            row[0]
            for row in connection.execute(
                sa.text("SELECT message_id FROM correspondence WHERE direction = 'inbound'")
            )
        }
        waiting = connection.execute(
            sa.text("SELECT count(*) FROM correspondence WHERE awaiting_processing")
        ).scalar_one()
        acknowledged = connection.execute(
            sa.text("SELECT count(*) FROM cases WHERE acknowledged_at IS NOT NULL")
        ).scalar_one()
    context.engine.dispose()
    assert accepted and set(accepted) <= stored  # every 250 is in the database
    assert acknowledged > 0
    assert waiting == 0  # every stored message was read and triaged
    assert "database is locked" not in caplog.text
