"""Each claiming worker has a name of its own: a lease is renewed, released and marked done only
by the name that holds it, and the Slack poster and the sweeper were named by host alone, so two
heard processes on one host passed for one another."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.engine import Engine

from cases.clock import SettableClock
from cases.enums import OutboxKind, OutboxPurpose
from outbound.slack_poster import SlackPoster
from store import outbox
from store.claims import worker_name
from store.db import session_scope

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_two_posters_on_one_host_are_two_workers(engine: Engine) -> None:
    clock = SettableClock(NOW)
    first, second = (
        SlackPoster(engine=engine, client=AsyncWebClient(token="xoxb-test"), clock=clock)
        for _ in range(2)
    )
    assert first.worker != second.worker and first.worker.startswith("slack@")

    with session_scope(engine) as session:
        outbox.enqueue(
            session,
            kind=OutboxKind.SLACK_POST,
            purpose=OutboxPurpose.CARD,
            target="CTRIAGE",
            payload=outbox.slack_call("chat.postMessage", channel="CTRIAGE", text="card"),
            dedupe_key="card",
            now=NOW,
        )
    with session_scope(engine) as session:
        (post,) = outbox.claim_slack_posts(
            session, worker=first.worker, now=NOW, lease=timedelta(minutes=2), limit=5
        )
    with session_scope(engine) as session:
        until = NOW + timedelta(minutes=4)
        assert not outbox.renew_claim(
            session, message_id=post.id, worker=second.worker, until=until
        )
        assert outbox.renew_claim(session, message_id=post.id, worker=first.worker, until=until)


def test_a_name_is_never_given_twice() -> None:
    assert len({worker_name("sweeper") for _ in range(100)}) == 100
