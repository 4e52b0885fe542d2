"""Slack is answered within its 3 seconds even when the database keeps heard's writes waiting
(bot/in_time.py): another connection holds the writer (SQLite's one writer; a lock on the audit
table in PostgreSQL), as a long intake or the scheduler might. A form's Save is answered with a
'Working' view, which shows the letter once the writer is free; the letter is the one a quick
Save shows. Send, late too, ends in 'Recorded' in the waiting view and in the form beneath. A
one-click button opens its placeholder with the trigger while it is still fresh."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot import ids
from store.db import is_sqlite, sqlite_path
from testkit.slack_api import view_in
from tests.bot.clicking import card, click, closed, eventually, pushed_view, submit
from tests.bot.conftest import Slack
from tests.bot.test_dated_modals import confirm_triage, open_modal
from tests.bot.test_letter_previews import letter_text, recorded

SLACK_WAITS = 3.0  # seconds


@contextmanager
def writer_busy(slack: Slack) -> Iterator[None]:
    """Another connection holds the database's writer: heard's writes wait, its reads do not."""
    engine = slack.context.engine
    url = engine.url.render_as_string(hide_password=False)
    if is_sqlite(url):
        path = sqlite_path(url)
        assert path is not None
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    with engine.connect() as connection:
        connection.execute(sa.text("LOCK TABLE audit_log IN EXCLUSIVE MODE"))
        try:
            yield
        finally:
            connection.rollback()


async def updated(slack: Slack, **target: str) -> dict[str, Any]:
    """The last view heard put in place of the view with this view_id or external_id."""
    key, value = next(iter(target.items()))

    def found() -> list[dict[str, Any]]:
        return [view_in(b) for b in slack.api.received("views.update") if b.get(key) == value]

    await eventually(lambda: bool(found()))
    return found()[-1]


async def timed(work: Any) -> tuple[Any, float]:
    started = time.monotonic()
    answer = await work
    return answer, time.monotonic() - started


async def test_a_letter_held_up_by_the_database_is_shown_when_ready(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=20)
    await asyncio.to_thread(confirm_triage, slack, reference)
    received = slack.case(reference).receipt_day
    today = slack.context.calendar.local_date(slack.context.clock.now())
    answers = {
        "new_due": (today + timedelta(days=3)).isoformat(),
        "agreed_on": (received + timedelta(days=2)).isoformat(),
        "reason": "TM off sick",
        "reason_for_complainant": "the manager is away",
    }
    form = await open_modal(slack, reference, ids.EXTEND, ids.EXTEND_VIEW, "UMANAGER")
    quick = pushed_view(
        await (await submit(slack, form, answers, user="UMANAGER", send=False)).text()
    )
    assert quick is not None and quick["callback_id"] == ids.EXTEND_PREVIEW_VIEW
    before = recorded(slack)

    with writer_busy(slack):
        saved, took = await timed(submit(slack, form, answers, user="UMANAGER", send=False))
        waiting = pushed_view(await saved.text())
    assert took < SLACK_WAITS, took
    assert waiting is not None and waiting["title"]["text"] == "Working", waiting
    late = await updated(slack, external_id=waiting["external_id"])
    assert late["callback_id"] == ids.EXTEND_PREVIEW_VIEW
    assert letter_text(late) == letter_text(quick)
    assert "the manager is away" in letter_text(late)
    assert recorded(slack) == before, "Save changed something before Send"

    with writer_busy(slack):
        sent, took = await timed(submit(slack, late, {}, user="UMANAGER", send=False))
        waiting = pushed_view(await sent.text())
    assert took < SLACK_WAITS, took
    assert waiting is not None and waiting["title"]["text"] == "Working", waiting
    done = await updated(slack, external_id=waiting["external_id"])
    assert done["title"]["text"] == "Done" and "Recorded" in done["blocks"][0]["text"]["text"]
    assert (await updated(slack, view_id="V1"))["title"]["text"] == "Done"  # no form left to save
    assert recorded(slack) > before


async def test_a_click_held_up_by_the_database_opens_its_letter_when_ready(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    blocks = await card(slack, reference)
    before = recorded(slack)
    opened = len(slack.api.received("views.open"))

    with writer_busy(slack):
        clicked = time.monotonic()
        await click(slack, blocks, ids.WITHDRAW)
        await eventually(lambda: len(slack.api.received("views.open")) > opened)
        placeholder_at = next(
            call.at for call in reversed(slack.api.calls) if call.method == "views.open"
        )
    assert placeholder_at - clicked < SLACK_WAITS, placeholder_at - clicked
    placeholder = view_in(slack.api.received("views.open")[-1])
    assert placeholder["title"]["text"] == "Working", placeholder
    assert len(slack.api.received("views.open")) == opened + 1
    preview_id = f"{ids.WITHDRAW}_preview_view"

    def shown() -> list[dict[str, Any]]:
        return [body for body in slack.api.received("views.update")
                if view_in(body).get("callback_id") == preview_id]  # fmt: skip

    await eventually(lambda: bool(shown()))
    assert shown()[0]["view_id"], "the letter goes in the placeholder opened with the trigger"
    letter = view_in(shown()[0])
    assert (letter["submit"]["text"], letter["close"]["text"]) == ("Send", "Cancel")
    assert recorded(slack) == before, "the click changed something before Send"
    assert closed(await (await submit(slack, letter, {})).text())
    assert recorded(slack) > before


async def test_a_letter_whose_draft_waits_opens_while_the_trigger_is_fresh(slack: Slack) -> None:
    """The click's letter is ready in time but keeping its draft waits behind another writer
    (PostgreSQL: a lock on the drafts' table alone; SQLite's one writer would hold up the
    letter too). The placeholder still opens within Slack's 3 s: opening the letter with the
    click's trigger once the draft was kept would be too late, the trigger expired."""
    engine = slack.context.engine
    if is_sqlite(engine.url.render_as_string(hide_password=False)):
        pytest.skip("SQLite has one writer for every table")
    reference = await asyncio.to_thread(slack.new_case)
    blocks = await card(slack, reference)
    opened = len(slack.api.received("views.open"))
    with engine.connect() as connection:
        connection.execute(sa.text("LOCK TABLE slack_draft IN EXCLUSIVE MODE"))
        try:
            clicked = time.monotonic()
            await click(slack, blocks, ids.WITHDRAW)
            waited = SLACK_WAITS + 1
            while len(slack.api.received("views.open")) == opened and waited > 0:
                await asyncio.sleep(0.05)
                waited -= 0.05
        finally:
            connection.rollback()
    await eventually(lambda: len(slack.api.received("views.open")) > opened)
    opened_at = next(call.at for call in slack.api.calls if call.method == "views.open"
                     and call.at >= clicked)  # fmt: skip
    assert opened_at - clicked < SLACK_WAITS, opened_at - clicked
    preview_id = f"{ids.WITHDRAW}_preview_view"
    await eventually(lambda: any(view_in(body).get("callback_id") == preview_id
                                 for body in slack.api.received("views.update")))  # fmt: skip


async def test_a_refusal_held_up_by_the_database_does_not_read_as_done(slack: Slack) -> None:
    """Someone with no role saves a form while the writer is busy: the refusal is audited (a
    write, so it waits) and said beside the card. The waiting view says it was not allowed,
    never 'Recorded', and the form beneath is left as it was."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=20)
    await asyncio.to_thread(confirm_triage, slack, reference)
    form = await open_modal(slack, reference, ids.EXTEND, ids.EXTEND_VIEW, "UMANAGER")
    before = recorded(slack)
    with writer_busy(slack):
        saved, took = await timed(submit(slack, form, {}, user="UNOBODY", send=False))
        waiting = pushed_view(await saved.text())
    assert took < SLACK_WAITS, took
    assert waiting is not None and waiting["title"]["text"] == "Working", waiting
    shown = await updated(slack, external_id=waiting["external_id"])
    assert shown["title"]["text"] == "Not allowed", shown
    assert not [body for body in slack.api.received("views.update") if body.get("view_id")]
    audited, queued = recorded(slack)
    assert (audited, queued) == (before[0] + 1, before[1])  # the refusal, audited; no letter
