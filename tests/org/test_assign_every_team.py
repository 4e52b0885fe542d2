"""Assigning a case by a team's name or id, for every team of a council's rule file: a team
with a manager is its manager; a team with none (a vacant post) is refused in words that say so.
Walking `heard case REF assign --to "Care Leavers' Service"` with such a file, heard said the
team "is not in the rule file", though its name was right there (walkerC)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casework.assignment import unknown_assignee
from heard.settings import DEFAULT_RULES_PATH
from org.directory import Organisation
from triage.rulebook import load_rulebook

EMPTIED = {  # two teams the council names no manager for
    "    manager: {name: Family Time Team Manager, email: familytime.manager@heard.localhost}\n",
    "    manager: {name: Residential Manager, email: residential.manager@heard.localhost}\n",
}
SHIPPED = load_rulebook(DEFAULT_RULES_PATH).organisation


@pytest.fixture(scope="module")
def organisation(tmp_path_factory: pytest.TempPathFactory) -> Organisation:
    text = DEFAULT_RULES_PATH.read_text()
    for line in EMPTIED:
        assert line in text
        text = text.replace(line, "", 1)
    path: Path = tmp_path_factory.mktemp("rules") / "rules.yaml"
    path.write_text(text)
    return load_rulebook(path).organisation


@pytest.mark.parametrize("how", ["id", "name", "name in capitals"])
@pytest.mark.parametrize("team_id", [team.id for team in SHIPPED.teams])
def test_every_team_is_assigned_or_said_to_have_no_manager(
    organisation: Organisation, team_id: str, how: str
) -> None:
    team = organisation.team(team_id)
    assert team is not None
    said = {"id": team.id, "name": team.name, "name in capitals": team.name.upper()}[how]
    if team.manager is not None:
        assert organisation.assignee(said) == team.manager.email
        return
    assert organisation.assignee(said) is None
    assert unknown_assignee(said, organisation) == (
        f"'{said}' is a team the rule file gives no manager: give the name, email address or "
        "Slack user id of a member of staff it lists"
    )


def test_the_emptied_teams_are_there(organisation: Organisation) -> None:
    assert [t.id for t in organisation.teams if t.manager is None] == ["family_time", "residential"]
    assert "is not in the rule file" in unknown_assignee("Nobody Known", organisation)
