"""The outbox: emails and Slack calls we owe, written in the same transaction as the change
that caused them and sent afterwards by workers, so a failed send is retried, never dropped."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from cases.enums import OutboxKind, OutboxPurpose, OutboxStatus
from store.claims import claim_due, renew
from store.models import Case, OutboxMessage, Person
from store.types import table_of
from store.upsert import insert_or_ignore

MAX_ATTEMPTS = 12
# How a Slack row's last error begins when Slack may have posted it without heard hearing so
# (a timeout, or its sender stopped mid-call): the next attempt looks in the channel first.
AMBIGUOUS = "ambiguous:"
# A mail row's last error once a worker stopped holding it mid-send (killed, stalled past its
# lease): the letter may have gone, so the next attempt asks the service first.
SENDER_STOPPED = f"{AMBIGUOUS} its sender stopped before the service answered"
_BACKOFF_CAP = timedelta(hours=1)


class Priority(IntEnum):
    """Which pending message goes first, higher first (then oldest first). A flood of new
    contacts queues thousands of cards and acknowledgements: a MASH referral must not wait
    behind them, nor staff's own card updates and letters after a click (issue 29, moderate
    12)."""

    ROUTINE = 0  # a new contact's card and acknowledgement, chasers, digests
    CONCERN = 1  # the triage channel's card of a case referred to the MASH (already referred)
    STAFF = 2  # what a member of staff's action sends, a letter, a flood's summary
    SAFEGUARDING = 3  # a MASH referral


_PRIORITY_OF = {
    OutboxPurpose.MASH_REFERRAL: Priority.SAFEGUARDING,
    OutboxPurpose.LETTER: Priority.STAFF,
    OutboxPurpose.FLOOD_NOTICE: Priority.STAFF,
}


@functools.cache
def _enqueue(dialect: str, *, returning: bool = True) -> sa.Insert:
    """One statement per engine, its values bound per call: building and keying a new
    statement for every message queued cost more than running it."""
    table = table_of(OutboxMessage)
    insert = insert_or_ignore(table, dialect=dialect, conflict_columns=["dedupe_key"])
    return insert.returning(table.c.id) if returning else insert


@dataclass
class Batch:
    """Messages queued during one transaction and inserted together before it commits: one
    statement for a batch of mail read, where a round trip each cost PostgreSQL more than the
    rest of the work. A message whose dedupe key exists is dropped when the batch is written."""

    rows: list[dict[str, Any]] = field(default_factory=list)

    def write(self, session: Session) -> None:
        if self.rows:
            dialect = session.get_bind().dialect.name
            session.execute(_enqueue(dialect, returning=False), self.rows)
            self.rows = []


def acknowledgement_key(case_id: int | None) -> str:
    """One acknowledgement a case, however many ways it is composed."""
    return f"ack:{case_id}"


def enqueue(
    session: Session,
    *,
    kind: OutboxKind,
    purpose: OutboxPurpose,
    target: str,
    payload: dict[str, Any],
    dedupe_key: str,
    now: datetime,
    case_id: int | None = None,
    not_before: datetime | None = None,
    batch: Batch | None = None,
    priority: Priority | None = None,
) -> bool:
    """Add a message unless one with the same dedupe key exists; True if it was added (with a
    `batch`: True, the row being inserted when the batch is written). Without a `priority`
    the purpose gives it."""
    values: dict[str, Any] = {
        "kind": kind,
        "purpose": purpose,
        "priority": int(priority if priority is not None else _PRIORITY_OF.get(purpose, 0)),
        "target": target,
        "payload": payload,
        "dedupe_key": dedupe_key,
        "case_id": case_id,
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": not_before or now,
        "created_at": now,
    }
    if batch is not None:
        batch.rows.append(values)
        return True
    inserted = session.execute(_enqueue(session.get_bind().dialect.name), values).first()
    return inserted is not None


def claim(
    session: Session,
    *,
    kinds: tuple[OutboxKind, ...],
    worker: str,
    now: datetime,
    lease: timedelta,
    limit: int = 20,
) -> list[OutboxMessage]:
    table = table_of(OutboxMessage)
    ids = claim_due(
        session,
        table=table,
        due_column=table.c.next_attempt_at,
        worker=worker,
        now=now,
        lease=lease,
        limit=limit,
        conditions=(table.c.status == OutboxStatus.PENDING.value, table.c.kind.in_(kinds)),
        first=table.c.priority.desc(),
        # Its worker stopped mid-send: the service may hold the letter (tried_before).
        on_lapsed={"last_error": SENDER_STOPPED},
    )
    if not ids:
        return []
    rows = session.exec(select(OutboxMessage).where(col(OutboxMessage.id).in_(ids)))
    by_id = {row.id: row for row in rows}
    return [by_id[row_id] for row_id in ids]


def tried_before(row: OutboxMessage) -> bool:
    """An attempt on the row may have reached the service already: one failed (an answer lost
    or too late is a failure too), or its worker stopped mid-send (claim's on_lapsed). A row
    never tried cannot be held anywhere, so a transport need not look before sending it."""
    return row.attempts > 0 or row.last_error is not None


def renew_claim(session: Session, *, message_id: int, worker: str, until: datetime) -> bool:
    """Extend `worker`'s lease on a row it is still sending; False once it is not its own."""
    return renew(
        session, table=table_of(OutboxMessage), row_id=message_id, worker=worker, until=until
    )


def dedupe_keys_of_cases(
    connection: sa.Connection, *, case_ids: Iterable[int], prefix: str
) -> set[str]:
    """The dedupe keys starting with `prefix` of the messages queued about these cases: which
    of a computed ladder's steps have gone (scheduler/follow_ups.py)."""
    ids = sorted(set(case_ids))
    if not ids:
        return set()
    outbox = table_of(OutboxMessage)
    rows = connection.execute(
        sa.select(outbox.c.dedupe_key).where(
            outbox.c.case_id.in_(ids), outbox.c.dedupe_key.startswith(prefix, autoescape=True)
        )
    )
    return {row.dedupe_key for row in rows}


def case_references(session: Session, case_ids: Sequence[int]) -> dict[int, str]:
    """The reference of each case (a letter's reference is built from its case's)."""
    if not case_ids:
        return {}
    table = table_of(Case)
    rows = session.execute(
        sa.select(table.c.id, table.c.reference).where(table.c.id.in_(sorted(set(case_ids))))
    )
    return {row.id: row.reference for row in rows}


def mark_sent(
    session: Session, *, message_id: int, now: datetime, result: dict[str, Any] | None = None
) -> None:
    session.execute(
        sa.update(table_of(OutboxMessage))
        .where(table_of(OutboxMessage).c.id == message_id)
        .values(
            status=OutboxStatus.SENT.value,
            sent_at=now,
            result=result,
            claimed_by=None,
            claimed_until=None,
            attempts=table_of(OutboxMessage).c.attempts + 1,
        )
    )


def sent_through_notify(session: Session, *, outbox_id: int) -> OutboxMessage | None:
    """A sent row whose result records Notify's ids (a receipt can only be about one)."""
    row = session.get(OutboxMessage, outbox_id)
    if row is None or row.status != OutboxStatus.SENT or not (row.result or {}).get("notify_ids"):
        return None
    return row


def record_delivery(
    session: Session, *, message_id: int, notify_id: str, delivery: dict[str, Any]
) -> bool:
    """Keep what Notify said became of a sent row; False if that was already recorded (Notify
    sends a receipt again when it was not answered in time)."""
    row = session.get(OutboxMessage, message_id, with_for_update=True)
    if row is None:
        return False
    result = dict(row.result or {})
    deliveries = dict(result.get("deliveries") or {})
    if deliveries.get(notify_id, {}).get("status") == delivery.get("status"):
        return False
    deliveries[notify_id] = delivery
    row.result = {**result, "deliveries": deliveries}  # a new dict: the JSON column sees it
    session.add(row)
    return True


def mark_failed(
    session: Session,
    *,
    message_id: int,
    now: datetime,
    error: str,
    retry_after: timedelta | None = None,
    permanent: bool = False,
    first_retry: timedelta = timedelta(seconds=30),
) -> OutboxStatus:
    """Record a failed attempt; back off exponentially from `first_retry`, or give up after
    MAX_ATTEMPTS."""
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise LookupError(f"outbox message {message_id} does not exist")
    message.attempts += 1
    message.last_error = error[:1000]
    message.claimed_by = None
    message.claimed_until = None
    if permanent or message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
    else:
        message.next_attempt_at = now + (retry_after or backoff(message.attempts, first_retry))
    session.add(message)
    return message.status


def backoff(attempts: int, first: timedelta = timedelta(seconds=30)) -> timedelta:
    return min(first * 2 ** (attempts - 1), _BACKOFF_CAP)


def failed_messages(session: Session, *, limit: int = 50) -> list[OutboxMessage]:
    statement = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.FAILED)
        .order_by(col(OutboxMessage.id).desc())
        .limit(limit)
    )
    return list(session.exec(statement))


