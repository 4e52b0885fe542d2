"""The soak of issue 26 (not in CI): two `heard serve` processes on one PostgreSQL take a
steady stream of mail for a while; printed: messages sent, the replies (250, 4xx, 5xx, errors),
the cases stored, how long the readers and mailers took to catch up afterwards (and what was
still waiting if they did not), the acknowledgements the smarthost received, and each
process's memory (its own and its reader children's RSS) at start, after sending and at the end.

    uv run python -m bench.soak --messages 100000 --seconds 600     # the issue's figure
    uv run python -m bench.soak --messages 5000 --seconds 60        # a short run

The database is a new one on HEARD_BENCH_POSTGRES_URL's server (default: the test server),
dropped afterwards. Mail is spread over both processes (half each), on `--connections`
connections that each send a message, RSET, and the next, paced to the rate asked for.
"""

from __future__ import annotations

import argparse
import os
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

SERVER = os.environ.get("HEARD_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Counts:
    sent: int = 0
    replies: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, code: str) -> None:
        with self.lock:
            self.sent += 1
            self.replies[code] = self.replies.get(code, 0) + 1


class Sink:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.received += 1
        return "250 2.0.0 captured"


def rss_kib(pid: int) -> int:
    """The process's resident memory and its children's (the intake reader processes)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(child) for child in children]
    except OSError:
        pass
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def start(
    env: dict[str, str], workdir: Path, name: str
) -> tuple[subprocess.Popen[bytes], int, int]:
    smtp, web = free_port(), free_port()
    log = (workdir / f"{name}.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "heard", "serve"],
        env={**env, "HEARD_SMTP_PORT": str(smtp), "HEARD_WEB_PORT": str(web)},
        cwd=workdir,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{web}/readyz", timeout=2) as answer:
                if answer.status == 200:
                    return process, smtp, web
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} did not become ready; see {workdir / (name + '.log')}")


def sender(port: int, numbers: range, interval: float, begin: float, counts: Counts) -> None:
    client: smtplib.SMTP | None = None
    for index, number in enumerate(numbers):
        due = begin + index * interval
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        address = f"soak{number % 5000}@example.org"
        message = (
            f"From: <{address}>\r\nTo: complaints@heard.localhost\r\n"
            f"Subject: Complaint\r\nMessage-ID: <soak-{number}-{uuid.uuid4().hex}@example.org>"
            # No number in the text: one from 5 to 17 reads as a child's age, and a child
            # writing gets no automatic reply (the first run's 13 missing acknowledgements).
            "\r\n\r\nMy son's social worker has not called me back.\r\n"
        ).encode()
        try:
            if client is None:
                client = smtplib.SMTP("127.0.0.1", port, timeout=60)
                client.ehlo()
            client.mail(address)
            client.rcpt("complaints@heard.localhost")
            code, _ = client.data(message)
            counts.add(str(code))
            client.rset()
        except smtplib.SMTPResponseException as error:
            counts.add(str(error.smtp_code))
            client = _drop(client)
        except (OSError, smtplib.SMTPException):
            counts.add("error")
            client = _drop(client)
    _drop(client)


def _drop(client: smtplib.SMTP | None) -> smtplib.SMTP | None:
    if client is not None:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--drain-seconds",
        type=float,
        default=600.0,
        help="After sending, wait at most this long for every message to be read and its "
        "acknowledgement sent.",
    )
    options = parser.parse_args()

    name = f"heard_soak_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = SERVER.rsplit("/", 1)[0] + f"/{name}"
    sink_port = free_port()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=sink_port)
    controller.start()
    workdir = Path(tempfile.mkdtemp(prefix="heard-soak-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith("HEARD_")}
    env.update(
        {
            "HEARD_DATABASE_URL": url,
            "HEARD_SMARTHOST_PORT": str(sink_port),
            "HEARD_LOG_FORMAT": "json",
            "HEARD_ACKNOWLEDGEMENTS_PER_SENDER_PER_DAY": "1000",
        }
    )
    processes: list[subprocess.Popen[bytes]] = []
    try:
        subprocess.run(
            [sys.executable, "-m", "heard", "db", "upgrade"],
            env=env,
            check=True,
            capture_output=True,
        )
        started = [start(env, workdir, name) for name in ("a", "b")]
        processes = [process for process, _, _ in started]
        memory_at_start = [rss_kib(process.pid) for process in processes]
        counts = Counts()
        interval = options.seconds * options.connections / options.messages
        begin = time.monotonic()
        threads = []
        for index in range(options.connections):
            port = started[index % 2][1]
            numbers = range(index, options.messages, options.connections)
            thread = threading.Thread(
                target=sender, args=(port, numbers, interval, begin, counts), daemon=True
            )
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()
        took = time.monotonic() - begin
        memory_after_sending = [rss_kib(process.pid) for process in processes]
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))

        def backlog() -> tuple[int, int, int]:
            with engine.connect() as connection:
                return (
                    connection.execute(sa.text("SELECT count(*) FROM cases")).scalar_one(),
                    connection.execute(
                        sa.text("SELECT count(*) FROM correspondence WHERE awaiting_processing")
                    ).scalar_one(),
                    connection.execute(
                        sa.text("SELECT count(*) FROM outbox WHERE status = 'pending'")
                    ).scalar_one(),
                )

        drain_started = time.monotonic()
        cases, unread, pending = backlog()
        while (unread or pending) and time.monotonic() - drain_started < options.drain_seconds:
            time.sleep(5)
            cases, unread, pending = backlog()
        drained = time.monotonic() - drain_started
        memory_at_end = [rss_kib(process.pid) for process in processes]
        engine.dispose()
    finally:
        for process in processes:
            process.terminate()
        exits = [process.wait(timeout=60) for process in processes]
        controller.stop()
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    ok = counts.replies.get("250", 0)
    print(
        f"soak: {counts.sent} messages in {took:.0f} s ({counts.sent / took:.0f}/s; asked "
        f"{options.messages} in {options.seconds:.0f} s) into 2 processes on PostgreSQL"
    )
    print(f"replies: {dict(sorted(counts.replies.items()))}")
    print(
        f"cases stored: {cases} (250s: {ok}); {drained:.0f} s after the last message: mail not "
        f"yet read and triaged: {unread}, outbox still pending: {pending}, acknowledgements at "
        f"the smarthost: {sink.received}"
    )
    for label, start_kib, sent_kib, end_kib in zip(
        ("a", "b"), memory_at_start, memory_after_sending, memory_at_end, strict=True
    ):
        print(
            f"process {label}: RSS {start_kib / 1024:.0f} MiB at start, {sent_kib / 1024:.0f} "
            f"MiB after sending, {end_kib / 1024:.0f} MiB at the end (with its reader children)"
        )
    print(f"exit codes on SIGTERM: {exits}; logs in {workdir}")


if __name__ == "__main__":
    main()
