"""Several `heard serve` processes on one PostgreSQL, under faults (issue 26): the same mail to
two processes, a process killed mid-stream, the database cut off and back, Slack and the
smarthost down and back, and SIGTERM while a message is in flight."""

from __future__ import annotations

import signal
import smtplib
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.processes import HeardProcess, complaint, free_port, heard_environment
from tests.resilience.services import DatabaseProxy, Slack, Smarthost, running

pytestmark = pytest.mark.postgres


def wait_for(
    condition: Callable[[], object],
    *,
    timeout: float,
    what: str,
    logs: tuple[HeardProcess, ...] = (),
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            tails = "\n".join(
                line for process in logs for line in process.output().splitlines()[-15:]
            )
            raise AssertionError(f"timed out waiting for {what}\n{tails}")
        time.sleep(0.2)


def count(engine: Engine, sql: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text(sql)).scalar_one())


def start_all(*processes: HeardProcess) -> None:
    with ThreadPoolExecutor(len(processes)) as pool:
        list(pool.map(lambda process: process.start(), processes))


def stop_all(*processes: HeardProcess) -> list[int]:
    with ThreadPoolExecutor(len(processes)) as pool:
        return list(pool.map(lambda process: process.stop(), processes))


def test_the_same_mail_to_two_processes_is_one_case(
    tmp_path: Path, pg_url: str, pg: Engine
) -> None:
    sink = Smarthost(free_port())
    sink.up()
    env = heard_environment(pg_url, smarthost_port=sink.port)
    a, b = HeardProcess(env, tmp_path, "a"), HeardProcess(env, tmp_path, "b")
    with running(sink):
        start_all(a, b)
        try:
            message = complaint(1)
            with ThreadPoolExecutor(2) as pool:
                replies = list(
                    pool.map(lambda p: p.send(message, sender="sam@example.org"), (a, b))
                )
            assert [code for code, _ in replies] == [250, 250]
            wait_for(
                lambda: sink.to("sam@example.org"),
                timeout=90,
                what="the acknowledgement",
                logs=(a, b),
            )
            time.sleep(2)  # a second acknowledgement, if there were one, has had its chance
        finally:
            assert stop_all(a, b) == [0, 0]
    assert count(pg, "SELECT count(*) FROM cases") == 1
    assert len(sink.to("sam@example.org")) == 1


