"""A council adds a category (with its team) and a complainant type in its rule file, and sees
them everywhere: `heard config check` accepts the file, triage proposes them for mail that
matches, the case card names the category, and the Change triage modal offers both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tests.bot.conftest as bot_conftest
from bot import ids
from cli.checks import check_rules
from testkit.role_rules import write_rules
from tests.bot.clicking import card, click, eventually
from tests.bot.conftest import Slack
from tests.bot.test_mash import mail_in

ADDITIONS = {
    "\ncategory_list:\n": (
        '  - {id: life_story_work, label: "Life story work", team: children_in_care}\n'
    ),
    "\ncategories:\n": (
        "  - id: cat.life_story_work\n"
        "    description: Life story work for children in care and adopted children.\n"
        "    reason: Life story work.\n"
        "    category: life_story_work\n"
        '    patterns: ["life story"]\n'
    ),
    "\ncomplainant_type_list:\n": '  - {id: step_parent, label: "Step-parent"}\n',
    "\ncomplainant_types:\n": (
        "  - id: who.step_parent\n"
        "    description: A step-parent writing about their stepchild.\n"
        "    reason: Written by a step-parent.\n"
        "    type: step_parent\n"
        '    patterns: ["my stepson|stepdaughter", "as a step parent|stepparent"]\n'
    ),
}
MAIL = (
    b"From: A Step Parent <sp@example.org>\r\nTo: complaints@heard.localhost\r\n"
    b"Subject: complaint\r\nMessage-ID: <lists1@example.org>\r\n\r\n"
    b"My stepson has been in care for two years and still has no life story book.\r\n"
)


@pytest.fixture
def council_lists(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The rule file the `slack` fixture writes gets the council's additions (request this
    first); the list holds its path once written."""
    written: list[Path] = []

    def with_additions(default: Path, target: Path, *, roles: str) -> Path:
        path = write_rules(default, target, roles=roles)
        text = path.read_text()
        for section, addition in ADDITIONS.items():
            assert section in text
            text = text.replace(section, section + addition, 1)
        path.write_text(text)
        written.append(path)
        return path

    monkeypatch.setattr(bot_conftest, "write_rules", with_additions)
    return written


async def test_a_councils_own_category_and_type_reach_triage_slack_and_config_check(
    council_lists: list[Path], slack: Slack
) -> None:
    [rules] = council_lists
    settings = slack.context.settings
    assert settings.rules_path == rules
    assert check_rules(settings) == []  # what `heard config check` runs on the rule file

    reference = await mail_in(slack, MAIL)
    case = slack.case(reference)
    assert case.complainant_type == "step_parent"
    assert ["life_story_work", "children_in_care"] in [
        [category, team] for category, team, _ in case.triage_decision["issues"]
    ]
    shown = str(await card(slack, reference))
    assert "Children in Care (Life story work)" in shown

    await click(slack, await card(slack, reference), ids.CHANGE_TRIAGE)
    await eventually(lambda: bool(slack.api.received("views.open")))
    view = json.dumps(slack.api.received("views.open")[-1]["view"])
    assert '"step_parent"' in view and "Step-parent" in view
    assert "life_story_work" in view  # the categories staff may type are listed
