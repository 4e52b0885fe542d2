"""Every outcome the seeds count can be chosen in Slack's Record response (issue 23 item 3):
the modal offers them, and the stage's outcome follows the issues'."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot import ids
from tests.bot.clicking import closed, submit
from tests.bot.conftest import Slack
from tests.bot.test_clicks import add_issue, by_modal, stage_rows
from tests.bot.test_dated_modals import confirm_triage, open_modal
from tests.mailsink import MailSink
from tests.outbound.test_letters import letters
from tests.outcome_letters import (
    EVERY_OUTCOME,
    assert_every_outcome_in,
    findings_for,
    one_issue_per_outcome,
)


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
            "outcome_1": "inconclusive", "finding_1": "We read the records for issue 1.",
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


async def test_every_outcome_in_one_response_reaches_the_letter(
    slack: Slack, mail_sink: MailSink
) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=10)
    await asyncio.to_thread(one_issue_per_outcome, slack.context.engine, reference)
    await asyncio.to_thread(confirm_triage, slack, reference)
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    answers = {f"outcome_{n}": o.value for n, o in enumerate(EVERY_OUTCOME, start=1)}
    numbers = range(1, len(EVERY_OUTCOME) + 1)
    answers |= {f"finding_{n}": text for n, text in findings_for(numbers).items()}
    response = await submit(slack, view, {**answers, "remedies": ["explanation"]}, user="UMANAGER")
    assert closed(await response.text()), await response.text()
    (letter,) = await letters(slack.context.engine, slack.context.settings, mail_sink)
    assert_every_outcome_in(letter)