def test_every_250_survives_a_process_killed_mid_stream(
    tmp_path: Path, pg_url: str, pg: Engine
) -> None:
    sink = Smarthost(free_port())
    sink.up()
    # A row the killed process had claimed is retaken after its lease: short here.
    env = heard_environment(pg_url, smarthost_port=sink.port, reminder_lease_seconds="20")
    a, b = HeardProcess(env, tmp_path, "a"), HeardProcess(env, tmp_path, "b")
    accepted: list[int] = []
    lock = threading.Lock()
    total = 60

    def deliver(number: int) -> None:
        """As a mail gateway does: the first process, else the second, until a 250."""
        for process in (a, b, b):
            code, _ = process.send(
                complaint(number, sender=f"p{number}@example.org"), sender=f"p{number}@example.org"
            )
            if code == 250:
                with lock:
                    accepted.append(number)
                return

    with running(sink):
        start_all(a, b)
        try:
            with ThreadPoolExecutor(4) as pool:
                futures = [pool.submit(deliver, n) for n in range(total)]
                wait_for(lambda: len(accepted) >= total // 4, timeout=60, what="a quarter")
                a.stop(signal.SIGKILL)
                for future in futures:
                    future.result()
            stored = count(pg, "SELECT count(*) FROM cases")
            # B reads what A stored and never got to read: every case is acknowledged, once.
            wait_for(
                lambda: all(sink.to(f"p{n}@example.org") for n in accepted),
                timeout=150,
                what="every acknowledgement",
                logs=(b,),
            )
        finally:
            assert b.stop() == 0
    assert sorted(accepted) == list(range(total))
    assert stored == total
    assert all(len(sink.to(f"p{n}@example.org")) == 1 for n in accepted)


def test_the_database_cut_off_and_back(tmp_path: Path, pg_url: str, pg: Engine) -> None:
    url = sa.engine.make_url(pg_url)
    proxy = DatabaseProxy((url.host or "127.0.0.1", url.port or 5432))
    sink = Smarthost(free_port())
    sink.up()
    through_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    heard = HeardProcess(heard_environment(through_proxy, smarthost_port=sink.port), tmp_path)
    with running(proxy, sink):
        heard.start()
        try:
            assert heard.send(complaint(1), sender="sam@example.org")[0] == 250
            proxy.down()
            codes = [heard.send(complaint(n), sender="sam@example.org")[0] for n in (2, 3, 4)]
            status, body = heard.get("/readyz")
            proxy.up()
            recovered = time.monotonic()
            wait_for(lambda: heard.get("/readyz")[0] == 200, timeout=15, what="/readyz 200")
            back = [heard.send(complaint(n), sender="sam@example.org")[0] for n in (2, 3, 4)]
            recovered_in = time.monotonic() - recovered
        finally:
            assert heard.stop() == 0
    assert codes == [451, 451, 451]
    assert status == 503 and "database: not reachable" in body
    assert back == [250, 250, 250]
    assert recovered_in < 15
    assert count(pg, "SELECT count(*) FROM cases") == 4


def test_slack_and_the_smarthost_down_then_back(tmp_path: Path, pg_url: str, pg: Engine) -> None:
    sink = Smarthost(free_port())  # down at first
    slack = Slack(free_port())  # down at first
    env = heard_environment(
        pg_url,
        smarthost_port=sink.port,
        slack_bot_token="xoxb-test",
        slack_signing_secret="secret",
        slack_api_url=slack.url,
        slack_http_port="0",
        slack_triage_channel="CTRIAGE",
        outbox_retry_seconds="1",
    )
    a, b = HeardProcess(env, tmp_path, "a"), HeardProcess(env, tmp_path, "b")
    senders = [f"s{n}@example.org" for n in range(4)]
    with running(sink, slack):
        start_all(a, b)
        try:
            for n, sender in enumerate(senders):
                assert (a if n % 2 else b).send(complaint(n, sender=sender), sender=sender)[
                    0
                ] == 250
            wait_for(
                lambda: count(pg, "SELECT count(*) FROM outbox WHERE attempts > 0") >= 2,
                timeout=90,
                what="failed attempts while Slack and the smarthost are down",
                logs=(a, b),
            )
            status, body = a.get("/readyz")
            sink.up()
            slack.up()
            wait_for(
                lambda: all(sink.to(s) for s in senders) and len(slack.posts("CTRIAGE")) >= 4,
                timeout=120,
                what="every letter and card",
                logs=(a, b),
            )
            time.sleep(3)  # a duplicate, if there were one, has had its chance
        finally:
            assert stop_all(a, b) == [0, 0]
    assert status == 503 and "slack: " in body and "smarthost: " in body
    banner = "\n".join(a.messages())
    assert "Slack in HTTP mode" in banner and "NOT REACHABLE at start" in banner
    assert [len(sink.to(s)) for s in senders] == [1, 1, 1, 1]
    cards = slack.posts("CTRIAGE")
    with pg.connect() as connection:
        references = [
            row[0] for row in connection.execute(sa.text("SELECT reference FROM cases ORDER BY id"))
        ]
    # A case's card is the top-level post naming it (chasers and notes go in its thread).
    posted = [
        next(r for r in references if r in str(card))
        for card in cards
        if not card.get("thread_ts") and any(r in str(card) for r in references)
    ]
    assert posted == references  # each case's card once, in the order the cases came


def test_sigterm_finishes_the_message_in_flight_and_exits_0(
    tmp_path: Path, pg_url: str, pg: Engine
) -> None:
    sink = Smarthost(free_port())
    sink.up()
    heard = HeardProcess(heard_environment(pg_url, smarthost_port=sink.port), tmp_path)
    with running(sink):
        heard.start()
        idle = socket.create_connection(("127.0.0.1", heard.smtp_port), timeout=10)
        client = smtplib.SMTP("127.0.0.1", heard.smtp_port, timeout=30)
        try:
            client.ehlo()
            client.mail("sam@example.org")
            client.rcpt("complaints@heard.localhost")
            code, _ = client.docmd("DATA")
            assert code == 354
            body = complaint(7)
            assert client.sock is not None
            client.sock.sendall(body[:40])
            heard.process.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
            time.sleep(1)
            client.sock.sendall(body[40:] + b"\r\n.\r\n")
            code, reply = client.getreply()
            idle_said = idle.recv(1000)
        finally:
            client.close()
            idle.close()
        exit_code = heard.process.wait(timeout=60)  # type: ignore[union-attr]
    assert code == 250 and b"Received as" in reply
    assert exit_code == 0
    assert idle_said.startswith(b"220") or b"421" in idle_said
    assert count(pg, "SELECT count(*) FROM cases") == 1
