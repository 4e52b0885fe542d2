"""Correct details… on the case card, clicked through the Slack stand-in: the modal opens with
the complainant's details as heard holds them, wrong input is shown beside its field in the
words every door uses, a save is audited with who (old -> new in the trail's personal part),
the card is updated where it was posted and its thread says which field changed but never the
name, and the next letter (read from the SMTP capture server) greets the corrected name."""

from __future__ import annotations

import asyncio
import json

from sqlmodel import col, select

from bot import ids
from store import audit
from store.db import session_scope
from store.models import AuditEntry, Person
from tests.bot.clicking import action_ids, card, click, drain, eventually, opened_view, submit
from tests.bot.conftest import Slack
from tests.bot.test_case_modals import errors_of, saved
from tests.bot.test_dated_modals import confirm_triage, open_modal
from tests.mailsink import MailSink
from tests.outbound.test_letters import letters

HELD = {"name": "Test Parent", "email": "parent@example.org", "phone": None}


def _held(slack: Slack, reference: str) -> dict[str, str | None]:
    case_id = slack.case(reference).id
    with session_scope(slack.context.engine) as session:
        person = session.exec(select(Person).where(Person.case_id == case_id)).one()
        return {"name": person.name, "email": person.email, "phone": person.phone}


def summary_reads(slack: Slack) -> list[audit.Entry]:
    """The case summaries seen: recorded once the modal is open (who, when, where)."""
    with session_scope(slack.context.engine) as session:
        return audit.entries(session, select(AuditEntry).where(
            AuditEntry.action == "case summary viewed"))  # fmt: skip


def _initial(view: dict[str, object]) -> dict[str, str | None]:
    blocks = [b for b in view["blocks"] if isinstance(b, dict) and b.get("type") == "input"]  # type: ignore[attr-defined]
    return {b["block_id"]: b["element"].get("initial_value") for b in blocks}


async def test_correct_the_name_from_the_card(slack: Slack, mail_sink: MailSink) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    blocks = await card(slack, reference)
    assert ids.CORRECT_COMPLAINANT in action_ids(blocks)
    opened = len(slack.api.received("views.open"))
    await click(slack, blocks, ids.CORRECT_COMPLAINANT)
    view = await opened_view(slack, ids.CORRECT_COMPLAINANT_VIEW, after=opened)
    assert view["private_metadata"] == reference
    assert _initial(view) == HELD  # what heard holds, to correct in place

    await eventually(lambda: bool(summary_reads(slack)))
    [read] = summary_reads(slack)
    assert (read.actor, read.after) == ("slack:UOFFICER", {"where": "slack correct details"})

    wrong = {
        "name": ("   ", "Enter the complainant's name."),
        "email": ("", "The email address cannot be left blank: type the corrected one."),
    }
    for field, (typed, said) in wrong.items():
        answers = {**HELD, field: typed}
        assert await errors_of(slack, view, answers) == {field: said}
    errors = await errors_of(
        slack, view, {"name": "Jane\u202eSmith", "email": "jane at home", "phone": "ring me"}
    )
    assert errors["name"].startswith("The complainant's name cannot hold a tab, a new line")
    assert errors["email"] == "The email address must look like name@example.org."
    assert errors["phone"].startswith("The phone number must be digits and spaces")
    assert "Nothing changed" in (await errors_of(slack, view, HELD))["name"]
    assert _held(slack, reference) == HELD

    updates = len(slack.api.received("chat.update"))
    await saved(slack, view, {**HELD, "name": "Jane Smith"}, "complainant_corrected")
    assert _held(slack, reference) == {**HELD, "name": "Jane Smith"}
    with session_scope(slack.context.engine) as session:
        [entry] = audit.entries(session, select(AuditEntry).where(
            AuditEntry.action == "complainant_corrected").order_by(col(AuditEntry.id)))  # fmt: skip
    assert (entry.actor, entry.before, entry.after) == (
        "slack:UOFFICER", {"name": "Test Parent"}, {"name": "Jane Smith"},
    )  # fmt: skip
    await drain(slack)
    assert len(slack.api.received("chat.update")) > updates  # the card, where it was posted
    said = [json.dumps(call) for call in slack.api.received("chat.postMessage")]
    said += [json.dumps(call) for call in slack.api.received("chat.update")]
    assert any("corrected the complainant&#39;s details: name" in s
               or "corrected the complainant's details: name" in s for s in said)  # fmt: skip
    assert not any("Jane Smith" in s or "Test Parent" in s for s in said)

    # The next letter greets the corrected name: shown before Send, and as it is mailed.
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    answers = {"outcome_1": "not_upheld", "finding_1": "We read the records for issue 1.",
               "remedies": ["no_remedy_required"]}  # fmt: skip
    preview = await submit(slack, view, answers, user="UMANAGER", send=False)
    assert "Dear Jane Smith," in await preview.text()
    sent = await submit(slack, view, answers, user="UMANAGER")
    assert sent.status == 200
    await eventually(lambda: slack.case(reference).status.value == "responded")
    mailed = await letters(slack.context.engine, slack.context.settings, mail_sink)
    [response] = [text for text in mailed if "What we found" in text]
    assert "Dear Jane Smith," in response and "Test Parent" not in response


async def test_a_member_of_staff_without_the_role_is_refused(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    blocks = await card(slack, reference)
    opened = len(slack.api.received("views.open"))
    await click(slack, blocks, ids.CORRECT_COMPLAINANT, user="UNOBODY")
    await eventually(lambda: bool(slack.api.received("chat.postEphemeral")))
    assert "role in heard" in slack.api.received("chat.postEphemeral")[-1]["text"]
    assert len(slack.api.received("views.open")) == opened
    forged = {"type": "modal", "callback_id": ids.CORRECT_COMPLAINANT_VIEW,
              "private_metadata": reference, "blocks": []}  # fmt: skip
    await submit(slack, forged, {**HELD, "name": "Jane Smith"}, user="UNOBODY")
    assert _held(slack, reference) == HELD
