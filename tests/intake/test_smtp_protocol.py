"""docs/reliability.md, SMTP (1-8): limits, smuggling, STARTTLS injection, error limits, durability."""

from __future__ import annotations

import asyncio
import smtplib
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import trustme

from heard.assembly import build_intake
from heard.context import build_context
from heard.settings import Settings
from intake.smtp_server import ProtocolLimits, start_listener
from tests.intake.conftest import Intake, intake_settings
from tests.intake.test_intake_e2e import COMPLAINTS, deliver, mail, send
from tests.mailsink import MailSink

LIMIT = 1_000_000  # intake_settings sets HEARD_SMTP_MAX_MESSAGE_BYTES to this


def conversation(port: int, script: bytes, *, read_for: float = 2.0) -> bytes:
    """Send raw bytes in one packet and collect everything the server answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.recv(1024)
        sock.sendall(script)
        sock.settimeout(0.3)
        answer = b""
        deadline = time.monotonic() + read_for
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                break
            answer += chunk
        return answer


async def test_size_is_advertised_and_enforced_before_and_after_data(intake: Intake) -> None:
    def run() -> tuple[object, ...]:
        with smtplib.SMTP("127.0.0.1", intake.port) as client:
            client.ehlo()
            advertised = client.esmtp_features.get("size")
            early = client.mail("a@example.org", options=[f"SIZE={LIMIT + 1}"])
            client.rset()
            client.mail("a@example.org")
            client.rcpt(COMPLAINTS)
            late = client.data(
                b"Subject: big\r\n\r\n" + (b"y" * 900 + b"\r\n") * (LIMIT // 900 + 2)
            )
            return advertised, early, late

    advertised, early, late = await asyncio.to_thread(run)
    assert advertised == str(LIMIT)
    assert early[0] == 552
    assert late[0] == 552
    assert intake.cases() == []


async def test_a_64_kb_body_line_is_accepted_and_stored_byte_for_byte(intake: Intake) -> None:
    """Issue 13, item 9: Postfix and Exchange deliver lines over RFC 5321's 1000 octets (HTML
    mail without line breaks); refusing them lost those complaints for good."""
    long_line = b"<p>" + b"my son was moved again " * 2900 + b"</p>"  # about 67 KB
    raw = b"Subject: long line\r\nMessage-ID: <long@example.org>\r\n\r\n" + long_line + b"\r\n"
    code, reply = await deliver(intake, raw)
    assert code == 250, reply
    (stored,) = intake.inbound()
    assert stored.raw == raw


async def test_a_line_over_the_limit_is_refused_and_nothing_stored(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    """Documented behaviour past ProtocolLimits.max_line_bytes: 500, nothing stored."""
    context = build_context(intake_settings(settings, database_url, mail_sink.port))
    server = await start_listener(
        build_intake(context),
        settings=context.settings,
        limits=ProtocolLimits(max_line_bytes=2000),
    )
    script = (
        b"EHLO c\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<" + COMPLAINTS.encode() + b">\r\nDATA\r\n"
    )
    answer = await asyncio.to_thread(
        conversation,
        server.sockets[0].getsockname()[1],
        script + b"Subject: x\r\n\r\n" + b"z" * 2500 + b"\r\n.\r\n",
    )
    server.close()
    context.engine.dispose()
    assert b"500 Line too long" in answer
    assert b"Received as" not in answer


@pytest.mark.parametrize("fake_end", [b"\n.\r\n", b"\n.\n", b"\r.\r"])
async def test_smuggled_second_message_is_never_a_second_case(
    intake: Intake, fake_end: bytes
) -> None:
    smuggled = (
        b"MAIL FROM:<evil@example.org>\r\nRCPT TO:<"
        + COMPLAINTS.encode()
        + b">\r\nDATA\r\nSubject: smuggled\r\n\r\nsecond\r\n.\r\n"
    )
    script = (
        b"EHLO c\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<"
        + COMPLAINTS.encode()
        + b">\r\nDATA\r\nSubject: first\r\n\r\nfirst body"
        + fake_end
        + smuggled
        + b"QUIT\r\n"
    )
    await asyncio.to_thread(conversation, intake.port, script)
    assert len(intake.cases()) <= 1


async def test_too_many_recipients_get_452(settings: Settings, intake: Intake) -> None:
    def run() -> list[int]:
        with smtplib.SMTP("127.0.0.1", intake.port) as client:
            client.ehlo()
            client.mail("a@example.org")
            return [client.rcpt(COMPLAINTS)[0] for _ in range(11)]

    codes = await asyncio.to_thread(run)
    assert codes[:10] == [250] * 10 and codes[10] == 452


async def test_vrfy_is_disabled(intake: Intake) -> None:
    answer = await asyncio.to_thread(conversation, intake.port, b"EHLO c\r\nVRFY root\r\n")
    assert b"502" in answer


async def test_the_session_closes_after_20_errors(intake: Intake) -> None:
    script = b"EHLO c\r\nMAIL FROM:<a@example.org>\r\n" + (
        b"RCPT TO:<nobody@elsewhere.example>\r\n" * 25
    )
    answer = await asyncio.to_thread(conversation, intake.port, script, read_for=2)
    assert answer.count(b"550 ") == 20
    assert b"421 4.7.0 too many errors" in answer


async def test_idle_clients_are_cut_off_with_421(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    context = build_context(
        intake_settings(settings, database_url, mail_sink.port, smtp_timeout_seconds=1)
    )
    server = await start_listener(build_intake(context), settings=context.settings)
    port = server.sockets[0].getsockname()[1]
    answer = await asyncio.to_thread(conversation, port, b"EHLO c\r\n", read_for=2.5)
    assert b"421 4.4.2 idle timeout" in answer
    server.close()
    context.engine.dispose()


async def test_trickling_clients_hit_the_session_ceiling(
    settings: Settings, database_url: str, mail_sink: MailSink
) -> None:
    context = build_context(intake_settings(settings, database_url, mail_sink.port))
    server = await start_listener(
        build_intake(context),
        settings=context.settings,
        limits=ProtocolLimits(session_max_seconds=1.0),
    )

    def trickle() -> bytes:
        with socket.create_connection(("127.0.0.1", server.sockets[0].getsockname()[1])) as s:
            s.recv(1024)
            answer = b""
            s.settimeout(0.2)
            for _ in range(10):
                time.sleep(0.2)  # one command now and then: never idle, never finished
                try:
                    s.sendall(b"NOOP\r\n")
                    answer += s.recv(1024)
                except (TimeoutError, OSError):
                    pass
            return answer

    assert b"421 4.4.2 session too long" in await asyncio.to_thread(trickle)
    server.close()
    context.engine.dispose()


async def test_starttls_pipelined_rset_is_not_processed(
    settings: Settings, database_url: str, mail_sink: MailSink, tmp_path: Path
) -> None:
    authority = trustme.CA()
    cert = authority.issue_cert("127.0.0.1")
    cert.private_key_pem.write_to_path(tmp_path / "key.pem")
    cert.cert_chain_pems[0].write_to_path(tmp_path / "cert.pem")
    context = build_context(
        intake_settings(
            settings,
            database_url,
            mail_sink.port,
            smtp_tls_cert=tmp_path / "cert.pem",
            smtp_tls_key=tmp_path / "key.pem",
        )
    )
    server = await start_listener(build_intake(context), settings=context.settings)
    port = server.sockets[0].getsockname()[1]

    def attack() -> bytes:
        client_context = ssl.create_default_context()
        authority.configure_trust(client_context)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw_socket:
            raw_socket.recv(1024)
            raw_socket.sendall(b"EHLO c\r\n")
            time.sleep(0.2)
            raw_socket.recv(4096)
            raw_socket.sendall(b"STARTTLS\r\nRSET\r\n")
            time.sleep(0.3)
            raw_socket.recv(1024)  # 220 ready to start TLS
            with client_context.wrap_socket(raw_socket, server_hostname="127.0.0.1") as tls:
                tls.settimeout(1.0)
                try:
                    return tls.recv(4096)
                except TimeoutError:
                    return b""

    answer = await asyncio.to_thread(attack)
    assert b"250" not in answer  # the injected RSET got no answer inside TLS
    server.close()
    context.engine.dispose()


async def test_database_down_gives_451_and_nothing_half_written(
    settings: Settings, sqlite_url: str, mail_sink: MailSink
) -> None:
    import sqlite3

    from heard.context import AppContext
    from store.db import make_engine

    context = build_context(intake_settings(settings, sqlite_url, mail_sink.port))
    short = make_engine(sqlite_url, busy_timeout_ms=300)
    impatient = AppContext(
        settings=context.settings,
        engine=short,
        calendar=context.calendar,
        timescales=context.timescales,
        rulebook=context.rulebook,
    )
    server = await start_listener(build_intake(impatient), settings=context.settings)
    port = server.sockets[0].getsockname()[1]
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _ = await asyncio.to_thread(_send_raw, port, mail("My son's social worker is rude."))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 451
    with short.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM cases").scalar() == 0
        assert connection.exec_driver_sql("SELECT count(*) FROM correspondence").scalar() == 0
    code, _ = await asyncio.to_thread(_send_raw, port, mail("My son's social worker is rude."))
    assert code == 250  # the client's retry later succeeds
    server.close()
    short.dispose()
    context.engine.dispose()


async def test_a_full_disk_gives_452_names_the_disk_and_mail_that_fits_still_flows(
    settings: Settings, sqlite_url: str, mail_sink: MailSink, caplog: pytest.LogCaptureFixture
) -> None:
    """SQLite's disk full (SQLITE_FULL, made real with `max_page_count`: the file may grow by
    about 160 kB more): a 480 kB message gets 452 4.3.1 (RFC 3463's "mail system full"), nothing
    is half-written, the log names the full disk rather than a database not reachable (walkerD,
    a tmpfs filled under `heard serve`), and a message that fits still gets its 250."""
    import logging

    import sqlalchemy as sa

    from heard.context import AppContext
    from store.db import make_engine

    context = build_context(intake_settings(settings, sqlite_url, mail_sink.port))
    with context.engine.connect() as connection:
        pages = int(connection.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    full = make_engine(sqlite_url)
    sa.event.listen(
        full, "connect", lambda dbapi, _: dbapi.execute(f"PRAGMA max_page_count = {pages + 40}")
    )
    cramped = AppContext(
        settings=context.settings,
        engine=full,
        calendar=context.calendar,
        timescales=context.timescales,
        rulebook=context.rulebook,
    )
    server = await start_listener(build_intake(cramped), settings=context.settings)
    port = server.sockets[0].getsockname()[1]
    big = mail("My son's social worker is rude. " + "padding " * 60_000)
    with caplog.at_level(logging.WARNING, logger="heard.intake"):
        code, answer = await asyncio.to_thread(_send_raw, port, big)
    assert (code, answer[:5]) == (452, b"4.3.1"), answer
    with full.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM cases").scalar() == 0
        assert connection.exec_driver_sql("SELECT count(*) FROM correspondence").scalar() == 0
    assert [r.getMessage() for r in caplog.records if r.name == "heard.intake"] == [
        "could not store inbound mail (the disk holding the database is full, "
        "OperationalError); answered 452"
    ]
    code, _ = await asyncio.to_thread(_send_raw, port, mail("My son's social worker is rude."))
    assert code == 250
    server.close()
    full.dispose()
    context.engine.dispose()


class PostgresGate:
    """A TCP relay in front of PostgreSQL that can be shut, as the server going down would be:
    open connections drop and new ones are refused, without stopping the shared server."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def open(self) -> None:
        self.server = await asyncio.start_server(
            self._relay, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self.server.sockets[0].getsockname()[1]

    async def shut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.writers):
            writer.transport.abort()
        await self.server.wait_closed()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        self.writers |= {writer, upstream_writer}

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.transport.abort()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))
        self.writers -= {writer, upstream_writer}


