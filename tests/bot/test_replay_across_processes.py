"""A signed Slack submission replayed after a restart, or to a second process, has no second
effect (issue 29, moderate 11): seen signatures are kept in the database for the 5-minute
window in which a signature is valid, not in one process's memory. Real HTTP into two Slack
endpoints on one database."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot import ids
from bot.modals.log_contact import log_contact_modal
from heard.serve import build_slack
from store import slack_requests
from store.models import SlackSeenRequest
from testkit.slack_signing import interaction, signed_headers, view_state
from tests.bot.clicking import eventually
from tests.bot.conftest import Slack
from tests.bot.test_hostile import cases


def _submission() -> str:
    answers = {
        "channel": "telephone",
        "kind": "complaint",
        "name": "Test Caller",
        "text": "Nobody calls me back.",
    }
    return interaction(
        {
            "type": "view_submission",
            "team": {"id": "T0001"},
            "user": {"id": "UOFFICER"},
            "api_app_id": "A0001",
            "token": "legacy",
            "trigger_id": "t-replay-elsewhere",
            "view": {
                "id": "V1",
                "type": "modal",
                "callback_id": ids.LOG_CONTACT_VIEW,
                "private_metadata": "",
                "state": {"values": view_state(log_contact_modal(), answers)},
            },
        }
    )


async def test_a_replay_to_another_process_or_after_a_restart_is_refused(slack: Slack) -> None:
    body = _submission()
    headers = signed_headers(body)
    assert (await slack.post(body, headers=headers)).status == 200
    await eventually(lambda: cases(slack) == 1)
    other = build_slack(slack.context)  # a second `heard serve` on the same database
    await other.start()
    try:
        url = f"http://127.0.0.1:{other.port}/slack/events"
        assert (await slack.http.post(url, data=body, headers=headers)).status == 409
    finally:
        await other.stop()
    # The first process restarted: its memory is new, the database remembers.
    await slack.component.stop()
    restarted = build_slack(slack.context)
    await restarted.start()
    try:
        url = f"http://127.0.0.1:{restarted.port}/slack/events"
        assert (await slack.http.post(url, data=body, headers=headers)).status == 409
        fresh = _submission().replace("t-replay-elsewhere", "t-another")
        assert (await slack.http.post(url, data=fresh, headers=signed_headers(fresh))).status == 200
        await eventually(lambda: cases(slack) == 2)
    finally:
        await restarted.stop()
        slack.component = restarted  # stopped once more by the fixture: harmless
    await asyncio.sleep(0.3)
    assert cases(slack) == 2


async def test_a_replay_check_past_its_budget_is_waited_for_when_slack_stops(
    slack: Slack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database slower than the check's budget does not hold the ack; the check goes on in
    its thread, and stopping waits for it: its transaction ending after the engine's dispose
    left the connection open until the garbage collector found it."""
    release, finished = threading.Event(), threading.Event()
    first_time = slack_requests.first_time

    def slow(engine: Engine, *, key: str, now: datetime) -> bool:
        release.wait(30)
        try:
            return first_time(engine, key=key, now=now)
        finally:
            finished.set()

    monkeypatch.setattr(slack_requests, "first_time", slow)
    assert (await slack.post(_submission())).status == 200  # acked without the database
    await eventually(lambda: cases(slack) == 1)
    stopping = asyncio.ensure_future(slack.component.stop())
    done, _ = await asyncio.wait([stopping], timeout=2)
    assert not done  # the check still runs
    release.set()
    await stopping
    assert finished.is_set()
    assert slack.context.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_seen_signatures_are_kept_for_the_window_and_then_dropped(engine: Engine) -> None:
    now = datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert slack_requests.first_time(engine, key="1:v0=a", now=now)
    assert not slack_requests.first_time(engine, key="1:v0=a", now=now + timedelta(minutes=4))
    later = now + timedelta(minutes=11)
    assert slack_requests.first_time(engine, key="2:v0=b", now=later)
    with engine.connect() as connection:
        keys = connection.execute(sa.select(SlackSeenRequest.key)).scalars().all()
    assert keys == ["2:v0=b"]  # the old one is gone: its signature fails verification anyway
