"""Issue 13, item 8: the idle timeout counts the client's silence, not the length of a command,
and never the time heard itself takes: a committed message always gets its reply."""

from __future__ import annotations

import asyncio
import socket
import time

from heard.settings import Settings
from intake.smtp_handler import DeliveryReceipt, InboundEnvelope
from tests.intake.conftest import running_intake
from tests.intake.test_intake_e2e import COMPLAINTS
from tests.mailsink import MailSink

TIMEOUT = 2  # seconds of silence before 421


def read_reply(sock: socket.socket) -> bytes:
    answer = b""
    while not answer.endswith(b"\r\n"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        answer += chunk
    return answer


def slow_conversation(port: int, body_lines: list[bytes], *, pause: float) -> list[bytes]:
    """A client that sends DATA one line every `pause` seconds, never silent for long."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        replies = [read_reply(sock)]
        for command in (
            b"EHLO c\r\n",
            b"MAIL FROM:<parent@example.org>\r\n",
            b"RCPT TO:<" + COMPLAINTS.encode() + b">\r\n",
            b"DATA\r\n",
        ):
            sock.sendall(command)
            replies.append(read_reply(sock))
            while replies[-1].startswith(b"250-"):  # EHLO's lines may come in pieces
                if b"\r\n250 " in replies[-1]:
                    break
                replies[-1] += read_reply(sock)
        for line in body_lines:
            time.sleep(pause)
            sock.sendall(line)
        sock.sendall(b".\r\n")
        replies.append(read_reply(sock))
        return replies


async def test_data_sent_slowly_but_steadily_is_not_cut_off(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    lines = [b"Subject: slow\r\n", b"Message-ID: <slow@example.org>\r\n", b"\r\n"] + [
        b"line %d of a long complaint\r\n" % n for n in range(7)
    ]
    async with running_intake(
        settings, database_url, mail_sink, smtp_timeout_seconds=TIMEOUT
    ) as intake:
        # Ten lines, one every 0.5 s: the DATA command lasts 5 s, longer than the timeout.
        replies = await asyncio.to_thread(slow_conversation, intake.port, lines, pause=0.5)
        assert replies[-1].startswith(b"250 "), replies[-1]
        assert len(intake.cases()) == 1


async def test_a_silent_client_inside_data_is_still_cut_off(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    async with running_intake(settings, database_url, mail_sink, smtp_timeout_seconds=1) as intake:

        def silent_in_data() -> bytes:
            with socket.create_connection(("127.0.0.1", intake.port), timeout=10) as sock:
                sock.recv(1024)
                sock.sendall(
                    b"EHLO c\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<"
                    + COMPLAINTS.encode()
                    + b">\r\nDATA\r\nSubject: half\r\n"
                )
                answer = b""
                deadline = time.monotonic() + 4
                while time.monotonic() < deadline:
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    answer += chunk
                return answer

        answer = await asyncio.to_thread(silent_in_data)
        assert b"421 4.4.2 idle timeout" in answer
        assert intake.cases() == []


async def test_a_client_waiting_on_our_commit_gets_its_250(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    async with running_intake(settings, database_url, mail_sink, smtp_timeout_seconds=1) as intake:
        store = intake.pipeline.handler.store

        async def slow_store(raw: bytes, envelope: InboundEnvelope) -> DeliveryReceipt:
            receipt = await store(raw, envelope)  # committed...
            await asyncio.sleep(2.5)  # ...and heard is slow to answer (a busy database)
            return receipt

        intake.pipeline.handler.store = slow_store
        lines = [b"Subject: wait\r\n", b"Message-ID: <wait@example.org>\r\n", b"\r\n", b"hi\r\n"]
        replies = await asyncio.to_thread(slow_conversation, intake.port, lines, pause=0)
        assert replies[-1].startswith(b"250 "), replies[-1]
        assert len(intake.cases()) == 1
