"""PostgreSQL's connection lost under a Slack click or a form's Save (pg_terminate_backend, as a
failover or a restarted database does): the person who clicked is told heard could not reach its
database and to look at the card and try again, a 'Working' placeholder does not stay open for
ever, the log has one line naming the button or form (no traceback), nothing is recorded, and
the same click a moment later works (bot/listener_faults.py). Walking heard with its
connections terminated, the click did nothing anyone could see and logged sixty lines.

A connection lost mid-query is PostgreSQL's fault to have: SQLite has no connection to lose
(its busy writer is tests/bot/test_answer_in_time.py's), so these run on PostgreSQL only."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from bot import ids
from bot.in_time import NOT_FINISHED
from bot.listener_faults import DATABASE_AWAY
from tests.bot.clicking import card, click, eventually, opened_view, pushed_view, submit
from tests.bot.conftest import Slack
from tests.bot.test_correct_complainant import HELD, _held, summary_reads
from tests.bot.test_dated_modals import confirm_triage
from tests.bot.test_letter_previews import recorded
from tests.database_cut import terminate, waiting_pids, writes_held


@contextmanager
def connections_cut(slack: Slack) -> Iterator[sa.Connection]:
    """Another connection holds heard's writes (a lock on the audit table); the test then cuts
    the connection of the heard query that waits on it (`cut`)."""
    with writes_held(slack.context.engine.url.render_as_string(hide_password=False)) as holder:
        yield holder


async def cut(holder: sa.Connection) -> None:
    """Terminate the heard connection waiting for the lock, once there is one."""

    def waiting() -> list[int]:
        return waiting_pids(holder)

    await eventually(lambda: bool(waiting()))
    terminate(holder, waiting())


def told(slack: Slack, user: str) -> list[str]:
    return [
        str(body.get("text"))
        for body in slack.api.received("chat.postEphemeral")
        if body.get("user") == user
    ]


def logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What the Slack part logged about a listener that failed."""
    return [r for r in caplog.records if r.name.startswith(("heard.slack", "slack_bolt"))
            and ("failed" in r.getMessage().lower() or r.exc_info)]  # fmt: skip


async def test_a_click_whose_connection_is_cut_says_so_and_the_next_click_works(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    blocks = await card(slack, reference)
    before = recorded(slack)
    opened = len(slack.api.received("views.open"))
    caplog.set_level(logging.INFO)
    with connections_cut(slack) as holder:
        await click(slack, blocks, ids.CONFIRM_TRIAGE)
        # past Slack's budget the click's placeholder opens ('Working'); then the cut
        await eventually(lambda: len(slack.api.received("views.open")) > opened)
        await cut(holder)
        await eventually(lambda: DATABASE_AWAY in told(slack, "UOFFICER"))
    shown = [str(body.get("view")) for body in slack.api.received("views.update")]
    assert any(NOT_FINISHED in view for view in shown), "the placeholder still says 'Working'"
    assert recorded(slack) == before and slack.case(reference).triage_confirmed_at is None

    lines = logged(caplog)
    assert [r.getMessage() for r in lines] == [
        "slack case_confirm_triage failed: database not reachable (OperationalError); "
        "the person was asked to try again"
    ]
    assert not any(r.exc_info for r in lines), "a traceback for a database that went away"

    await click(slack, blocks, ids.CONFIRM_TRIAGE)
    await eventually(lambda: slack.case(reference).triage_confirmed_at is not None)


async def test_a_save_whose_connection_is_cut_says_so_and_changes_nothing(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    blocks = await card(slack, reference)
    opened = len(slack.api.received("views.open"))
    await click(slack, blocks, ids.CORRECT_COMPLAINANT)
    view = await opened_view(slack, ids.CORRECT_COMPLAINANT_VIEW, after=opened)
    # the click's work goes on once the modal is open (the read is audited): done before the cut
    await eventually(lambda: bool(summary_reads(slack)))
    caplog.set_level(logging.INFO)
    with connections_cut(slack) as holder:
        saved = asyncio.ensure_future(
            submit(slack, view, {**HELD, "name": "Jo Bloggs"}, send=False)
        )
        await cut(holder)
        answer = await (await saved).text()
    pushed = pushed_view(answer)
    # Answered before Slack's budget ran out: the form shows it; after: a message beside it.
    if pushed is not None and pushed["title"]["text"] == "Not recorded":
        assert DATABASE_AWAY in str(pushed)
    else:
        await eventually(lambda: DATABASE_AWAY in told(slack, "UOFFICER"))
    assert _held(slack, reference) == HELD
    assert [r.getMessage() for r in logged(caplog)] == [
        "slack correct_complainant_view failed: database not reachable (OperationalError); "
        "the person was asked to try again"
    ]

    assert (await (await submit(slack, view, {**HELD, "name": "Jo Bloggs"})).text()) is not None
    await eventually(lambda: _held(slack, reference)["name"] == "Jo Bloggs")
