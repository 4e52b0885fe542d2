"""Concurrent connections are capped (issue 29, moderate 13): aiosmtpd has no cap, and 32
clients sending 25 MB each took heard to 1.5 GB. One past HEARD_SMTP_MAX_CONNECTIONS gets
`421 4.3.2` before the greeting (its server retries later); the connections held still deliver,
and a freed place is taken again. Real sockets."""

from __future__ import annotations

import asyncio

from heard.settings import Settings
from tests.intake.conftest import running_intake
from tests.intake.test_intake_e2e import deliver, mail
from tests.mailsink import MailSink


async def _greeting(port: int) -> tuple[bytes, asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    return await asyncio.wait_for(reader.readline(), 10), reader, writer


async def test_one_connection_past_the_cap_gets_421(
    settings: Settings, sqlite_url: str, mail_sink: MailSink
) -> None:
    async with running_intake(settings, sqlite_url, mail_sink, smtp_max_connections=3) as intake:
        held = [await _greeting(intake.port) for _ in range(2)]
        assert all(line.startswith(b"220 ") for line, _, _ in held)
        # The third place: a real delivery uses it while two connections idle.
        assert (await deliver(intake, mail("a complaint", message_id="<c1@example.org>")))[0] == 250
        held.append(await _greeting(intake.port))
        refused, reader, writer = await _greeting(intake.port)
        assert refused.startswith(b"421 4.3.2")
        assert await asyncio.wait_for(reader.read(), 10) == b""  # and closed
        writer.close()
        # A held connection is freed: its place is taken again.
        _, _, first = held.pop(0)
        first.write(b"QUIT\r\n")
        await first.drain()
        first.close()
        async with asyncio.timeout(10):
            while True:
                line, _, writer = await _greeting(intake.port)
                if line.startswith(b"220 "):
                    break
                writer.close()
                await asyncio.sleep(0.05)
        writer.close()
        for _, _, each in held:
            each.close()
        assert len(intake.cases()) == 1
