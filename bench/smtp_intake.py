"""SMTP intake throughput: heard's listener (parse the headers, commit the message and its case,
then 250) against a bare aiosmtpd handler that answers 250 without storing, in the same run.

N messages of 2-200 KB over 8 concurrent connections, in five alternating rounds; prints
messages/s for both, the ratio, and p50/p99 from end of DATA to the reply (measured in the
server, around handle_DATA; medians of the rounds, and each round's p99). heard's
worker reads bodies and triages while the mail arrives, as in `heard serve`; the rate of mail
read in full and triaged (first sent to last triaged) is printed as a ratio to bare aiosmtpd's
rate too. Targets: listener ratio >= 0.6 (SQLite), >= 0.4 (PostgreSQL); read-and-triaged
ratio >= 0.3 (SQLite), >= 0.2 (PostgreSQL); end of DATA to 250 p99 <= 25 ms.

heard reads DATA with a reader of its own (intake/smtp_data.py), cheaper than aiosmtpd's line
loop, so a third server is measured too: the bare handler behind heard's SMTP class. heard's
rate against it is what storing costs, apart from how the protocol is read.

SQLite runs once more with synchronous=NORMAL, which heard refuses at start-up (it may lose the
last commits on power loss), to show what durability before the 250 costs.
Run: uv run python -m bench.smtp_intake [N]
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import Executor, ProcessPoolExecutor
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from typing import Any

import aiosmtplib
import sqlalchemy as sa
from aiosmtpd.smtp import SMTP

from bench.postgres import temporary_database
from heard.assembly import IntakePipeline, build_pipeline
from heard.context import build_context
from heard.settings import load_settings
from heard.wiring import listener_settings
from intake.smtp_server import start_listener
from intake.tuning import tune_interpreter

CONNECTIONS = 8
WARM_UP = 2 * CONNECTIONS
ROUNDS = 5


class Bare:
    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        return "250 2.0.0 OK"


class Timed:
    """Wraps a handler and times end of DATA (aiosmtpd calls handle_DATA) to the reply."""

    def __init__(self, handler: Any) -> None:
        self.handler = handler
        self.latencies: list[float] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handler, name)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        started = time.perf_counter()
        status: str = await self.handler.handle_DATA(server, session, envelope)
        self.latencies.append((time.perf_counter() - started) * 1000)
        return status


def messages(count: int, *, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    made = []
    for number in range(count):
        message = EmailMessage()
        message["From"] = f"Parent {number} <parent{number}@example.org>"
        message["To"] = "complaints@heard.localhost"
        message["Subject"] = f"Complaint {number}"
        message["Message-ID"] = f"<bench{number}.{uuid.uuid4().hex}@example.org>"
        size = rng.choice([2_000, 5_000, 20_000, 50_000, 200_000])
        body = "My son's social worker has not returned my calls. " * (size // 51)
        message.set_content(body)
        made.append(message.as_bytes(policy=SMTP_POLICY))
    return made


def send_all(port: int, payloads: list[bytes]) -> float:
    """The clients run in a process of their own, as a mail gateway would: sharing the
    server's event loop they would delay its replies and count that as the server's time."""
    return asyncio.run(run_clients(port, payloads))


async def send_from_other_process(pool: Executor, port: int, payloads: list[bytes]) -> float:
    return await asyncio.get_running_loop().run_in_executor(pool, send_all, port, payloads)


async def run_clients(port: int, payloads: list[bytes]) -> float:
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for payload in payloads:
        queue.put_nowait(payload)

    async def connection() -> None:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=60)
        await client.connect()
        while not queue.empty():
            payload = queue.get_nowait()
            # A sender of its own per message, as a flushed gateway queue would have: every
            # message is acknowledged (the per-sender daily limit never applies).
            await client.mail(f"parent{queue.qsize()}.{id(payload)}@example.org")
            await client.rcpt("complaints@heard.localhost")
            await client.data(payload)
        await client.quit()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))
    return len(payloads) / (time.perf_counter() - started)


async def bare_server(handler: Timed) -> asyncio.AbstractServer:
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: SMTP(handler, data_size_limit=None), "127.0.0.1", 0)


def unique(payload: bytes, round_number: int) -> bytes:
    """The same message with a Message-ID of its own for this round (not a duplicate)."""
    return payload.replace(b"Message-ID: <bench", f"Message-ID: <r{round_number}.".encode(), 1)


async def all_read(pipeline: IntakePipeline) -> None:
    while await asyncio.to_thread(pipeline.processor.next_waiting) is not None:  # noqa: ASYNC110 (polls the database)
        await asyncio.sleep(0.05)


def fsync_ms(folder: str, count: int = 200) -> float:
    """What one 4 KiB write and fsync costs here: FULL's price depends on it."""
    descriptor = os.open(os.path.join(folder, "fsync"), os.O_WRONLY | os.O_CREAT)
    try:
        started = time.perf_counter()
        for _ in range(count):
            os.write(descriptor, b"x" * 4096)
            os.fsync(descriptor)
        return (time.perf_counter() - started) / count * 1000
    finally:
        os.close(descriptor)


