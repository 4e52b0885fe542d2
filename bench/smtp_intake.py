"""SMTP intake throughput: heard's listener (parse, triage, commit, then 250) against a bare
aiosmtpd handler that answers 250 without storing, measured in the same run.

N messages of 2-200 KB over 8 concurrent connections; prints messages/s for both, the ratio,
and p50/p99 from end of DATA to the reply. Targets: ratio >= 0.5 (SQLite), >= 0.4 (PostgreSQL);
p99 <= 50 ms. Run: uv run python -m bench.smtp_intake [N]
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY

import aiosmtplib
from aiosmtpd.smtp import SMTP

from bench.postgres import temporary_database
from heard.context import build_context
from heard.settings import load_settings
from intake.assembly import build_intake
from intake.smtp_server import start_listener

CONNECTIONS = 8


class Bare:
    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        return "250 2.0.0 OK"


def messages(count: int) -> list[bytes]:
    rng = random.Random(7)
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


async def run_clients(port: int, payloads: list[bytes]) -> tuple[float, list[float]]:
    latencies: list[float] = []
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for payload in payloads:
        queue.put_nowait(payload)

    async def connection() -> None:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=60)
        await client.connect()
        while not queue.empty():
            payload = queue.get_nowait()
            await client.mail("parent@example.org")
            await client.rcpt("complaints@heard.localhost")
            started = time.perf_counter()
            await client.data(payload)
            latencies.append((time.perf_counter() - started) * 1000)
        await client.quit()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))
    return len(payloads) / (time.perf_counter() - started), latencies


async def bare_server() -> asyncio.AbstractServer:
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: SMTP(Bare(), data_size_limit=None), "127.0.0.1", 0)


async def measure(label: str, database_url: str, payloads: list[bytes]) -> None:
    settings = load_settings(
        database_url=database_url, smtp_port=0, acknowledgements_per_sender_per_day=1_000_000
    )
    context = build_context(settings)
    heard = await start_listener(build_intake(context), settings=settings)
    bare = await bare_server()
    bare_rate, bare_latency = await run_clients(bare.sockets[0].getsockname()[1], payloads)
    heard_rate, heard_latency = await run_clients(heard.sockets[0].getsockname()[1], payloads)
    heard.close()
    bare.close()
    context.engine.dispose()
    heard_latency.sort()
    bare_latency.sort()
    p99 = heard_latency[int(len(heard_latency) * 0.99)]
    print(
        f"{label}: heard {heard_rate:.1f} msg/s, bare aiosmtpd {bare_rate:.1f} msg/s, "
        f"ratio {heard_rate / bare_rate:.2f}; end-of-DATA to 250: heard p50 "
        f"{statistics.median(heard_latency):.1f} ms p99 {p99:.1f} ms "
        f"(bare p50 {statistics.median(bare_latency):.1f} ms)"
    )


async def main_async(count: int) -> None:
    payloads = messages(count)
    print(
        f"{count} messages, {sum(map(len, payloads)) / count / 1000:.0f} KB mean, "
        f"{CONNECTIONS} connections"
    )
    with tempfile.TemporaryDirectory() as folder:
        await measure("SQLite", f"sqlite:///{folder}/bench.db", payloads)
    with temporary_database() as url:
        await measure("PostgreSQL", url, payloads)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 400
    asyncio.run(main_async(count))


if __name__ == "__main__":
    main()
