"""Slack's Record response shows the letter before it goes (issue 23 item 2): Save checks the
form and pushes the response letter (nothing recorded, nothing sent); Send records the response
and the letter goes, read here from the SMTP capture server. What was typed is kept server-side
(findings far past private_metadata's 3,000 characters), for the person who typed it, once.
Over several categories, one of them the council's own."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import select

from bot import ids
from store.db import session_scope
from store.models import OutboxMessage, SlackDraft
from store.slack_drafts import draft_of, save_draft
from tests.bot.clicking import closed, drain, eventually, pushed_view, submit
from tests.bot.conftest import Slack
from tests.bot.test_dated_modals import confirm_triage, open_modal
from tests.bot.test_every_category import (  # noqa: F401  (councils_category: the fixture)
    COUNCILS_OWN,
    councils_category,
    in_category,
    response_letter,
)
from tests.mailsink import MailSink
from tests.outbound.test_letters import letters

CATEGORIES = [
    ("communication", "Communication"),
    ("incorrect_records", None),
    COUNCILS_OWN,
]
LONG = "We looked at every call log from the autumn. " * 60  # ~2,700 characters
LEARNING = "Return calls within two working days, and log each one. " * 25  # ~1,400


def shown_text(view: dict[str, Any]) -> str:
    return " ".join(
        " ".join(str(block.get("text", {}).get("text", "")).split())
        for block in view["blocks"]
        if block.get("type") in ("section", "header")
    )


def letters_queued(slack: Slack) -> int:
    with session_scope(slack.context.engine) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.purpose == "letter"))
        return len(rows.all())


async def test_the_letter_is_shown_before_send_in_every_kind_of_category(
    councils_category: None,  # noqa: F811
    slack: Slack,
    mail_sink: MailSink,
) -> None:
    labels = slack.context.rulebook
    for category, _ in CATEGORIES:
        label = labels.category_label(category)
        reference = await asyncio.to_thread(slack.new_case, days_ago=3)
        await asyncio.to_thread(in_category, slack, reference, category)
        await asyncio.to_thread(confirm_triage, slack, reference)
        await drain(slack)
        view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
        finding = f"On {label}: {LONG}"
        before = letters_queued(slack)
        saved = await submit(
            slack, view, {"outcome_1": "upheld", "remedies": ["apology"], "finding_1": finding,
                          "learning": LEARNING},
            user="UMANAGER", send=False,
        )  # fmt: skip
        preview = pushed_view(await saved.text())
        assert preview is not None, await saved.text()
        assert preview is not None and preview["callback_id"] == ids.RESPOND_PREVIEW_VIEW
        assert (preview["submit"]["text"], preview["close"]["text"]) == ("Send", "Back")
        # more than private_metadata could carry; the view carries only the draft's key
        assert len(finding) + len(LEARNING) > 3000 and len(preview["private_metadata"]) <= 64
        text = shown_text(preview)
        assert label in text and " ".join(finding.split()) in text, category
        # Nothing is recorded or sent yet.
        assert slack.case(reference).status.value == "open"
        assert response_letter(slack, reference) is None and letters_queued(slack) == before

        # Someone else cannot send another's draft.
        other = await submit(slack, preview, {}, user="UOFFICER")
        assert "another member of staff" in shown_text(json.loads(await other.text())["view"])
        assert slack.case(reference).status.value == "open"

        sent = await submit(slack, preview, {}, user="UMANAGER")
        assert closed(await sent.text()), await sent.text()
        await eventually(lambda ref=reference: response_letter(slack, ref) is not None)
        assert letters_queued(slack) == before + 1
        again = await submit(slack, preview, {}, user="UMANAGER")  # a second Send: nothing
        assert "sent already" in shown_text(json.loads(await again.text())["view"])
        assert letters_queued(slack) == before + 1

    mailed = [" ".join(text.split()) for text in await letters(
        slack.context.engine, slack.context.settings, mail_sink)]  # fmt: skip
    for category, _ in CATEGORIES:
        label = labels.category_label(category)
        assert any(f"On {label}: We looked at every call log" in text for text in mailed), label


async def test_send_checks_again_against_the_case_as_it_is_now(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    answers = {"outcome_1": "not_upheld", "finding_1": "We read the records for issue 1.",
               "remedies": ["no_remedy_required"]}
    first = pushed_view(await (await submit(slack, view, answers, user="UMANAGER",
                                            send=False)).text())  # fmt: skip
    second = pushed_view(await (await submit(slack, view, answers, user="UMANAGER",
                                             send=False)).text())  # fmt: skip
    assert first is not None and second is not None
    assert closed(await (await submit(slack, first, {}, user="UMANAGER")).text())
    late = await submit(slack, second, {}, user="UMANAGER")  # answered already by the first
    said = shown_text(json.loads(await late.text())["view"])
    assert "Not recorded and nothing sent" in said and "no stage waiting" in said


def test_a_draft_is_kept_for_its_author_until_it_expires(slack: Slack) -> None:
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    with session_scope(slack.context.engine) as session:
        key = save_draft(session, reference="CSC-2026-000001", user="UMANAGER",
                         values={"a": 1}, now=now, keep=timedelta(hours=2))  # fmt: skip
    with session_scope(slack.context.engine) as session:
        assert draft_of(session, key=key, user="UMANAGER", now=now) is not None
        assert draft_of(session, key=key, user="UOTHER", now=now) is None
        later = now + timedelta(hours=2, seconds=1)
        assert draft_of(session, key=key, user="UMANAGER", now=later) is None
        save_draft(session, reference="CSC-2026-000002", user="U2", values={}, now=later,
                   keep=timedelta(hours=2))  # fmt: skip  # expired drafts go
    with session_scope(slack.context.engine) as session:
        assert [d.reference for d in session.exec(select(SlackDraft))] == ["CSC-2026-000002"]


async def test_a_late_response_shows_and_sends_the_apology_with_the_reason_for_the_complainant(
    slack: Slack, mail_sink: MailSink
) -> None:
    """A response recorded in Slack after its due date: the modal asks for staff's reason and
    for the one the complainant reads, saying which goes in the letter; the letter shown before
    Send, and the one sent, apologise and give only the second (walkerA, issue 23 item 2)."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=45)
    await asyncio.to_thread(confirm_triage, slack, reference)
    await drain(slack)
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    labels = {block["block_id"]: block["label"]["text"] for block in view["blocks"]}
    assert "goes in the letter" in labels["delay_reason_for_complainant"]
    hints = {block["block_id"]: block.get("hint", {}).get("text", "") for block in view["blocks"]}
    assert "never in a letter" in hints["reason_for_delay"]
    answers = {"outcome_1": "not_upheld", "finding_1": "We read the records for issue 1.",
               "remedies": ["no_remedy_required"],
               "reason_for_delay": "SW Jane Smith off sick, Ellie's review clashed",
               "delay_reason_for_complainant": "the manager looking into it was away from work"}  # fmt: skip
    saved = await submit(slack, view, answers, user="UMANAGER", send=False)
    preview = pushed_view(await saved.text())
    assert preview is not None, await saved.text()
    shown = shown_text(preview)
    assert "We are sorry that this response is late" in shown
    assert "The reason for the delay: the manager looking into it was away from work." in shown
    assert "Jane Smith" not in shown and "Ellie" not in shown
    assert closed(await (await submit(slack, preview, {}, user="UMANAGER")).text())
    await eventually(lambda: response_letter(slack, reference) is not None)
    (mailed,) = [" ".join(text.split()) for text in await letters(
        slack.context.engine, slack.context.settings, mail_sink) if "What we found" in text]  # fmt: skip
    assert "We are sorry that this response is late: we should have sent it by" in mailed
    assert "The reason for the delay: the manager looking into it was away from work." in mailed
    assert "Jane Smith" not in mailed and "Ellie" not in mailed


