"""Slack's Record response takes what staff found on each issue, in a field that says it goes
in the letter to the complainant; the response letter quotes it (issue 23 item 2)."""

from __future__ import annotations

import asyncio
import json

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


async def test_an_upheld_issue_without_a_finding_is_an_error_on_its_field(slack: Slack) -> None:
    """The family is owed the reason for an upheld, not upheld or inconclusive issue; a
    withdrawn one may go without."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    response = await submit(
        slack, view, {"outcome_1": "not_upheld", "remedies": ["explanation"]}, user="UMANAGER"
    )
    answer = json.loads(await response.text())
    assert answer["response_action"] == "errors", answer
    assert answer["errors"] == {
        "finding_1": "Issue 1 is not upheld: say what you found and why, "
        "for the complainant's letter."
    }
    assert response_letter(slack, reference) is None
    response = await submit(
        slack, view, {"outcome_1": "withdrawn", "remedies": ["no_remedy_required"]},
        user="UMANAGER",
    )
    assert closed(await response.text()), await response.text()


async def test_an_upheld_issue_needs_what_puts_it_right_on_the_remedies_block(
    slack: Slack,
) -> None:
    """The rule the CLI and the web form keep (cases.procedure.remedies_refusal), in the same
    words: an upheld issue with no remedy, or only 'No remedy required', is refused on the
    remedies block; a response upholding nothing may tick none."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    said = (
        "Issue 1 is upheld: choose what the council will do to put it right (an apology, an "
        "explanation, a service provided, a financial remedy or a change to practice)."
    )
    for remedies in ([], ["no_remedy_required"]):
        response = await submit(
            slack, view, {"outcome_1": "upheld", "finding_1": FINDING, "remedies": remedies},
            user="UMANAGER",
        )
        answer = json.loads(await response.text())
        assert answer == {"response_action": "errors", "errors": {"remedies": said}}, answer
    assert response_letter(slack, reference) is None
    response = await submit(
        slack, view, {"outcome_1": "not_upheld", "finding_1": FINDING, "remedies": []},
        user="UMANAGER",
    )
    assert closed(await response.text()), await response.text()
    await eventually(lambda: response_letter(slack, reference) is not None)
    assert "put things right" not in (response_letter(slack, reference) or "")


async def test_a_sum_in_pounds_is_read_as_the_web_and_the_cli_read_it(slack: Slack) -> None:
    """walkerB: Slack's modal read '1e3' as £1,000 and took £0, which the web form and the CLI
    refuse; every door now reads a sum with cases.procedure.pounds_to_pence."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    answers = {"outcome_1": "upheld", "remedies": ["financial"], "finding_1": FINDING}
    for typed, said in [
        ("1e3", "The amount must be a sum in pounds, like 250 or 250.50."),
        ("0", "The amount must be more than £0."),
        ("250000", "The amount must be at most £100,000."),
        ("12.345", "The amount must be a sum in pounds, like 250 or 250.50."),
    ]:
        response = await submit(
            slack, view, {**answers, "financial_amount": typed}, user="UMANAGER"
        )
        answer = json.loads(await response.text())
        assert answer == {"response_action": "errors", "errors": {"financial_amount": said}}
    assert response_letter(slack, reference) is None
