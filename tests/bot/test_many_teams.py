"""A county with more teams than a Slack menu holds (130: localities on top of the shipped 15)
adds a learning action owned by any of them from the card's More menu. Walking heard with a
council of many teams (walkerC), the Owner team menu showed the first 100 teams only
(bot/modals/learning.team_options cut the list at Slack's 100 options), so a learning action
for the 101st team could not be recorded in Slack at all."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

import tests.bot.conftest as bot_conftest
from bot import ids
from store.db import session_scope
from store.models import LearningAction
from testkit.role_rules import write_rules
from testkit.slack_signing import options_of
from tests.bot.conftest import Slack
from tests.bot.test_case_modals import from_menu, open_case, saved, today

LOCALITIES = 115
EXTRA_TEAMS = "".join(
    f"  - id: locality_{number}\n"
    f'    name: "Tîm Ardal {number} — Ōtautahi\'s locality {number}"\n'
    "    directorate: childrens_social_care\n"
    for number in range(1, LOCALITIES + 1)
)


@pytest.fixture
def many_teams(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule file the `slack` fixture writes gets 115 locality teams (request this first)."""

    def with_localities(default: Path, target: Path, *, roles: str) -> Path:
        path = write_rules(default, target, roles=roles)
        text = path.read_text()
        assert "\nstaff:\n" in text
        path.write_text(text.replace("\nstaff:\n", "\n" + EXTRA_TEAMS + "\nstaff:\n", 1))
        return path

    monkeypatch.setattr(bot_conftest, "write_rules", with_localities)


@pytest.mark.usefixtures("many_teams")
async def test_every_team_can_own_a_learning_action(slack: Slack) -> None:
    teams = [team.id for team in slack.context.organisation.teams]
    assert len(teams) == 15 + LOCALITIES
    reference = await open_case(slack)
    view = await from_menu(slack, reference, ids.ADD_LEARNING, ids.ADD_LEARNING_VIEW)
    menu = view["blocks"][1]["element"]
    assert [option["value"] for option in options_of(menu)] == teams
    # within Slack's limits: 100 groups at most, 100 options and a 75-character label each
    groups = menu["option_groups"]
    assert len(groups) <= 100 and all(len(group["options"]) <= 100 for group in groups)
    assert all(len(group["label"]["text"]) <= 75 for group in groups)
    last = teams[-1]
    due = (slack.context.clock.now() + timedelta(days=60)).date().isoformat()
    answers = {"text": "Locality duty desk returns calls", "owner": last, "due_on": due}
    await saved(slack, view, {**answers, "identified_on": today(slack)}, "learning_identified")
    with session_scope(slack.context.engine) as session:
        assert session.exec(select(LearningAction)).one().owner_team_id == last
