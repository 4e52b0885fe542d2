"""Sends the outbox's Slack calls, in order per channel and about one a second per channel.

Only the oldest pending row of each channel is claimed, so a channel that Slack rate-limits
(429 Retry-After) pauses as a whole and its messages arrive later, once and in order. Each card's
`ts` is stored (per case and channel) after a successful post; updates and thread replies that
need it wait until it is there.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.engine import Engine

from cases.clock import Clock
from store import card_posts, outbox
from store.cases.queries import card_of
from store.claims import worker_name
from store.db import session_scope
from store.outage import OutageLog
from store.outbox import AMBIGUOUS
from telemetry import SLACK_API_SECONDS, SLACK_ERRORS

log = logging.getLogger("heard.slack")
T = TypeVar("T")
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "invalid_blocks",
        "is_archived",
        "msg_too_long",
        "no_text",
        "invalid_auth",
        "account_inactive",
        "user_not_found",
        "cant_update_message",
        "message_not_found",
    }
)


@dataclass
class SlackPoster:
    engine: Engine
    client: AsyncWebClient
    clock: Clock
    worker: str = field(default_factory=lambda: worker_name("slack"))
    per_channel_interval: float = 1.0
    first_retry: timedelta = timedelta(seconds=30)  # then doubling, up to an hour
    _last_sent: dict[str, float] = field(default_factory=dict)

    async def drain_once(self) -> int:
        claimed = await _in_thread(self._claim)
        await asyncio.gather(
            *(
                self._send(post.id, post.target, post.payload, post.last_error, post.priority)
                for post in claimed
            )
        )
        return len(claimed)

    async def run(self, stop: asyncio.Event, *, interval: float = 0.5) -> None:
        outage = OutageLog(log, "slack poster pass")
        while not stop.is_set():
            try:
                sent = await self.drain_once()
                outage.passed()
            except Exception as error:
                outage.failed(error)
                sent = 0
            if sent == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=interval)

    def _claim(self) -> list[outbox.ClaimedPost]:
        paced = [
            target
            for target, at in self._last_sent.items()
            if time.monotonic() - at < self.per_channel_interval
        ]
        with session_scope(self.engine) as session:
            return outbox.claim_slack_posts(
                session,
                worker=self.worker,
                now=self.clock.now(),
                lease=timedelta(minutes=2),
                limit=20,
                paced=paced,
            )

    async def _send(
        self,
        row_id: int,
        target: str,
        payload: dict[str, Any],
        last_error: str | None = None,
        priority: int = 0,
    ) -> None:
        args = dict(payload["args"])
        posting = payload["method"] == "chat.postMessage"
        if posting:
            # Tagged, so after a timeout we can find out whether Slack did post it.
            args["metadata"] = {
                "event_type": "heard_outbox",
                "event_payload": {"outbox_id": row_id},
            }
            if last_error and last_error.startswith(AMBIGUOUS):
                found = await self._already_posted(args["channel"], row_id)
                if found is not None:
                    await _in_thread(self._sent, row_id, payload, found)
                    return
        if payload.get("update_case"):
            ts, waiting = await _in_thread(
                self._card_in, payload["update_case"], args["channel"], payload.get("post_key")
            )
            if ts is None:
                if waiting:  # a staff action's card was moved ahead of the queue: look soon
                    await _in_thread(self._defer, row_id, _wait_for_card(priority))
                else:  # its post failed for good: nothing to update, and the channel must move on
                    await _in_thread(self._failed, row_id, "no card to update", None, True)
                return
            args["ts"] = ts
            args.pop("unfurl_links", None)
            args.pop("unfurl_media", None)
        elif payload.get("thread_of_case"):
            channel, ts = await _in_thread(self._card_of, payload["thread_of_case"])
            if ts is None:
                await _in_thread(self._defer, row_id, _wait_for_card(priority))
                return
            args["channel"] = channel
            args["thread_ts"] = ts
        self._last_sent[target] = time.monotonic()
        try:
            response = await self._call(payload["method"], args)
        except SlackApiError as error:
            SLACK_ERRORS.inc()
            status = error.response.status_code
            code = error.response.get("error", "") if error.response else ""
            retry_after = None
            if status == 429:
                retry_after = timedelta(seconds=int(error.response.headers.get("Retry-After", 30)))
            permanent = status != 429 and code in PERMANENT_ERRORS
            await _in_thread(self._failed, row_id, f"{status} {code}", retry_after, permanent)
            return
        except (TimeoutError, OSError) as error:
            SLACK_ERRORS.inc()
            # We cannot tell whether Slack posted it: look before posting again.
            await _in_thread(self._failed, row_id, f"{AMBIGUOUS} {error!r}", None, False)
            return
        await _in_thread(self._sent, row_id, payload, response.data)

    async def _call(self, method: str, args: dict[str, Any]) -> Any:
        started = time.perf_counter()
        try:
            return await self.client.api_call(method, json=args)
        finally:
            SLACK_API_SECONDS.labels(method=method).observe(time.perf_counter() - started)

    async def _already_posted(self, channel: str, row_id: int) -> dict[str, Any] | None:
        try:
            history = await self.client.conversations_history(
                channel=channel, limit=100, include_all_metadata=True
            )
        except (SlackApiError, TimeoutError, OSError):
            return None
        messages: list[dict[str, Any]] = history.get("messages") or []
        for message in messages:
            metadata = message.get("metadata") or {}
            if (
                metadata.get("event_type") == "heard_outbox"
                and (metadata.get("event_payload") or {}).get("outbox_id") == row_id
            ):
                return {"ts": message.get("ts"), "channel": channel}
        return None

    def _card_of(self, case_id: int) -> tuple[str | None, str | None]:
        with session_scope(self.engine) as session:
            return card_of(session, case_id=case_id)

    def _card_in(self, case_id: int, channel: str, post_key: str | None) -> tuple[str | None, bool]:
        """The ts of the case's card in `channel`, or None and whether its post is still to
        come (an update queued before its post was stored waits for it)."""
        with session_scope(self.engine) as session:
            ts = card_posts.post_ts(session, case_id=case_id, channel=channel)
            if ts is not None:
                return ts, False
            if post_key is None:  # queued before cards were kept per channel: the case row
                card_channel, ts = card_of(session, case_id=case_id)
                return (ts if card_channel == channel else None), True
            return None, card_posts.post_still_queued(session, dedupe_key=post_key)

    def _sent(self, row_id: int, payload: dict[str, Any], data: Any) -> None:
        result = (
            {"ts": data.get("ts"), "channel": data.get("channel")}
            if isinstance(data, dict)
            else None
        )
        # The case's row first, then the outbox's: a staff action on the case locks them in
        # that order (the case, then its card's queued update), and on PostgreSQL the other
        # order deadlocked with it.
        with session_scope(self.engine) as session:
            case_id = payload.get("card_for_case")
            if case_id and result and result.get("ts"):
                card_posts.record_post(
                    session,
                    case_id=case_id,
                    channel=str(result["channel"] or payload["args"]["channel"]),
                    ts=str(result["ts"]),
                    kind=payload.get("card_kind") or card_posts.TRIAGE,
                )
            outbox.mark_sent(session, message_id=row_id, now=self.clock.now(), result=result)

    def _defer(self, row_id: int, delay: timedelta) -> None:
        with session_scope(self.engine) as session:
            outbox.defer(session, message_id=row_id, until=self.clock.now() + delay)

    def _failed(
        self, row_id: int, error: str, retry_after: timedelta | None, permanent: bool
    ) -> None:
        with session_scope(self.engine) as session:
            outbox.mark_failed(
                session,
                message_id=row_id,
                now=self.clock.now(),
                error=error,
                retry_after=retry_after,
                permanent=permanent,
                first_retry=self.first_retry,
            )


def _wait_for_card(priority: int) -> timedelta:
    """How long an update or thread reply waits for its card's post: a staff action's looks
    again soon, its card having been moved ahead of the queue when staff acted (bot/notify.py)."""
    return timedelta(seconds=1 if priority > outbox.Priority.ROUTINE else 5)


async def _in_thread(work: Callable[..., T], *args: Any) -> T:
    """`work` (a database transaction) in a worker thread, waited for even if this task is
    cancelled meanwhile (heard stopping, SlackComponent.stop's bound): a thread left running
    returned its connection to the pool after the engine was disposed, where it stayed open
    until the garbage collector found it (psycopg's 'connection ... was deleted while still
    open', which failed an unrelated test in CI)."""
    running = asyncio.ensure_future(asyncio.to_thread(work, *args))
    try:
        return await asyncio.shield(running)
    except asyncio.CancelledError:
        await asyncio.wait([running])  # the transaction ends, then the cancellation goes on
        if not running.cancelled():
            running.exception()  # retrieved: its failure does not matter any more
        raise
