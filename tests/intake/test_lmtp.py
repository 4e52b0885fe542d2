"""LMTP mode, for a Postfix transport entry: LHLO, and one reply per recipient after DATA."""

from __future__ import annotations

import asyncio
import smtplib

from heard.assembly import build_intake
from heard.context import build_context
from heard.settings import Settings
from intake.smtp_server import start_listener
from tests.intake.conftest import intake_settings
from tests.intake.test_intake_e2e import mail
from tests.intake.test_smtp_protocol import conversation
from tests.mailsink import MailSink


async def test_lmtp_delivery(settings: Settings, database_url: str, mail_sink: MailSink) -> None:
    context = build_context(
        intake_settings(settings, database_url, mail_sink.port, smtp_mode="lmtp")
    )
    server = await start_listener(build_intake(context), settings=context.settings)
    port = server.sockets[0].getsockname()[1]

    def single() -> dict[str, tuple[int, bytes]]:
        with smtplib.LMTP("127.0.0.1", port) as client:
            return client.sendmail(
                "parent@example.org",
                ["complaints@heard.localhost"],
                mail("My son's social worker is rude."),
            )

    assert await asyncio.to_thread(single) == {}
    script = (
        b"LHLO client\r\nMAIL FROM:<parent@example.org>\r\n"
        b"RCPT TO:<complaints@heard.localhost>\r\nRCPT TO:<compliments@heard.localhost>\r\n"
        b"DATA\r\n"
        + mail("Thanks to the fostering team.", message_id="<l2@example.org>")
        + b".\r\nQUIT\r\n"
    )
    answer = await asyncio.to_thread(conversation, port, script)
    after_data = answer.split(b"354", 1)[1]
    assert after_data.count(b"250 2.0.0 Received as CSC-2026-000002") == 2  # one per recipient
    assert b"HELO" not in answer
    with context.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM cases").scalar_one() == 2
    server.close()
    context.engine.dispose()