def defer(session: Session, *, message_id: int, until: datetime) -> None:
    """Not an attempt: the row waits for something else (a card's ts) and is tried again."""
    session.execute(
        sa.update(table_of(OutboxMessage))
        .where(table_of(OutboxMessage).c.id == message_id)
        .values(next_attempt_at=until, claimed_by=None, claimed_until=None)
    )


def slack_call(
    method: str,
    *,
    card_for_case: int | None = None,
    update_case: int | None = None,
    thread_of_case: int | None = None,
    card_kind: str | None = None,
    post_key: str | None = None,
    **args: Any,
) -> dict[str, Any]:
    """The payload of a Slack outbox row: a Web API method and its arguments.

    `card_for_case`: store the posted message's ts as that case's card in its channel
    (`card_kind` "triage" or "team"); `update_case`: fill in the ts of that case's card in
    `args["channel"]` when sending (`post_key`: the dedupe key of the post it updates);
    `thread_of_case`: reply under the case's triage card.
    Link and media previews are always off: a previewed link could leak or mislead.
    """
    if method == "chat.postMessage":
        args = {**args, "unfurl_links": False, "unfurl_media": False}
    return {
        "method": method,
        "card_for_case": card_for_case,
        "update_case": update_case,
        "thread_of_case": thread_of_case,
        "card_kind": card_kind,
        "post_key": post_key,
        "args": args,
    }


