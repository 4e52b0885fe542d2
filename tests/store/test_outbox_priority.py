"""What goes first in the outbox (issue 29, moderate 12): a MASH referral before everything,
staff's own Slack updates and letters before a flood's cards and acknowledgements, and each
channel still in order: a row Slack refused holds its channel, a row that only waits does not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.enums import OutboxKind, OutboxPurpose
from store import outbox
from store.db import session_scope
from store.models import OutboxMessage
from store.outbox import Priority

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)


def _post(engine: Engine, key: str, channel: str, purpose: OutboxPurpose, **kwargs: object) -> None:
    kind = kwargs.pop("kind", OutboxKind.SLACK_POST)
    with session_scope(engine) as session:
        outbox.enqueue(
            session,
            kind=kind,  # type: ignore[arg-type]
            purpose=purpose,
            target=channel,
            payload=outbox.slack_call("chat.postMessage", channel=channel, text=key),
            dedupe_key=key,
            now=NOW,
            **kwargs,  # type: ignore[arg-type]
        )


def _claim(engine: Engine, at: datetime = NOW) -> list[str]:
    with session_scope(engine) as session:
        claimed = outbox.claim_slack_posts(session, worker="w", now=at, lease=LEASE, limit=20)
        return sorted(post.payload["args"]["text"] for post in claimed)


def _release(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE outbox SET claimed_by = NULL, claimed_until = NULL")


def test_staff_and_the_mash_go_before_a_flood_and_each_channel_keeps_its_order(
    engine: Engine,
) -> None:
    for number in range(5):
        _post(engine, f"card{number}", "CTRIAGE", OutboxPurpose.CARD)
    _post(engine, "concern", "CTRIAGE", OutboxPurpose.CARD, priority=Priority.CONCERN)
    _post(engine, "update", "CTRIAGE", OutboxPurpose.CARD, priority=Priority.STAFF)
    _post(engine, "reply", "CTRIAGE", OutboxPurpose.THREAD_REPLY, priority=Priority.STAFF)
    _post(engine, "referral", "CMASH", OutboxPurpose.MASH_REFERRAL)
    assert _claim(engine) == ["referral", "update"]  # one a channel, the highest first
    with session_scope(engine) as session:
        rows = {row.dedupe_key: row for row in session.exec(select(OutboxMessage))}
    assert rows["referral"].priority == Priority.SAFEGUARDING and rows["card0"].priority == 0
    with session_scope(engine) as session:
        outbox.mark_sent(session, message_id=rows["update"].id or 0, now=NOW)
    _release(engine)
    assert _claim(engine) == ["referral", "reply"]  # the same priority in order
    with session_scope(engine) as session:
        outbox.mark_sent(session, message_id=rows["reply"].id or 0, now=NOW)
        outbox.mark_sent(session, message_id=rows["referral"].id or 0, now=NOW)
    _release(engine)
    assert _claim(engine) == ["concern"]  # a safeguarding case's card: after staff's
    with session_scope(engine) as session:
        outbox.mark_sent(session, message_id=rows["concern"].id or 0, now=NOW)
    _release(engine)
    assert _claim(engine) == ["card0"]

    # Slack refused card0 (429 Retry-After): the channel waits for it, in order.
    with session_scope(engine) as session:
        outbox.mark_failed(
            session, message_id=rows["card0"].id or 0, now=NOW, error="429", retry_after=LEASE
        )
    assert _claim(engine) == []
    assert _claim(engine, NOW + LEASE) == ["card0"]
    _release(engine)

    # A row that only waits (an update waiting for its card's ts, a summary gathering a flood)
    # lets the channel's others pass.
    _post(engine, "summary", "CTRIAGE", OutboxPurpose.FLOOD_NOTICE, not_before=NOW + LEASE * 5)
    assert _claim(engine, NOW + LEASE) == ["card0"]
    with session_scope(engine) as session:
        outbox.mark_sent(session, message_id=rows["card0"].id or 0, now=NOW)
    assert _claim(engine, NOW + LEASE) == ["card1"]
    with session_scope(engine) as session:
        outbox.defer(session, message_id=rows["card1"].id or 0, until=NOW + LEASE * 3)
    assert _claim(engine, NOW + LEASE) == ["card2"]


def test_a_mash_email_is_claimed_before_a_flood_of_acknowledgements(engine: Engine) -> None:
    for number in range(30):
        _post(
            engine,
            f"ack{number}",
            "parent@example.org",
            OutboxPurpose.ACKNOWLEDGEMENT,
            kind=OutboxKind.EMAIL,
        )
    _post(engine, "letter", "other@example.org", OutboxPurpose.LETTER, kind=OutboxKind.EMAIL)
    _post(engine, "mash", "mash@council.example", OutboxPurpose.MASH_REFERRAL, kind=OutboxKind.EMAIL)
    with session_scope(engine) as session:
        claimed = outbox.claim(
            session, kinds=(OutboxKind.EMAIL,), worker="w", now=NOW, lease=LEASE, limit=2
        )
        assert {row.dedupe_key for row in claimed} == {"mash", "letter"}
