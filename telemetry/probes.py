"""Readiness probes: each answers None when its part can work now, else why not, in a few
words that name no case, address or person. heard/serve.py registers one per running part;
/readyz asks them all at once.

Probes of services outside heard (Slack, the smarthost) are asked at most every
PROBE_CACHE_SECONDS, so a monitor polling /readyz every few seconds makes no traffic of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

Probe = Callable[[], Awaitable[str | None]]

PROBE_TIMEOUT_SECONDS = 3.0
PROBE_CACHE_SECONDS = 15.0


@dataclass
class Readiness:
    """The probes the running parts registered, by part name (a process's one set)."""

    probes: dict[str, Probe] = field(default_factory=dict)

    def add(self, name: str, probe: Probe) -> None:
        self.probes[name] = probe

    async def problems(self) -> list[str]:
        names = list(self.probes)
        answers = await asyncio.gather(*(ask(self.probes[name]) for name in names))
        return [f"{name}: {answer}" for name, answer in zip(names, answers, strict=True) if answer]


async def ask(probe: Probe, timeout: float = PROBE_TIMEOUT_SECONDS) -> str | None:
    try:
        return await asyncio.wait_for(probe(), timeout=timeout)
    except TimeoutError:
        return f"no answer within {timeout:.0f} s"
    except Exception as error:  # a probe's own failure is the part not being ready
        return f"check failed ({type(error).__name__})"


def cached(probe: Probe, seconds: float = PROBE_CACHE_SECONDS) -> Probe:
    """The probe's last answer for `seconds`; one question in flight at a time."""
    last: list[tuple[float, str | None]] = []
    lock = asyncio.Lock()

    async def cached_probe() -> str | None:
        async with lock:
            if last and time.monotonic() - last[0][0] < seconds:
                return last[0][1]
            answer = await probe()
            last[:] = [(time.monotonic(), answer)]
            return answer

    return cached_probe


def listener_probe(servers: list[asyncio.AbstractServer]) -> Probe:
    async def probe() -> str | None:
        if not servers or not all(server.is_serving() for server in servers):
            return "not listening"
        return None

    return probe


def smtp_server_probe(host: str, port: int) -> Probe:
    """A TCP connection to a mail server and its greeting (then QUIT): nothing is sent."""

    async def probe() -> str | None:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(host, port), timeout=PROBE_TIMEOUT_SECONDS - 0.5
            )
        except (OSError, TimeoutError) as error:
            return f"{host}:{port} not reachable ({why(error)})"
        try:
            greeting = b""
            with contextlib.suppress(OSError, TimeoutError):
                greeting = await asyncio.wait_for(reader.readline(), timeout=1.5)
            if greeting[:1] in (b"4", b"5"):
                return f"{host}:{port} answered {greeting[:3].decode('ascii', 'replace')}"
            if greeting[:3] == b"220":
                writer.write(b"QUIT\r\n")
                with contextlib.suppress(OSError, TimeoutError):
                    await asyncio.wait_for(writer.drain(), timeout=0.5)
            return None
        finally:
            writer.close()
            with contextlib.suppress(OSError, TimeoutError):
                await asyncio.wait_for(writer.wait_closed(), timeout=0.5)

    return probe


def slack_probe(client: Any) -> Probe:
    """auth.test with the bot token: Slack's Web API answers and accepts the token."""
    from slack_sdk.errors import SlackApiError

    async def probe() -> str | None:
        try:
            await client.auth_test()
        except SlackApiError as error:
            code = error.response.get("error", "") if error.response else ""
            return f"Web API refused auth.test ({error.response.status_code} {code})".strip()
        except (OSError, TimeoutError) as error:
            return f"Web API not reachable ({why(error)})"
        return None

    return probe


def why(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, OSError) and error.errno:
        return os.strerror(error.errno).lower()
    return type(error).__name__