@pytest.mark.postgres
async def test_postgresql_down_gives_451_and_mail_flows_again_when_it_is_back(
    settings: Settings, postgres_database_url: str, mail_sink: MailSink
) -> None:
    from sqlalchemy.engine import make_url

    from store.db import make_engine

    direct = make_url(postgres_database_url)
    gate = PostgresGate((direct.host or "127.0.0.1", direct.port or 5432))
    await gate.open()
    through_gate = direct.set(host="127.0.0.1", port=gate.port).render_as_string()
    # Off the loop: the gate relays on it.
    context = await asyncio.to_thread(
        build_context, intake_settings(settings, through_gate, mail_sink.port)
    )
    server = await start_listener(build_intake(context), settings=context.settings)
    port = server.sockets[0].getsockname()[1]
    check = make_engine(postgres_database_url)

    def stored() -> tuple[int, int]:
        with check.connect() as connection:
            return (
                connection.exec_driver_sql("SELECT count(*) FROM cases").scalar() or 0,
                connection.exec_driver_sql("SELECT count(*) FROM correspondence").scalar() or 0,
            )

    try:
        before = stored()
        first = mail("My son's social worker is rude.", message_id="<pg1@example.org>")
        assert (await asyncio.to_thread(_send_raw, port, first))[0] == 250
        await gate.shut()
        second = mail("Nobody calls me back.", message_id="<pg2@example.org>")
        assert (await asyncio.to_thread(_send_raw, port, second))[0] == 451
        assert stored() == (before[0] + 1, before[1] + 1)  # nothing of the second
        await gate.open()
        assert (await asyncio.to_thread(_send_raw, port, second))[0] == 250  # the retry
        assert stored() == (before[0] + 2, before[1] + 2)
    finally:
        server.close()
        await gate.shut()
        context.engine.dispose()
        check.dispose()


