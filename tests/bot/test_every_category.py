"""Record response on a case in every category of the shipped `category_list`, and in one a
council adds to its rule file (no enum member, a label unlike its id): the modal opens with the
rule file's label, saves, and the response letter names the category the same way.

Issue 23 item 5: `IssueCategory(issue.category)` in the modal raised for 13 of the 24 shipped
categories, and the officer saw nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlmodel import col, delete, select

import tests.bot.conftest as bot_conftest
from bot import ids
from heard.settings import DEFAULT_RULES_PATH
from store.db import session_scope
from store.models import Case, Correspondence, Issue, Person, Stage
from testkit.role_rules import write_rules
from tests.bot.clicking import closed, drain, eventually, submit
from tests.bot.conftest import Slack
from tests.bot.test_dated_modals import confirm_triage, open_modal
from tests.mailsink import MailSink
from tests.outbound.test_letters import letters
from triage.rulebook import OTHER_CATEGORY, load_rulebook

COUNCILS_OWN = ("sgo_support", "Special guardianship support")
ADDITION = f'  - {{id: {COUNCILS_OWN[0]}, label: "{COUNCILS_OWN[1]}", team: children_in_care}}\n'
# and the rule that finds it, as README "Editing the rules" tells a council to write
RULE = f"""  - id: cat.sgo_support
    description: Support to special guardians.
    reason: Special guardianship support.
    category: {COUNCILS_OWN[0]}
    patterns: ["special guardianship (allowance|support)"]
"""


@pytest.fixture
def councils_category(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule file the `slack` fixture writes gets a category of the council's own."""

    def with_addition(default: Path, target: Path, *, roles: str) -> Path:
        path = write_rules(default, target, roles=roles)
        text = path.read_text()
        text = text.replace("\ncategory_list:\n", "\ncategory_list:\n" + ADDITION, 1)
        path.write_text(text.replace("\ncategories:\n", "\ncategories:\n" + RULE, 1))
        return path

    monkeypatch.setattr(bot_conftest, "write_rules", with_addition)


def in_category(slack: Slack, reference: str, category: str) -> None:
    """The case's one issue is in `category` (as staff would set it with Change triage),
    from a sender of its own (one sender's many cases are held back as a flood)."""
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        person = session.exec(select(Person).where(Person.case_id == case.id)).one()
        person.email = f"parent.{category}@example.org"
        session.exec(delete(Issue).where(col(Issue.case_id) == case.id))  # type: ignore[call-overload]
        session.add(Issue(case_id=case.id, category=category, team_id="children_in_care"))


POINT = "Family time was cancelled twice without notice"


def response_letter(slack: Slack, reference: str) -> str | None:
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        stage = session.exec(select(Stage).where(Stage.case_id == case.id)).first()
        if stage is None or stage.responded_on is None:
            return None
        letters = session.exec(select(Correspondence).where(Correspondence.case_id == case.id))
        found = [m.text for m in letters if (m.details or {}).get("letter") == "response"]
        return found[0] if found else None


def shipped_categories() -> list[tuple[str, str]]:
    rulebook = load_rulebook(DEFAULT_RULES_PATH)
    return [(category.id, category.label) for category in rulebook.spec.category_list]


async def test_record_response_works_in_every_category(
    councils_category: None, slack: Slack, mail_sink: MailSink
) -> None:
    categories = [*shipped_categories(), COUNCILS_OWN]
    assert len(categories) >= 25
    assert COUNCILS_OWN[0] in slack.context.rulebook.category_specs
    for category, label in categories:
        reference = await asyncio.to_thread(slack.new_case, days_ago=3)
        await asyncio.to_thread(in_category, slack, reference, category)
        await asyncio.to_thread(confirm_triage, slack, reference)
        await drain(slack)
        view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
        shown = {block["block_id"]: block["label"]["text"] for block in view["blocks"]}
        assert shown["outcome_1"] == f"Issue 1: {label} (Children in Care)", category
        response = await submit(
            slack,
            view,
            {
                "outcome_1": "upheld",
                "finding_1": f"We read the {label} records.",
                "remedies": ["apology"],
                # an issue with no category is headed by what the family raised (walkerA)
                **({"point_1": POINT} if category == OTHER_CATEGORY else {}),
            },
            user="UMANAGER",
        )
        assert response.status == 200 and closed(await response.text()), category
        await eventually(lambda ref=reference: response_letter(slack, ref) is not None)
        letter = response_letter(slack, reference)
        assert letter is not None and label in letter, (category, letter)
    # each letter as the complainant got it, read from the SMTP capture server
    sent = await letters(slack.context.engine, slack.context.settings, mail_sink)
    by_recipient = {
        mail.recipients[0]: text for mail, text in zip(mail_sink.messages, sent, strict=True)
    }
    for category, label in categories:
        letter = " ".join(by_recipient[f"parent.{category}@example.org"].split())
        # "Other" (no category chosen) is headed as what the family raised (outbound.letters)
        heading = POINT if category == OTHER_CATEGORY else label
        assert f"1. {heading}: Upheld" in letter, (category, letter)


async def test_a_category_the_council_adds_is_found_by_triage_and_answered(
    councils_category: None, slack: Slack, mail_sink: MailSink
) -> None:
    """Added to the rule file only (list and rule, no code): triage puts a contact in it, the
    card's Record response names it, and the response letter does."""
    body = "Our special guardianship allowance stopped in May and nobody has explained why."
    reference = await asyncio.to_thread(slack.new_case, body, days_ago=3)
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        issues = session.exec(select(Issue).where(Issue.case_id == case.id)).all()
        assert COUNCILS_OWN[0] in {issue.category for issue in issues}
    await asyncio.to_thread(confirm_triage, slack, reference)
    await drain(slack)
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    labels = {block["block_id"]: block["label"]["text"] for block in view["blocks"]}
    numbered = [key for key, text in labels.items() if COUNCILS_OWN[1] in text]
    assert numbered and numbered[0].startswith("outcome_"), labels
    answers = {key: "upheld" for key in labels if key.startswith("outcome_")}
    answers |= {
        key: "We read the allowance records." for key in labels if key.startswith("finding_")
    }
    response = await submit(slack, view, {**answers, "remedies": ["explanation"]}, user="UMANAGER")
    assert closed(await response.text()), await response.text()
    (letter,) = await letters(slack.context.engine, slack.context.settings, mail_sink)
    assert f"{COUNCILS_OWN[1]}: Upheld" in " ".join(letter.split())