def port_of(server: asyncio.AbstractServer) -> int:
    sockets: tuple[Any, ...] = tuple(getattr(server, "sockets", None) or ())  # asyncio.Server's
    return int(sockets[0].getsockname()[1])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


TARGETS = {  # label: (listener ratio, read-and-triaged ratio), from issue 12
    "SQLite": (0.6, 0.3),
    "PostgreSQL": (0.4, 0.2),
}
P99_TARGET_MS = 25.0


async def measure(
    label: str, database_url: str, payloads: list[bytes], *, sqlite_synchronous: str = "FULL"
) -> float:
    """Print one database's figures; return heard's messages/s."""
    settings = load_settings(
        database_url=database_url, smtp_port=0, acknowledgements_per_sender_per_day=1000
    )
    context = build_context(settings)  # checks SQLite's pragmas, so a weaker one comes after
    if sqlite_synchronous != "FULL":
        sa.event.listen(
            context.engine,
            "connect",
            lambda dbapi, record: dbapi.execute(f"PRAGMA synchronous={sqlite_synchronous}"),
        )
        context.engine.dispose()
    tune_interpreter()
    pipeline = build_pipeline(context)
    timed_heard, timed_bare = Timed(pipeline.handler), Timed(Bare())
    heard = await start_listener(timed_heard, settings=listener_settings(settings))
    bare = await bare_server(timed_bare)
    # heard's own protocol class (its DATA reader, its guards) in front of the bare handler:
    # what heard's storing costs, apart from how it reads the protocol.
    bare_guarded = await start_listener(Bare(), settings=listener_settings(settings))
    stop = asyncio.Event()
    reader = asyncio.create_task(pipeline.processing.run(stop))
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        # Both servers first take a round of other messages (a warm-up, not measured): pools,
        # statement caches and threads start on the first message, once per process.
        for server, timed in ((bare, timed_bare), (heard, timed_heard)):
            warm_up = messages(WARM_UP, seed=1)
            await send_from_other_process(pool, port_of(server), warm_up)
            await all_read(pipeline)
            timed.latencies.clear()
        # Rounds alternate between the two and the medians of the rounds are reported (each
        # round's p99 too): this machine is shared, and one busy moment can spoil a round.
        bare_rates, heard_rates, read_rates, guarded_rates = [], [], [], []
        p50s, p99s = [], []
        for round_number in range(ROUNDS):
            batch = [unique(payload, round_number) for payload in payloads]
            bare_port, heard_port = (port_of(s) for s in (bare, heard))
            bare_rates.append(await send_from_other_process(pool, bare_port, batch))
            guarded_rates.append(await send_from_other_process(pool, port_of(bare_guarded), batch))
            started = time.perf_counter()
            heard_rates.append(await send_from_other_process(pool, heard_port, batch))
            await all_read(pipeline)
            read_rates.append(len(batch) / (time.perf_counter() - started))
            p50s.append(percentile(timed_heard.latencies, 0.5))
            p99s.append(percentile(timed_heard.latencies, 0.99))
            timed_heard.latencies.clear()
    bare_rate, heard_rate = statistics.median(bare_rates), statistics.median(heard_rates)
    guarded_rate = statistics.median(guarded_rates)
    read_rate, p99 = statistics.median(read_rates), statistics.median(p99s)
    stop.set()
    await reader
    pipeline.close()
    heard.close()
    bare.close()
    bare_guarded.close()
    context.engine.dispose()
    print(
        f"{label}: heard {heard_rate:.1f} msg/s, bare aiosmtpd {bare_rate:.1f} msg/s, "
        f"ratio {heard_rate / bare_rate:.2f}; end of DATA to 250: p50 "
        f"{statistics.median(p50s):.1f} ms, p99 {statistics.median(p99s):.1f} ms (rounds: "
        f"{', '.join(f'{p99:.0f}' for p99 in p99s)} ms; bare p99 "
        f"{percentile(timed_bare.latencies, 0.99):.2f} ms); read in full and "
        f"triaged, from first sent to last read: {read_rate:.1f} msg/s; "
        f"{pipeline.committer.stored / pipeline.committer.batches:.1f} messages per commit; "
        f"the bare handler behind heard's SMTP class {guarded_rate:.1f} msg/s (heard's "
        f"listener {heard_rate / guarded_rate:.2f} of it)"
    )
    listener_target, read_target = TARGETS.get(label, (None, None))

    def verdict(value: float, target: float | None, *, at_most: bool = False) -> str:
        if target is None:
            return ""
        met = value <= target if at_most else value >= target
        return f" (target {'<=' if at_most else '>='} {target}: {'met' if met else 'NOT met'})"

    print(
        f"  {label} ratios to bare aiosmtpd: listener {heard_rate / bare_rate:.2f}"
        f"{verdict(heard_rate / bare_rate, listener_target)}; read in full and triaged "
        f"{read_rate / bare_rate:.2f}{verdict(read_rate / bare_rate, read_target)}; "
        f"end of DATA to 250 p99 {p99:.1f} ms"
        f"{verdict(p99, P99_TARGET_MS if listener_target else None, at_most=True)}"
    )
    return heard_rate


