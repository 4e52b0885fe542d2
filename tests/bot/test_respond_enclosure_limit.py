"""Slack's view before Send says when the reports staff ticked cannot go with the stage 2
response (previewfix): mail through Microsoft Graph from a 1 MB mailbox, a 700 KB report."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import SecretStr

from bot import ids
from heard.settings import Settings
from tests.bot.clicking import pushed_view, submit
from tests.bot.conftest import Slack
from tests.bot.test_dated_modals import confirm_triage, open_modal
from tests.bot.test_respond_enclosure import at_stage_two_with_reports
from tests.bot.test_respond_preview import shown_text


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Mail through Microsoft Graph from a 1 MB mailbox: files up to 675,000 bytes a letter."""
    return settings.model_copy(
        update={"mail_transport": "graph", "graph_mailbox": "complaints@council.example",
                "graph_tenant_id": "tenant", "graph_client_id": "client",
                "graph_client_secret": SecretStr("secret"), "graph_message_max_mb": 1}
    )  # fmt: skip


async def test_the_letter_shown_says_when_the_ticked_reports_cannot_go(slack: Slack) -> None:
    """previewfix: a 700 KB report over what a 1 MB Graph mailbox carries. The view before Send
    tells staff, in a context line above the letter and not in it, that the reports cannot go,
    which way and which limit, and that copies will be offered and the case flagged. Before,
    only the letter offering copies was shown."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    await asyncio.to_thread(at_stage_two_with_reports, slack, reference, b"x" * 700_000)
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    saved = await submit(
        slack, view,
        {"outcome_1": "not_upheld", "finding_1": "The investigator read every record.",
         "remedies": ["explanation"], "enclose": ["reports"]},
        user="UMANAGER", send=False,
    )  # fmt: skip
    preview = pushed_view(await saved.text())
    assert preview is not None, await saved.text()
    notes = [
        " ".join(str(element.get("text", "")).split())
        for block in preview["blocks"]
        if block.get("type") == "context"
        for element in block["elements"]
    ]
    (note,) = [each for each in notes if each.startswith("Not in the letter")]
    assert (
        "the reports weigh 0.7 MB and a letter carries at most 0.7 MB (Microsoft Graph, a mailbox "
        "taking messages up to 1 MB: HEARD_GRAPH_MESSAGE_MAX_MB)"
    ) in note and "the case will be flagged for you to send them" in note
    letter = shown_text(preview)
    assert "we will send you copies" in letter and "Not in the letter" not in letter