def cards_about_sender(session: Session, *, sender: str, channel: str, since: datetime) -> int:
    """How many case cards went to `channel` since `since` about cases whose party writes from
    `sender` (bot/notify.py holds back a flood of cards from one sender)."""
    statement = (
        select(sa.func.count())
        .select_from(OutboxMessage)
        .join(Person, col(Person.case_id) == col(OutboxMessage.case_id))
        .where(
            Person.email == sender,
            OutboxMessage.created_at >= since,
            OutboxMessage.purpose == OutboxPurpose.CARD,
            OutboxMessage.target == channel,
        )
    )
    return int(session.exec(statement).one())


SLACK_KINDS = (OutboxKind.SLACK_POST, OutboxKind.SLACK_UPDATE)


@dataclass(frozen=True)
class ClaimedPost:
    id: int
    target: str  # a Slack channel or user
    payload: dict[str, Any]
    last_error: str | None
    priority: int = 0


def claim_slack_posts(
    session: Session,
    *,
    worker: str,
    now: datetime,
    lease: timedelta,
    limit: int,
    paced: Sequence[str] = (),
) -> list[ClaimedPost]:
    """Lease due Slack posts and updates to `worker`: one a channel, none for the `paced`
    channels (posted to too recently).

    A channel's next row is its highest priority row, oldest first, among those due or being
    retried: a row Slack refused (429 Retry-After) holds its channel until it goes, so a
    channel's messages keep their order, while a row that only waits (an update waiting for
    its card's ts, a summary gathering a flood) lets the others pass."""
    table = table_of(OutboxMessage)
    pending = table.c.status == OutboxStatus.PENDING.value
    ranked = (
        sa.select(
            table.c.id,
            sa.func.row_number()
            .over(partition_by=table.c.target, order_by=(table.c.priority.desc(), table.c.id))
            .label("place"),
        )
        .where(
            pending,
            table.c.kind.in_([kind.value for kind in SLACK_KINDS]),
            sa.or_(table.c.next_attempt_at <= now, table.c.attempts > 0),
        )
        .subquery()
    )
    heads = sa.select(ranked.c.id).where(ranked.c.place == 1)
    ids = claim_due(
        session,
        table=table,
        due_column=table.c.next_attempt_at,
        worker=worker,
        now=now,
        lease=lease,
        limit=limit,
        conditions=(table.c.id.in_(heads), table.c.target.not_in(paced)),
        first=table.c.priority.desc(),
        # Its worker stopped while Slack was answering: the post may be there already.
        on_lapsed={"last_error": f"{AMBIGUOUS} its sender stopped before Slack answered"},
    )
    rows = session.execute(
        sa.select(
            table.c.id, table.c.target, table.c.payload, table.c.last_error, table.c.priority
        ).where(table.c.id.in_(ids))
    ).all()
    return [
        ClaimedPost(row.id, row.target, dict(row.payload), row.last_error, row.priority)
        for row in rows
    ]


