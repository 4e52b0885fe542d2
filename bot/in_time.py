"""Answering Slack in time. Slack waits 3 seconds for the answer to a form's Save, and a click's
trigger (which opens a modal) lasts 3 seconds; past that the user is told it failed while heard
may still be making the change. A form's work is quick (a letter's preview took 30 to 60 ms in
tests/bot), but it writes, and can wait seconds behind another writer (SQLite's one writer, a
lock in PostgreSQL). So the work runs against ACK_BUDGET: done within it, Slack gets the answer
as before (errors beside the fields, the letter pushed); past it, Slack is answered with a view
saying heard is still working, and that view is replaced by the answer once the work is done.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.modals.common import Block, View
from bot.mrkdwn import MODAL_TITLE, plain

log = logging.getLogger("heard.slack")
T = TypeVar("T")
ACK_BUDGET = 1.5  # seconds of Slack's 3 the work may take (after up to 0.5 s of replay check)
WORKING = (
    "heard is still working on this: the database is busy. This shows the result when it is done"
)
NOT_FINISHED = "heard could not finish this: look at the card to see whether it was recorded."
REFUSED_ASIDE = "heard has told you why in a message beside the card. Close this."


async def in_time(work: Coroutine[Any, Any, T], *, meanwhile: Callable[[], Awaitable[None]]) -> T:
    """The work's result. If it takes longer than ACK_BUDGET, `meanwhile` answers Slack first
    (the work goes on meanwhile, never cancelled: a change half made would be lost)."""
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.wait_for(asyncio.shield(task), ACK_BUDGET)
    except TimeoutError:
        await meanwhile()
        return await task


def notice(text: str, *, title: str = "Not sent", close: str = "Back") -> View:
    """A view that only tells (no field to show an error beside)."""
    return {
        "type": "modal",
        "title": plain(title, MODAL_TITLE),
        "close": plain(close, 24),
        "blocks": [section(text)],
    }


def section(text: str) -> Block:
    # plain text: a letter quotes what people wrote, never to be read as Slack markup
    return {"type": "section", "text": plain(text, 3000)}


@dataclass(frozen=True)
class Answer:
    """A form's answer to Slack, as bolt's ack takes it: close the view (no action), errors
    beside fields, a view pushed or put in the form's place, or every view cleared. `refused`:
    closed because the person may not do this (told why beside the card), which, answered
    late, must not read as done."""

    action: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    view: View | None = None
    refused: bool = False

    def ack_arguments(self) -> dict[str, Any]:
        if self.action is None:
            return {}
        if self.action == "errors":
            return {"response_action": "errors", "errors": self.errors}
        if self.view is not None:
            return {"response_action": self.action, "view": self.view}
        return {"response_action": self.action}


CLOSE = Answer()
CLEAR = Answer("clear")
REFUSED = Answer(refused=True)  # closed, as CLOSE: the refusal is said beside the card


def field_errors(errors: dict[str, str]) -> Answer:
    return Answer("errors", errors=errors)


def push(view: View) -> Answer:
    return Answer("push", view=view)


def replace(view: View) -> Answer:
    return Answer("update", view=view)


async def answer_form(
    ack: AsyncAck,
    body: dict[str, Any],
    client: AsyncWebClient,
    work: Coroutine[Any, Any, Answer],
    *,
    done: str,
) -> None:
    """Answer a form's Save with the work's answer; past ACK_BUDGET, with a waiting view pushed
    over the form, which then shows the answer: the view to push, the errors (Back returns to
    the form), a refusal (told beside the card), or `done`: then the form beneath says `done`
    too, so it cannot be saved twice."""
    key = f"heard-{secrets.token_hex(12)}"
    late = False

    async def waiting() -> None:
        nonlocal late
        late = True
        working = notice(f"{WORKING}: keep it open, and do not press Save again.", title="Working")
        await ack(response_action="push", view={**working, "external_id": key})

    try:
        answer = await in_time(work, meanwhile=waiting)
    except Exception:
        if late:
            await _update(client, notice(NOT_FINISHED, title="Not finished"), external_id=key)
        raise
    if not late:
        await ack(**answer.ack_arguments())
        return
    if answer.refused:  # the form beneath stays as it was: nothing was recorded from it
        await _update(client, notice(REFUSED_ASIDE, title="Not allowed"), external_id=key)
    elif answer.view is not None:
        await _update(client, answer.view, external_id=key)
    elif answer.errors:
        said = " ".join(answer.errors.values())
        await _update(client, notice(f"Not recorded: {said} Press Back to change the form.",
                                     title="Not recorded"), external_id=key)  # fmt: skip
    else:
        shown = notice(done, title="Done")
        await _update(client, shown, external_id=key)
        opened = body.get("view") or {}
        for beneath in dict.fromkeys((opened.get("root_view_id"), opened.get("id"))):
            if beneath:
                await _update(client, shown, view_id=str(beneath))


@dataclass
class Placeholder:
    """The modal a click opens with its trigger while the work goes on past ACK_BUDGET (the
    trigger would have expired by the end of it); `show` then puts the result in its place."""

    client: AsyncWebClient
    trigger_id: str
    view_id: str | None = None

    async def open(self) -> None:
        opened = await self.client.views_open(
            trigger_id=self.trigger_id, view=notice(f"{WORKING}.", title="Working", close="Close")
        )
        view = opened.get("view") or {}
        self.view_id = str(view.get("id") or "") or None

    async def run(self, work: Coroutine[Any, Any, T]) -> T:
        """The work's result, the placeholder opened if it runs past ACK_BUDGET. Work that fails
        leaves no placeholder saying "still working" for ever: it says the work did not finish
        (the error goes on to bolt's handler, bot/listener_faults.py, which logs it)."""
        try:
            return await in_time(work, meanwhile=self.open)
        except Exception:
            await self.show(notice(NOT_FINISHED, title="Not finished", close="Close"))
            raise

    async def show(self, view: View) -> bool:
        """Shows `view` in the placeholder: False if none was opened."""
        if self.view_id is None:
            return False
        await _update(self.client, view, view_id=self.view_id)
        return True

    async def show_or_open(self, view: View) -> None:
        """`view` in the placeholder, or opened with the click's trigger (still fresh)."""
        if not await self.show(view):
            await self.client.views_open(trigger_id=self.trigger_id, view=view)


async def _update(
    client: AsyncWebClient,
    view: View,
    *,
    view_id: str | None = None,
    external_id: str | None = None,
) -> None:
    try:
        await client.views_update(view=view, view_id=view_id, external_id=external_id)
    except SlackApiError as error:  # closed meanwhile: nothing left to show it in
        log.warning("slack view not updated: %s", error.response.get("error"))
