"""/healthz, /readyz and /metrics on HEARD_WEB_PORT of a real `heard serve` (no sign-in set)."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

from outbound.mailer import case_of_letter, failure_reason
from tests.mailsink import MailSink
from tests.processes import HeardProcess, complaint, free_port, heard_environment


async def test_ready_and_metrics_name_no_personal_data(tmp_path: Path, mail_sink: MailSink) -> None:
    env = heard_environment(f"sqlite:///{tmp_path / 'heard.db'}", smarthost_port=mail_sink.port)
    heard = await asyncio.to_thread(HeardProcess(env, tmp_path).start)
    try:
        assert await asyncio.to_thread(heard.get, "/healthz") == (200, "ok\n")
        assert await asyncio.to_thread(heard.get, "/readyz") == (200, "ready\n")
        code, _ = await asyncio.to_thread(heard.send, complaint(1), sender="sam@example.org")
        assert code == 250
        await mail_sink.wait_for(1, timeout=60)
        deadline = time.monotonic() + 30
        while await asyncio.to_thread(heard.metric, "heard_outbox_pending") != 0:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.2)
        _, text = await asyncio.to_thread(heard.get, "/metrics")
    finally:
        assert await asyncio.to_thread(heard.stop) == 0
    assert 'heard_smtp_replies_total{code="250"}' in text
    assert 'heard_smtp_replies_total{code="354"} 1.0' in text
    assert "heard_cases_open 1.0" in text
    assert "heard_outbox_oldest_seconds 0.0" in text
    assert "heard_reminders_due 0.0" in text
    assert 'heard_web_request_seconds_count{method="GET",status="2xx"}' in text
    for name in ("heard_slack_errors_total", "heard_smarthost_errors_total"):
        assert name in text or name.removesuffix("_total") in text
    for private in ("sam@example.org", "Sam Parent", "social worker", "CSC-"):
        assert private not in text


async def test_an_unreachable_smarthost_is_said_at_start_and_by_readyz(tmp_path: Path) -> None:
    closed = free_port()
    env = heard_environment(f"sqlite:///{tmp_path / 'heard.db'}", smarthost_port=closed)
    heard = await asyncio.to_thread(HeardProcess(env, tmp_path).start)
    try:
        code, body = await asyncio.to_thread(heard.get, "/readyz")
        await asyncio.to_thread(heard.send, complaint(1), sender="sam@example.org")
        deadline = time.monotonic() + 60
        while not any("deferred" in line for line in heard.messages()):
            assert time.monotonic() < deadline, heard.output()
            await asyncio.sleep(0.2)
    finally:
        assert await asyncio.to_thread(heard.stop, signal.SIGTERM) == 0
    assert code == 503
    assert body.startswith("not ready\n")
    assert f"smarthost: 127.0.0.1:{closed} not reachable" in body
    assert "database" not in body and "smtp listener" not in body
    banner = [line for line in heard.messages() if line.startswith("running: outbound mail")]
    assert "NOT REACHABLE at start" in banner[0]
    deferred = next(line for line in heard.messages() if "deferred" in line)
    assert deferred.startswith("outbound mail deferred via smtp: ")
    assert "(letter CSC-" in deferred
    assert "sam@example.org" not in heard.output()


def test_a_failure_reason_loses_its_addresses_and_a_letter_names_its_case() -> None:
    reason = failure_reason(
        "SMTPRecipientsRefused({'sam@example.org': (550, b'5.1.1 <sam@example.org> unknown')})"
    )
    assert "sam@example.org" not in reason and "[address]" in reason and "550" in reason
    assert case_of_letter("CSC-2026-000123-45") == "CSC-2026-000123"
    assert case_of_letter("heard-45") is None