def _send_raw(port: int, raw: bytes) -> tuple[int, bytes]:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.ehlo()
        client.mail("parent@example.org")
        client.rcpt(COMPLAINTS)
        return client.data(raw)


async def test_big_messages_do_not_stall_other_connections(intake: Intake) -> None:
    """Ten concurrent large messages: a NOOP elsewhere is answered within 1 s."""
    big = mail("My son's social worker is rude. " + "padding " * 110_000)

    clients = ThreadPoolExecutor(max_workers=10)

    async def sender(number: int) -> None:
        raw = big.replace(b"<m1@example.org>", f"<big{number}@example.org>".encode())
        await asyncio.get_running_loop().run_in_executor(clients, send, intake, raw)

    tasks = [asyncio.create_task(sender(number)) for number in range(10)]
    await asyncio.sleep(0.2)
    reader, writer = await asyncio.open_connection("127.0.0.1", intake.port)
    await reader.readline()
    worst = 0.0
    for _ in range(5):
        started = time.monotonic()
        writer.write(b"NOOP\r\n")
        await writer.drain()
        await asyncio.wait_for(reader.readline(), timeout=5)
        worst = max(worst, time.monotonic() - started)
        await asyncio.sleep(0.1)
    writer.close()
    await asyncio.gather(*tasks)
    clients.shutdown()
    assert worst < 1.0
    assert len(intake.cases()) == 10
