"""Slack's Record response takes what staff found on each issue, in a field that says it goes
in the letter to the complainant; the response letter quotes it (issue 23 item 2)."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from bot import ids
from store.db import session_scope
from store.models import Case, Correspondence
from tests.bot.clicking import closed, eventually, submit
from tests.bot.conftest import Slack
from tests.bot.test_dated_modals import confirm_triage, open_modal

FINDING = "We found that your calls in December were not returned, and we are sorry."


def response_letter(slack: Slack, reference: str) -> str | None:
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        rows = session.exec(select(Correspondence).where(Correspondence.case_id == case.id))
        found = [row.text for row in rows if (row.details or {}).get("letter") == "response"]
        return found[0] if found else None


async def test_the_finding_typed_in_slack_reaches_the_letter(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    labels = {block["block_id"]: block["label"]["text"] for block in view["blocks"]}
    assert "goes in the letter to the complainant" in labels["finding_1"]
    response = await submit(
        slack,
        view,
        {"outcome_1": "upheld", "remedies": ["apology"], "finding_1": FINDING},
        user="UMANAGER",
    )
    assert response.status == 200 and closed(await response.text())
    await eventually(lambda: response_letter(slack, reference) is not None)
    letter = " ".join((response_letter(slack, reference) or "").split())
    assert FINDING in letter
