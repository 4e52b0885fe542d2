"""Sending as the shared mailbox without reading it (HEARD_GRAPH_INTAKE=false): a council that
keeps its SMTP intake but sends letters as the mailbox with HEARD_MAIL_TRANSPORT=graph. A real
`heard serve` against the Graph stand-in: mail comes in over SMTP, the acknowledgement leaves
through sendMail as the mailbox, and the mailbox is never read (no delta query, no mailbox part
in /readyz). `heard config check` allows it and refuses the setting where it means nothing."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from testkit.graph_api import GraphStub, start_graph_stub
from tests.intake.graph_fixtures import MAILBOX
from tests.intake.test_graph_crash import _until
from tests.processes import HeardProcess, complaint, free_port, heard_environment


def _graph_environment(tmp_path: Path, stub: GraphStub, **extra: str) -> dict[str, str]:
    settings = {"mail_transport": "graph", **extra}
    return heard_environment(
        f"sqlite:///{tmp_path / 'heard.db'}",
        smarthost_port=free_port(),  # nothing listens: a letter through SMTP would wait
        scheduler_enabled="false",
        graph_intake="false",
        graph_mailbox=MAILBOX,
        graph_tenant_id=stub.tenant,
        graph_client_id=stub.client_id,
        graph_client_secret=stub.client_secret,
        graph_login_url=stub.login_url,
        graph_api_url=stub.api_url,
        **settings,
    )


def _config_check(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "heard", "config", "check"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
async def test_sending_as_the_mailbox_with_smtp_intake(tmp_path: Path) -> None:
    stub, runner = await start_graph_stub(GraphStub(mailbox=MAILBOX))
    heard = HeardProcess(_graph_environment(tmp_path, stub), tmp_path)
    try:
        checked = await asyncio.to_thread(_config_check, heard.env, tmp_path)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        await asyncio.to_thread(heard.start)
        code, _ = await asyncio.to_thread(heard.send, complaint(1), sender="sam@example.org")
        assert code == 250
        await _until(lambda: bool(stub.sent))
        (raw,) = stub.sent
        sent = message_from_bytes(raw, policy=policy.default)
        assert MAILBOX in str(sent["From"]) and str(sent["To"]) == "sam@example.org"
        assert "CSC-2026-" in str(sent["Subject"])
        status, ready = await asyncio.to_thread(heard.get, "/readyz")
        assert status == 200 and "mailbox" not in ready, ready
        assert stub.received("GET", "/delta") == [] and stub.received("GET", "/$value") == []
        banner = "\n".join(heard.messages())
        assert f"outbound mail sent as {MAILBOX}" in banner
        assert "Microsoft 365 mailbox" not in banner
        assert stub.client_secret not in heard.output()
    finally:
        if heard.process is not None:
            assert await asyncio.to_thread(heard.stop) == 0
        await runner.cleanup()


@pytest.mark.parametrize("transport", ["smtp", "notify"])
def test_not_reading_a_mailbox_heard_does_not_send_from_is_refused(
    tmp_path: Path, transport: str
) -> None:
    stub = GraphStub(mailbox=MAILBOX)  # not started: nothing is asked of Graph here
    env = _graph_environment(tmp_path, stub, mail_transport=transport)
    if transport == "notify":
        env["HEARD_NOTIFY_API_KEY"] = (
            "t-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
        )
        env["HEARD_NOTIFY_EMAIL_TEMPLATE_ID"] = "f33517ff-2a88-4f6e-b855-c550268ce08a"
    checked = _config_check(env, tmp_path)
    assert checked.returncode == 2
    assert checked.stderr.strip().startswith("HEARD_GRAPH_INTAKE: false, and HEARD_MAIL_TRANSPORT")
    assert "\n" not in checked.stderr.strip() and checked.stdout == ""
