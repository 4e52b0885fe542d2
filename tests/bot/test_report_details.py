"""Slack's View details lists stage 2's reports (walker4, issue 23): whose each is and the day it
was attached, and whether the response carried it, as the web view and `heard cases show` list
them. Never a file's contents, nor its name (a name can say a child's), anywhere in Slack."""

from __future__ import annotations

import asyncio

from bot import ids
from cases.day_words import long_day
from tests.bot.clicking import card, click, opened_view
from tests.bot.conftest import Slack
from tests.bot.test_dated_modals import confirm_triage
from tests.bot.test_respond_enclosure import at_stage_two_with_reports


async def test_view_details_lists_the_stage_two_reports_without_their_files(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    await asyncio.to_thread(at_stage_two_with_reports, slack, reference)
    await click(slack, await card(slack, reference), ids.VIEW_DETAILS, user="UMANAGER")
    shown = str(await opened_view(slack, "details_view"))
    today = long_day(slack.context.calendar.local_date(slack.context.clock.now()))
    assert "*Stage 2 reports (2)*" in shown
    assert f"1. Investigating officer's report · attached {today}" in shown
    assert f"2. Independent person's report · attached {today}" in shown
    posted = [slack.api.received(method) for method in ("chat.postMessage", "chat.update")]
    everywhere = shown + str(posted)
    assert "io.pdf" not in everywhere and "%PDF" not in everywhere