async def test_an_issue_with_no_category_asks_what_the_complainant_raised(
    slack: Slack, mail_sink: MailSink
) -> None:
    """Record response on an issue with no category: a block asks what the complainant raised
    (goes in the letter), an error beside it when empty; the letter shown and sent heads the
    finding with it, where it said 'Something else you raised: Upheld' (walkerA)."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(in_category, slack, reference, "other")
    await asyncio.to_thread(confirm_triage, slack, reference)
    await drain(slack)
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    labels = {block["block_id"]: block["label"]["text"] for block in view["blocks"]}
    assert labels["point_1"].startswith("What the complainant raised on issue 1 (goes in")
    answers = {"outcome_1": "upheld", "finding_1": "It was cancelled at an hour's notice.",
               "remedies": ["apology"]}  # fmt: skip
    refused = await submit(slack, view, answers, user="UMANAGER", send=False)
    errors = json.loads(await refused.text())["errors"]
    assert set(errors) == {"point_1"} and errors["point_1"].startswith("Issue 1 has no category")
    saved = await submit(slack, view, {**answers, "point_1": "Family time was cancelled twice"},
                         user="UMANAGER", send=False)  # fmt: skip
    preview = pushed_view(await saved.text())
    assert preview is not None, await saved.text()
    assert "1. Family time was cancelled twice: Upheld" in shown_text(preview)
    assert closed(await (await submit(slack, preview, {}, user="UMANAGER")).text())
    await eventually(lambda: response_letter(slack, reference) is not None)
    (mailed,) = [" ".join(text.split()) for text in await letters(
        slack.context.engine, slack.context.settings, mail_sink) if "What we found" in text]  # fmt: skip
    assert (
        "1. Family time was cancelled twice: Upheld We agree with your complaint about this. "
        "It was cancelled" in mailed
    )
    assert "Something else" not in mailed
