"""Issue 28: exactly-once intake from a Microsoft 365 mailbox through real crashes.

`heard serve` runs as a real process against the Graph stand-in and is killed with SIGKILL
twice: while it downloads a message (nothing stored: the message is read again) and after it
stored a message but before Graph heard it was processed (stored once: the restart finds it
and only marks it). Then the stand-in loses the sync state and heard reads the whole inbox
again: still one case per message.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from store.db import make_engine
from testkit.graph_api import GraphRequest, GraphStub, start_graph_stub
from tests.intake.graph_fixtures import MAILBOX, letter


def _environment(tmp_path: Path, database_url: str, stub: GraphStub) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HEARD_")}
    env.update(
        {
            "HEARD_DATABASE_URL": database_url,
            "HEARD_SMTP_ENABLED": "false",
            "HEARD_WEB_PORT": "0",  # a free port: 8080 may be anyone's
            "HEARD_SCHEDULER_ENABLED": "false",
            "HEARD_INTAKE_READ_IN_SUBPROCESS": "false",
            "HEARD_SMARTHOST_PORT": "9",  # acknowledgements wait in the outbox
            "HEARD_GRAPH_TENANT_ID": stub.tenant,
            "HEARD_GRAPH_CLIENT_ID": stub.client_id,
            "HEARD_GRAPH_CLIENT_SECRET": stub.client_secret,
            "HEARD_GRAPH_MAILBOX": MAILBOX,
            "HEARD_GRAPH_POLL_SECONDS": "1",
            "HEARD_GRAPH_LOGIN_URL": stub.login_url,
            "HEARD_GRAPH_API_URL": stub.api_url,
            "HEARD_LOG_FORMAT": "json",
        }
    )
    return env


_STARTED: list[asyncio.subprocess.Process] = []


async def _serve(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "heard", "serve",
        env=env, cwd=cwd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    _STARTED.append(process)
    return process


async def _kill(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGKILL)
    output, _ = await process.communicate()
    return output.decode(errors="replace")


async def _held(
    stub: GraphStub, when: Callable[[GraphRequest], bool], *, timeout: float = 240
) -> asyncio.Event:
    stub.held.clear()
    release = stub.hold(when)
    await asyncio.wait_for(stub.held.wait(), timeout)
    return release


def _stored(database_url: str) -> list[tuple[str, bytes]]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT source_id, raw FROM correspondence WHERE direction = 'inbound' "
                    "ORDER BY id"
                )
            )
            return [(row[0], bytes(row[1])) for row in rows]
    finally:
        engine.dispose()


def _cases(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM cases")).scalar_one())
    finally:
        engine.dispose()


@pytest.mark.slow
async def test_killed_mid_download_and_after_storing_then_resynced_is_exactly_once(
    tmp_path: Path, database_url: str
) -> None:
    stub, runner = await start_graph_stub(GraphStub(mailbox=MAILBOX))
    try:
        env = _environment(tmp_path, database_url, stub)
        first = stub.deliver(letter("My son has had no visit.", message_id="<k1@example.org>"))

        # 1. Killed while downloading the message: nothing is stored, nothing marked.
        heard = await _serve(env, tmp_path)
        release = await _held(stub, lambda r: r.path.endswith("/$value"))
        await _kill(heard)
        stub.holds.clear()
        release.set()
        assert _stored(database_url) == [] and not first.is_read

        # 2. Killed after the commit, while telling Graph the message is processed.
        heard = await _serve(env, tmp_path)
        release = await _held(stub, lambda r: r.method == "PATCH")
        await _kill(heard)
        stub.holds.clear()
        release.set()
        assert [raw for _, raw in _stored(database_url)] == [first.raw]
        assert not first.is_read

        # 3. Back again: the message is found stored, marked, and not stored twice; a new
        #    one arrives; then Graph loses the sync state and the inbox is read in full.
        second = stub.deliver(letter("And nobody answers.", message_id="<k2@example.org>"))
        heard = await _serve(env, tmp_path)
        await _until(lambda: first.is_read and second.is_read)
        stub.lose_sync_state()
        rounds = len(stub.received("GET", "/delta"))
        await _until(lambda: len(stub.received("GET", "/delta")) >= rounds + 2)
        output = await _kill(heard)
        assert "Traceback" not in output, output
        assert "SyncStateNotFound" not in output or "reading the whole inbox again" in output
        stored = _stored(database_url)
        assert [raw for _, raw in stored] == [first.raw, second.raw]
        assert [source for source, _ in stored] == [
            f"graph:{MAILBOX}:{first.id}",
            f"graph:{MAILBOX}:{second.id}",
        ]
        assert _cases(database_url) == 2
        assert stub.client_secret not in output
    finally:
        # A failed step must not leave a heard behind holding its ports and database.
        for process in _STARTED:
            if process.returncode is None:
                await _kill(process)
        _STARTED.clear()
        await runner.cleanup()


async def _until(condition: Callable[[], bool], *, timeout: float = 240) -> None:
    """Wait for the stand-in to have seen what heard does (it has no event for each)."""
    for _ in range(int(timeout * 10)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("heard did not get there in time")
