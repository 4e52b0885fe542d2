"""Mail read from a Microsoft 365 shared mailbox through Graph: a second way in beside the SMTP
listener, into the same store, duplicates, threading, reading and triage (IntakeService).

Councils on Microsoft 365 cannot forward a mailbox to an outside host by default, so heard
reads the mailbox itself. Each round asks Graph for what changed in the inbox since the last
round (a delta query), fetches each new message's MIME bytes (`$value`), stores them byte for
byte with the case in one transaction, and only then marks the item processed (read, or moved
to a folder). A crash between the two leaves the item unmarked; the next round lists it again
and finds it stored (by its immutable id, or its Message-ID and sender), so it is marked and
never stored twice. A full resync (the delta link lost, 410) does the same for the whole inbox.
The delta link is kept in the database only when the round is complete: not when a message
could not be stored, nor when one listed was gone when read (deleted in Outlook meanwhile),
which holds none of the others back. An item Graph lists yet answers 404 for round after round
holds the delta link back for GONE_ROUNDS rounds at most: then the round's link is kept (every
other item in it was stored), the sync moves on, and the item is warned about once, not every
round (reviewer).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.parser import BytesHeaderParser
from typing import Any
from urllib.parse import quote

from sqlalchemy.engine import Engine

from cases.clock import Clock
from intake.smtp_handler import DeliveryReceipt, InboundEnvelope
from org.addresses import is_email
from outbound.graph_client import GraphClient, GraphError, SyncStateLost
from store import mailbox_sync
from store.db import session_scope
from store.outage import database_away

log = logging.getLogger("heard.intake.graph")

INBOX = "inbox"
PAGE_SIZE = 50
# Rounds an item listed but gone when read holds the delta link back: enough for Graph to be
# late to serve what it listed (minutes at the poll interval), not a mailbox stuck for good.
GONE_ROUNDS = 5
# What a round needs of each listed item: its id, and enough to know it without downloading.
_SELECT = "id,internetMessageId,isRead,sender,from"
IMMUTABLE_IDS = {"Prefer": 'IdType="ImmutableId"'}

Deliver = Callable[[Sequence[tuple[bytes, InboundEnvelope]]], list[DeliveryReceipt | Exception]]


@dataclass(frozen=True)
class GraphMailbox:
    """The shared mailbox heard reads (HEARD_GRAPH_MAILBOX) and what it does with a message
    once stored (HEARD_GRAPH_PROCESSED_FOLDER: moved there; unset: marked read)."""

    address: str
    processed_folder: str | None = None
    poll_seconds: float = 30.0


@dataclass
class RoundResult:
    listed: int = 0
    stored: int = 0
    already_stored: int = 0
    copies: int = 0  # a new mailbox item holding mail heard already keeps (same Message-ID)
    marked: int = 0
    full_resync: bool = False
    gone: int = 0  # listed, then gone when read (deleted or moved in Outlook meanwhile)
    given_up: int = 0  # of those, gone for GONE_ROUNDS rounds: the sync moved on without them


@dataclass
class GraphIntake:
    client: GraphClient
    mailbox: GraphMailbox
    engine: Engine
    deliver: Deliver  # IntakeService.deliver_many: runs in a worker thread
    clock: Clock
    on_stored: Callable[[], None] | None = None  # wakes the worker that reads the body
    _folder_id: str | None = field(default=None, init=False, repr=False)
    # source id -> consecutive rounds it was listed and gone when read (sync_once)
    _gone_rounds: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    _gone_now: set[str] = field(default_factory=set, init=False, repr=False)
    last_error: str | None = field(default=None, init=False)

    # --- the loop --------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        """A round every poll interval until `stop`; a failed round is logged and retried."""
        while not stop.is_set():
            try:
                await self.sync_once()
                self.last_error = None
            except (GraphError, OSError, TimeoutError) as error:
                self.last_error = _one_line(error)
                log.warning("reading the Graph mailbox failed: %s", self.last_error)
            except Exception as error:  # the database may be away: keep the reader alive
                self.last_error = type(error).__name__
                if database_away(error):
                    log.warning(
                        "reading the Graph mailbox failed: database not reachable (%s)",
                        self.last_error,
                    )
                else:
                    log.exception("reading the Graph mailbox failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.mailbox.poll_seconds)
        await self.client.close()

    async def sync_once(self) -> RoundResult:
        """One round: read every change since the stored delta link (or the whole inbox)."""
        result = RoundResult()
        self._gone_now = set()
        link = await asyncio.to_thread(self._stored_link)
        try:
            final_link = await self._read_round(link, result)
        except SyncStateLost:
            log.warning("Graph lost the mailbox's sync state; reading the whole inbox again")
            await asyncio.to_thread(self._forget_link)
            result.full_resync = True
            final_link = await self._read_round(None, result)
        # Held back, the round's delta link is not kept: the next round lists those items again
        # if they are still there (Graph late to serve what it listed) and not if they are not.
        if not self._held_back_by_gone(result):
            await asyncio.to_thread(self._round_completed, final_link)
        if result.stored or result.copies or result.full_resync:
            # after a resync always: the administrator sees it finished, and what it found
            log.info(
                "Graph mailbox read%s: %d new, %d already stored, copies of stored mail: %d",
                " in full" if result.full_resync else "",
                result.stored,
                result.already_stored,
                result.copies,
            )
        return result

    def _held_back_by_gone(self, result: RoundResult) -> bool:
        """Whether items gone when read hold this round's delta link back: each for GONE_ROUNDS
        rounds in a row at most. Warned once, when an item is first found gone; nothing of the
        messages is logged (only how many)."""
        rounds = {source: self._gone_rounds.get(source, 0) + 1 for source in self._gone_now}
        self._gone_rounds = rounds  # an item read, or no longer listed, starts again at nought
        new = sum(1 for count in rounds.values() if count == 1)
        if new:
            log.warning(
                "Graph mailbox read: %d message(s) listed were gone when read (deleted or "
                "moved meanwhile); the next %d rounds look for them again, then the sync moves "
                "on without them",
                new,
                GONE_ROUNDS - 1,
            )
        if any(count < GONE_ROUNDS for count in rounds.values()):
            return True
        result.given_up = len(rounds)
        if rounds:
            log.info(
                "Graph mailbox read: moved on past %d message(s) gone when read %d rounds in a row",
                len(rounds),
                GONE_ROUNDS,
            )
        self._gone_rounds = {}
        return False

    async def _read_round(self, link: str | None, result: RoundResult) -> str:
        url = link or (
            f"users/{quote(self.mailbox.address)}/mailFolders/{INBOX}/messages/delta"
            f"?$select={_SELECT}"
        )
        headers = {"Prefer": f'IdType="ImmutableId", odata.maxpagesize={PAGE_SIZE}'}
        while True:
            page = await self.client.get_json(url, headers=headers)
            items = [item for item in page.get("value", []) if "@removed" not in item]
            result.listed += len(items)
            await self._take(items, result)
            if "@odata.nextLink" in page:
                url = str(page["@odata.nextLink"])
                continue
            if "@odata.deltaLink" in page:
                return str(page["@odata.deltaLink"])
            raise GraphError(200, "NoDeltaLink", "a delta page had neither a next nor a delta link")

    # --- one page of items ------------------------------------------------------------------
    async def _take(self, items: list[dict[str, Any]], result: RoundResult) -> None:
        by_source = {self.source_id(str(item["id"])): item for item in items if item.get("id")}
        stored = await asyncio.to_thread(self._stored, list(by_source))
        new = [(source, item) for source, item in by_source.items() if source not in stored]
        result.already_stored += len(by_source) - len(new)
        # Downloads run side by side (the client allows four at once); storing is one batch.
        raws = await asyncio.gather(*(self._mime(item) for _, item in new))
        # An item deleted (or moved) after the listing is gone when read (404): the others are
        # stored and marked all the same, and the round keeps no delta link (sync_once).
        gone = {source for (source, _), raw in zip(new, raws, strict=True) if raw is None}
        fetched = [
            (source, item, raw)
            for (source, item), raw in zip(new, raws, strict=True)
            if raw is not None
        ]
        new = [(source, item) for source, item, _ in fetched]
        batch = [(raw, self._envelope(raw, item, source)) for source, item, raw in fetched]
        receipts = await asyncio.to_thread(self.deliver, batch) if batch else []
        failed = gone | {
            source
            for (source, _), receipt in zip(new, receipts, strict=True)
            if isinstance(receipt, Exception)
        }
        result.stored += sum(
            1 for r in receipts if isinstance(r, DeliveryReceipt) and not r.duplicate
        )
        for (_, item), receipt in zip(new, receipts, strict=True):
            if isinstance(receipt, DeliveryReceipt) and receipt.duplicate:
                # A copy heard marked read shows in the next delta again (it changed): it is
                # then mail already stored, not a second copy in the log line.
                if self._looks_processed(item):
                    result.already_stored += 1
                else:
                    result.copies += 1
        if result.stored and self.on_stored is not None:
            self.on_stored()
        # Marked only now, after the commit; already-processed items are left alone, and so
        # is an item that could not be stored: it stays unread in the inbox.
        unmarked = [
            item
            for source, item in by_source.items()
            if source not in failed and not self._looks_processed(item)
        ]
        await asyncio.gather(*(self._mark_processed(str(item["id"])) for item in unmarked))
        result.marked += len(unmarked)
        result.gone += len(gone)
        self._gone_now |= gone
        if failed - gone:
            # The round stops before its delta link is kept, so the next round lists these
            # again. Nothing of the messages is logged.
            raise GraphError(
                0, "StoreFailed", f"{len(failed - gone)} message(s) could not be stored"
            )

    def _looks_processed(self, item: dict[str, Any]) -> bool:
        """An item moved away no longer shows in the inbox's delta; marked read, it shows
        `isRead` (staff may have opened it first: it is stored all the same)."""
        return self.mailbox.processed_folder is None and bool(item.get("isRead"))

    async def _mime(self, item: dict[str, Any]) -> bytes | None:
        """The item's MIME bytes, or None if it was gone when read (deleted in Outlook since
        the listing: Graph answers 404 ErrorItemNotFound)."""
        try:
            return await self.client.get_bytes(f"{self._message_path(str(item['id']))}/$value")
        except GraphError as error:
            if error.status == 404:
                return None
            raise

    async def _mark_processed(self, item_id: str) -> None:
        path = self._message_path(item_id)
        if self.mailbox.processed_folder is None:
            await self.client.request("PATCH", path, json={"isRead": True}, headers=IMMUTABLE_IDS)
            return
        folder_id = await self._processed_folder_id()
        try:
            await self.client.request(
                "POST", f"{path}/move", json={"destinationId": folder_id}, headers=IMMUTABLE_IDS
            )
        except GraphError as error:
            if error.status == 404:  # the folder was deleted or renamed: look it up again
                self._folder_id = None
            raise

    async def _processed_folder_id(self) -> str:
        """The folder named HEARD_GRAPH_PROCESSED_FOLDER, created at the top of the mailbox
        if it does not exist yet."""
        if self._folder_id is None:
            name = self.mailbox.processed_folder or ""
            folders = f"users/{quote(self.mailbox.address)}/mailFolders"
            wanted = "displayName eq '{}'".format(name.replace("'", "''"))
            found = await self.client.get_json(f"{folders}?$filter={quote(wanted)}")
            existing = [f for f in found.get("value", []) if f.get("displayName") == name]
            if existing:
                self._folder_id = str(existing[0]["id"])
            else:
                created = await self.client.request("POST", folders, json={"displayName": name})
                self._folder_id = str(json.loads(created)["id"])
        return self._folder_id

    def _envelope(self, raw: bytes, item: dict[str, Any], source_id: str) -> InboundEnvelope:
        """Exchange records the SMTP envelope sender as Return-Path on delivery: the same
        identity the listener trusts. Without one, Graph's sender address stands in."""
        return InboundEnvelope(
            mail_from=_return_path(raw) or _address(item.get("sender")) or "",
            rcpt_tos=(self.mailbox.address,),
            peer="graph",
            source_id=source_id,
        )

    def source_id(self, item_id: str) -> str:
        return f"graph:{self.mailbox.address.lower()}:{item_id}"

    def _message_path(self, item_id: str) -> str:
        return f"users/{quote(self.mailbox.address)}/messages/{quote(item_id, safe='')}"

    # --- the database (worker threads) ---------------------------------------------------------
    def _stored_link(self) -> str | None:
        with session_scope(self.engine) as session:
            return mailbox_sync.delta_link(session, mailbox=self.mailbox.address, folder=INBOX)

    def _forget_link(self) -> None:
        with session_scope(self.engine) as session:
            mailbox_sync.forget_delta_link(session, mailbox=self.mailbox.address, folder=INBOX)

    def _round_completed(self, link: str) -> None:
        with session_scope(self.engine) as session:
            mailbox_sync.round_completed(
                session,
                mailbox=self.mailbox.address,
                folder=INBOX,
                delta_link=link,
                at=self.clock.now(),
            )

    def _stored(self, source_ids: list[str]) -> set[str]:
        with session_scope(self.engine) as session:
            return mailbox_sync.stored_sources(session, source_ids)

    def last_synced_at(self) -> datetime | None:
        with session_scope(self.engine) as session:
            return mailbox_sync.last_synced_at(session, mailbox=self.mailbox.address, folder=INBOX)


def _return_path(raw: bytes) -> str | None:
    headers = BytesHeaderParser().parsebytes(raw[:100_000])
    value = headers.get("Return-Path")
    if value is None:
        return None
    address = str(value).strip().strip("<>").strip()
    return address if is_email(address) else None


def _address(field_value: Any) -> str | None:
    if not isinstance(field_value, dict):
        return None
    address = (field_value.get("emailAddress") or {}).get("address")
    # One plain dot-atom address, as org.addresses checks every address heard is given:
    # nothing for a parser to split differently (commas, brackets, quotes, spaces, control
    # characters; parseaddr's `strict`, the CVE-2023-27043 fix, is missing from older 3.11).
    if not isinstance(address, str) or not is_email(address.strip()):
        return None
    return address.strip()


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300] or type(error).__name__