def promote_card(session: Session, *, case_id: int, priority: Priority) -> None:
    """Raise a case's pending card posts to `priority`: staff acting on a case whose card is
    still queued behind a flood get the card, then its update, first."""
    table = table_of(OutboxMessage)
    session.execute(
        sa.update(table)
        .where(
            table.c.case_id == case_id,
            table.c.status == OutboxStatus.PENDING.value,
            table.c.kind == OutboxKind.SLACK_POST.value,
            table.c.purpose == OutboxPurpose.CARD.value,
            table.c.priority < int(priority),
        )
        .values(priority=int(priority))
    )


def card_queued(session: Session, *, case_id: int) -> bool:
    """Whether the case's card was ever queued for the triage channel (posted or waiting)."""
    table = table_of(OutboxMessage)
    found = session.execute(
        sa.select(table.c.id).where(table.c.dedupe_key == f"card:{case_id}")
    ).first()
    return found is not None


def cards_waiting(session: Session, *, channel: str) -> int:
    """How many new cards wait to be posted to `channel` (a flood past a threshold is
    summarised instead: bot/notify.py)."""
    table = table_of(OutboxMessage)
    return int(
        session.execute(
            sa.select(sa.func.count()).where(
                table.c.target == channel,
                table.c.status == OutboxStatus.PENDING.value,
                table.c.kind == OutboxKind.SLACK_POST.value,
                table.c.purpose == OutboxPurpose.CARD.value,
            )
        ).scalar_one()
    )


@dataclass(frozen=True)
class HeldCards:
    """The cards one summary stands for: how many, the lowest and highest reference."""

    count: int
    first: str
    last: str


def hold_back_card(
    session: Session,
    *,
    channel: str,
    reference: str,
    case_id: int,
    now: datetime,
    gather: timedelta,
    render: Callable[[HeldCards], str],
) -> HeldCards:
    """Count a new contact's card in the channel's pending flood summary instead of posting
    it, or start a new summary (sent after `gather`, so one message stands for the many).
    `render(HeldCards)` gives the summary's text; the held cases are named in the payload's
    `held` by id, so each can be found again."""
    table = table_of(OutboxMessage)
    row = session.execute(
        sa.select(table.c.id, table.c.payload)
        .where(
            table.c.target == channel,
            table.c.status == OutboxStatus.PENDING.value,
            table.c.purpose == OutboxPurpose.FLOOD_NOTICE.value,
            table.c.dedupe_key.like("held:%"),
            sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < now),
        )
        .order_by(table.c.id)
        .limit(1)
        .with_for_update()
    ).first()
    if row is None:
        held = HeldCards(1, reference, reference)
        payload = slack_call("chat.postMessage", channel=channel, text=render(held))
        payload["held"] = [case_id]
        payload["first_reference"] = payload["last_reference"] = reference
        enqueue(
            session,
            kind=OutboxKind.SLACK_POST,
            purpose=OutboxPurpose.FLOOD_NOTICE,
            target=channel,
            payload=payload,
            dedupe_key=f"held:{channel}:{case_id}",
            now=now,
            not_before=now + gather,
        )
        return held
    payload = dict(row.payload)
    # Batches of mail are applied side by side: the lowest and highest reference, not the first
    # and last counted.
    first = min(payload.get("first_reference") or reference, reference)
    last = max(payload.get("last_reference") or reference, reference)
    held = HeldCards(len(payload.get("held") or ()) + 1, first, last)
    payload["held"] = [*(payload.get("held") or ()), case_id]
    payload["first_reference"], payload["last_reference"] = first, last
    payload["args"] = {**payload["args"], "text": render(held)}
    session.execute(sa.update(table).where(table.c.id == row.id).values(payload=payload))
    return held


