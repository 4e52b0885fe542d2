"""Every outcome the seeds count can be chosen in Slack's Record response (issue 23 item 3):
the modal offers them, and the stage's outcome follows the issues'."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot import ids
from tests.bot.conftest import Slack
from tests.bot.test_clicks import add_issue, by_modal, stage_rows


async def test_inconclusive_and_withdrawn_by_modal(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=10)
    await asyncio.to_thread(add_issue, slack, reference)
    received = slack.case(reference).receipt_day
    view = await by_modal(
        slack,
        reference,
        ids.RESPOND,
        ids.RESPOND_VIEW,
        {
            "responded_on": (received + timedelta(days=5)).isoformat(),
            "outcome_1": "inconclusive",
            "outcome_2": "withdrawn",
            "remedies": ["explanation"],
        },
        "respond",
        user="UMANAGER",
    )
    offered = {
        option["value"]
        for block in view["blocks"]
        if block["block_id"] == "outcome_1"
        for option in block["element"]["options"]
    }
    assert {"inconclusive", "resolved_early", "not_applicable", "withdrawn"} <= offered
    rows = stage_rows(slack, reference)
    assert [row.outcome.value for row in rows["IssueOutcome"]] == ["inconclusive", "withdrawn"]
    assert rows["Stage"][0].outcome.value == "inconclusive"
