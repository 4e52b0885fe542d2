"""`heard serve` as real processes for the health and resilience tests: started with their own
ports, their output in a file (a full pipe would stall a process), asked over HTTP and SMTP."""

from __future__ import annotations

import json
import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def heard_environment(database_url: str, *, smarthost_port: int, **settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HEARD_")}
    env.update(
        {
            "HEARD_DATABASE_URL": database_url,
            "HEARD_SMARTHOST_PORT": str(smarthost_port),
            "HEARD_LOG_FORMAT": "json",
            "HEARD_SWEEP_INTERVAL_SECONDS": "5",
            # Mail is read in the serving process: no reader children to start on a loaded
            # machine (what is tested here is storing, claiming and sending).
            "HEARD_INTAKE_READ_IN_SUBPROCESS": "false",
        }
    )
    env.update({f"HEARD_{key.upper()}": value for key, value in settings.items()})
    return env


class HeardProcess:
    def __init__(self, env: dict[str, str], workdir: Path, name: str = "heard") -> None:
        self.smtp_port = free_port()
        self.web_port = free_port()
        self.env = {
            **env,
            "HEARD_SMTP_PORT": str(self.smtp_port),
            "HEARD_WEB_PORT": str(self.web_port),
        }
        self.workdir = workdir
        self.log_path = workdir / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, timeout: float = 120) -> HeardProcess:
        """Started and listening. `timeout` is a hang guard, not a bound on start-up (a heard
        that exits ends the wait at once): at load ~11 on 2 cores 60 s was too short."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "heard", "serve"],
                env=self.env,
                cwd=self.workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"heard serve exited at start:\n{self.output()}")
            if self.get("/healthz")[0] == 200 and _accepts(self.smtp_port):
                return self
            time.sleep(0.1)
        raise AssertionError(f"heard serve did not start listening:\n{self.output()}")

    def stop(self, sig: int = signal.SIGTERM, *, timeout: float = 60) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            tail = "\n".join(self.output().splitlines()[-30:])
            raise AssertionError(
                f"heard serve did not stop within {timeout:.0f} s:\n{tail}"
            ) from None

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def messages(self) -> list[str]:
        lines = []
        for line in self.output().splitlines():
            if line.startswith("{"):
                try:
                    lines.append(str(json.loads(line)["message"]))
                except (ValueError, KeyError):
                    continue
        return lines

    def get(self, path: str, *, timeout: float = 10) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.web_port}{path}", timeout=timeout
            ) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except (OSError, TimeoutError):
            return 0, ""

    def metric(self, name: str) -> float | None:
        """One sample's value from /metrics (`name` with its labels, as printed)."""
        _, text = self.get("/metrics")
        for line in text.splitlines():
            if line.startswith(name + " "):
                return float(line.split()[-1])
        return None

    def send(self, message: bytes, *, sender: str, timeout: float = 30) -> tuple[int, bytes]:
        """One message over SMTP: the reply to DATA (or to whatever refused it)."""
        try:
            with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=timeout) as client:
                client.ehlo()
                client.mail(sender)
                client.rcpt("complaints@heard.localhost")
                return client.data(message)
        except smtplib.SMTPResponseException as error:
            return error.smtp_code, error.smtp_error
        except (OSError, smtplib.SMTPException) as error:  # refused, or cut off mid-way
            return 0, repr(error).encode()


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def complaint(number: int, *, sender: str = "sam@example.org") -> bytes:
    """A parent's complaint; `number` only in its Message-ID (a number in the text can read as
    a child's age, and a child writing gets no automatic reply)."""
    return (
        f"From: Sam Parent <{sender}>\r\nTo: complaints@heard.localhost\r\n"
        f"Subject: Complaint\r\nMessage-ID: <resilience-{number}@example.org>\r\n\r\n"
        "My son's social worker has not returned my calls.\r\n"
    ).encode()