def acknowledgements_since(
    session: Session, *, addresses: Iterable[str], since: datetime
) -> dict[str, int]:
    """How many acknowledgements each of `addresses` was sent since `since` (one query)."""
    wanted = sorted({address.lower() for address in addresses})
    if not wanted:
        return {}
    statement = (
        select(OutboxMessage.target, sa.func.count())
        .where(
            col(OutboxMessage.target).in_(wanted),
            OutboxMessage.purpose == OutboxPurpose.ACKNOWLEDGEMENT,
            OutboxMessage.created_at >= since,
        )
        .group_by(col(OutboxMessage.target))
    )
    return {target: count for target, count in session.exec(statement)}


@dataclass(frozen=True)
class PendingRow:
    """A message waiting to be sent, as `heard outbox pending` shows it: no address or text."""

    created_at: datetime
    kind: str
    case_reference: str | None
    attempts: int
    next_attempt_at: datetime
    last_error: str | None


def pending_messages(session: Session, *, limit: int = 50) -> tuple[list[PendingRow], int]:
    """The oldest `limit` pending messages, and how many are pending in all."""
    table = table_of(OutboxMessage)
    cases = table_of(Case)
    pending = table.c.status == OutboxStatus.PENDING.value
    total = session.execute(sa.select(sa.func.count()).where(pending)).scalar_one()
    rows = session.execute(
        sa.select(
            table.c.created_at,
            table.c.kind,
            cases.c.reference,
            table.c.attempts,
            table.c.next_attempt_at,
            table.c.last_error,
        )
        .select_from(table.outerjoin(cases, cases.c.id == table.c.case_id))
        .where(pending)
        .order_by(table.c.id)
        .limit(limit)
    ).all()
    return [
        PendingRow(
            created_at=row.created_at,
            kind=str(getattr(row.kind, "value", row.kind)),
            case_reference=row.reference,
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at,
            last_error=_without_addresses(row.last_error),
        )
        for row in rows
    ], int(total)


def retry_now(session: Session, *, now: datetime, failed: bool = False) -> tuple[int, int]:
    """Make pending messages due now (a claim held by a live worker is left alone); with
    `failed`, put failed messages back to pending with their attempts reset. Returns
    (pending made due, failed revived)."""
    table = table_of(OutboxMessage)
    waiting = session.connection().execute(
        sa.update(table)
        .where(
            table.c.status == OutboxStatus.PENDING.value,
            table.c.next_attempt_at > now,
            sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < now),
        )
        .values(next_attempt_at=now)
    ).rowcount
    revived = 0
    if failed:
        revived = session.connection().execute(
            sa.update(table)
            .where(table.c.status == OutboxStatus.FAILED.value)
            .values(
                status=OutboxStatus.PENDING.value,
                attempts=0,
                next_attempt_at=now,
                claimed_by=None,
                claimed_until=None,
            )
        ).rowcount
    return int(waiting or 0), int(revived or 0)


_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def _without_addresses(error: str | None) -> str | None:
    if error is None:
        return None
    return " ".join(_ADDRESS.sub("[address]", error).split())[:160]
