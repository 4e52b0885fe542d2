"""`heard serve` as a real process: what runs, mail in, acknowledgement out, and durability
across kill -9 (250 is only said after the commit)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.mailsink import MailSink

# How long a wait may last before it is taken for a hang: not a bound on heard's speed (none of
# these tests is about speed), but what a loaded 2-core CI machine takes to start heard and read
# a first message (30 s and 15 s failed there); a heard that exits ends the wait at once.
HANG = 120.0

MESSAGE = (
    b"From: Sam Parent <sam@example.org>\r\nTo: complaints@heard.localhost\r\n"
    b"Subject: Complaint\r\nMessage-ID: <serve1@example.org>\r\n\r\n"
    b"My son's social worker has not returned my calls.\r\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(tmp_path: Path, smtp_port: int, sink_port: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HEARD_")}
    env.update(
        {
            "HEARD_DATABASE_URL": f"sqlite:///{tmp_path / 'heard.db'}",
            "HEARD_SMTP_PORT": str(smtp_port),
            "HEARD_SMARTHOST_PORT": str(sink_port),
            "HEARD_WEB_PORT": "0",
            "HEARD_LOG_FORMAT": "json",
        }
    )
    return env


class Serve:
    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env, self.cwd = env, cwd
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "heard", "serve"],
            env=self.env,
            cwd=self.cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        port = int(self.env["HEARD_SMTP_PORT"])
        deadline = time.monotonic() + HANG
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output, _ = self.process.communicate()
                raise AssertionError(f"heard serve exited at start:\n{output}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("heard serve did not start listening")

    def kill(self, sig: int = signal.SIGKILL) -> str:
        assert self.process is not None
        self.process.send_signal(sig)
        output, _ = self.process.communicate(timeout=HANG)
        return output

    def cli(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "heard", *args],
            env=self.env,
            cwd=self.cwd,
            capture_output=True,
            text=True,
            check=True,
        ).stdout


async def test_serve_says_what_runs_accepts_mail_and_acknowledges(
    tmp_path: Path,
    mail_sink: MailSink,
) -> None:
    serve = Serve(environment(tmp_path, free_port(), mail_sink.port), tmp_path)
    await asyncio.to_thread(serve.start)
    try:
        code, reply = await asyncio.to_thread(_send, int(serve.env["HEARD_SMTP_PORT"]))
        assert code == 250 and b"CSC-" in reply
        deadline = time.monotonic() + HANG
        while not [m for m in mail_sink.messages if m.recipients == ["sam@example.org"]]:
            assert time.monotonic() < deadline, "no acknowledgement reached the smarthost"
            await asyncio.sleep(0.1)
        listed = json.loads(await asyncio.to_thread(serve.cli, "cases", "list", "--json"))
        assert [case["reference"] for case in listed] == [reply.split()[-1].decode()]
    finally:
        output = await asyncio.to_thread(serve.kill, signal.SIGTERM)
    lines = [json.loads(line)["message"] for line in output.splitlines() if line.startswith("{")]
    assert any(line.startswith("running: SMTP intake on 127.0.0.1:") for line in lines)
    assert any(line.startswith("running: outbound mail") for line in lines)
    assert any(line.startswith("running: scheduler") for line in lines)
    assert any(line.startswith("disabled: Slack (no HEARD_SLACK_BOT_TOKEN set)") for line in lines)
    assert "My son" not in output  # no message text in logs
    assert "sam@example.org" not in output  # nor the sender's address (aiosmtpd logs it at INFO)


async def test_a_250_survives_kill_minus_nine(tmp_path: Path, mail_sink: MailSink) -> None:
    serve = Serve(environment(tmp_path, free_port(), mail_sink.port), tmp_path)
    await asyncio.to_thread(serve.start)
    code, reply = await asyncio.to_thread(_send, int(serve.env["HEARD_SMTP_PORT"]))
    await asyncio.to_thread(serve.kill)  # SIGKILL right after the 250
    assert code == 250
    reference = reply.split()[-1].decode()
    shown = await asyncio.to_thread(serve.cli, "cases", "show", reference, "--json")
    assert json.loads(shown)["reference"] == reference
    # Whether or not the killed process got to read it, the next one finishes the job: the
    # case is triaged and acknowledged, once.
    await asyncio.to_thread(serve.start)
    try:
        deadline = time.monotonic() + HANG
        while not [m for m in mail_sink.messages if m.recipients == ["sam@example.org"]]:
            assert time.monotonic() < deadline, "no acknowledgement after the restart"
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
        shown = await asyncio.to_thread(serve.cli, "cases", "show", reference, "--json")
    finally:
        await asyncio.to_thread(serve.kill, signal.SIGTERM)
    assert json.loads(shown)["status"] == "open"
    assert len([m for m in mail_sink.messages if m.recipients == ["sam@example.org"]]) == 1


async def test_reading_children_end_with_a_killed_heard(
    tmp_path: Path, mail_sink: MailSink
) -> None:
    """SIGKILL (or a crash) gives heard no chance to close its reading children: they notice
    they have a new parent and end, instead of waiting for work for ever with its memory and
    its output pipe."""
    serve = Serve(environment(tmp_path, free_port(), mail_sink.port), tmp_path)
    await asyncio.to_thread(serve.start)
    assert serve.process is not None
    code, _ = await asyncio.to_thread(_send, int(serve.env["HEARD_SMTP_PORT"]))
    assert code == 250
    deadline = time.monotonic() + HANG
    while not [m for m in mail_sink.messages if m.recipients == ["sam@example.org"]]:
        assert time.monotonic() < deadline, "no acknowledgement: the mail was not read"
        await asyncio.sleep(0.1)
    readers = _children(serve.process.pid)
    assert readers, "the mail was read, so a reading child exists"
    await asyncio.to_thread(serve.kill)  # reads heard's output to its end: the children's too
    deadline = time.monotonic() + 20
    while _living(readers):
        assert time.monotonic() < deadline, "the killed heard's reading children live on"
        await asyncio.sleep(0.2)


def _children(pid: int) -> list[int]:
    """What `pid` started (Linux's /proc), the multiprocessing helpers and the readers."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _living(pids: list[int]) -> list[int]:
    return [pid for pid in pids if Path(f"/proc/{pid}").exists() and not _zombie(pid)]


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except OSError:
        return False


def _send(port: int) -> tuple[int, bytes]:
    with smtplib.SMTP("127.0.0.1", port, timeout=20) as client:
        client.ehlo()
        client.mail("sam@example.org")
        client.rcpt("complaints@heard.localhost")
        return client.data(MESSAGE)