async def main_async(count: int) -> None:
    payloads = messages(count)
    print(
        f"{count} messages, {sum(map(len, payloads)) / count / 1000:.0f} KB mean, "
        f"{CONNECTIONS} connections"
    )
    with tempfile.TemporaryDirectory() as folder:
        full = await measure("SQLite", f"sqlite:///{folder}/bench.db", payloads)
    with tempfile.TemporaryDirectory() as folder:
        normal = await measure(
            "SQLite, synchronous=NORMAL (not allowed in heard)",
            f"sqlite:///{folder}/bench.db",
            payloads,
            sqlite_synchronous="NORMAL",
        )
        fsync = fsync_ms(folder)
    print(
        f"synchronous=FULL keeps {full / normal:.2f} of NORMAL's rate on SQLite "
        f"(an fsync takes {fsync:.2f} ms on this disk; group commit shares one among a batch)"
    )
    with temporary_database() as url:
        await measure("PostgreSQL", url, payloads)


def main() -> None:
    args = sys.argv[1:]
    if args and (len(args) > 1 or not args[0].isdigit() or int(args[0]) < 1):
        print("usage: uv run python -m bench.smtp_intake [MESSAGES]  (default 400)")
        raise SystemExit(0 if args[0] in ("-h", "--help") else 2)
    count = int(args[0]) if args else 400
    asyncio.run(main_async(count))


if __name__ == "__main__":
    main()
