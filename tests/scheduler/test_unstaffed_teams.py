"""A chaser reaches someone for every team and every role a council's rule file may leave
empty: a team with no manager and no Slack channel (a vacant post), a team with a manager but
no service manager, a directorate with no director. Walking heard with such a council's file
(walkerC), a case whose only team had no manager and no channel was chased to no one: resolve
gave no person and the sweep queued nothing, without a word. Now the complaints team (the
triage team's manager or channel) is chased in the empty role's place."""

from __future__ import annotations

from pathlib import Path

import pytest

from heard.settings import DEFAULT_RULES_PATH
from org.directory import Organisation
from scheduler.recipients import resolve
from scheduler.rules import Recipient
from triage.rulebook import load_rulebook

SHIPPED = DEFAULT_RULES_PATH.read_text()
EDITS = {
    # no manager and no channel
    "    manager: {name: Family Time Team Manager, email: familytime.manager@heard.localhost}\n": "",
    "    manager: {name: Residential Manager, email: residential.manager@heard.localhost}\n": "",
    # a channel only
    "    manager: {name: Youth Justice Manager, email: yjs.manager@heard.localhost}\n": (
        "    slack_channel: C0YOUTHJ1\n"
    ),
    # a directorate with no director
    "    director: {name: Director of Education, email: education.director@heard.localhost}\n": "",
}


@pytest.fixture(scope="module")
def organisation(tmp_path_factory: pytest.TempPathFactory) -> Organisation:
    text = SHIPPED
    for old, new in EDITS.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path: Path = tmp_path_factory.mktemp("rules") / "rules.yaml"
    path.write_text(text)
    return load_rulebook(path).organisation


TEAM_IDS = [
    line.split("id: ")[1]
    for line in SHIPPED.split("\nteams:\n")[1].split("\nstaff:")[0].splitlines()
    if line.startswith("  - id: ")
]
ROLES = [
    Recipient.TEAM_MANAGER,
    Recipient.SERVICE_MANAGER,
    Recipient.DIRECTOR,
    Recipient.COMPLAINTS_TEAM,
]


@pytest.mark.parametrize("role", ROLES, ids=[role.value for role in ROLES])
@pytest.mark.parametrize("team_id", TEAM_IDS)
def test_every_team_and_role_reaches_someone(
    organisation: Organisation, team_id: str, role: Recipient
) -> None:
    people = resolve([role], organisation=organisation, team_ids=[team_id], assignee=None)
    assert people and all(person.key for person in people)
    team = organisation.team(team_id)
    assert team is not None
    if role == Recipient.TEAM_MANAGER and team.manager is None and team.slack_channel is None:
        complaints = organisation.triage_team.manager
        assert complaints is not None
        assert [person.email for person in people] == [complaints.email]


def test_the_teams_left_empty_are_there(organisation: Organisation) -> None:
    """The file above has what the test is about: teams with no one, a channel alone, and a
    directorate with no director."""
    unstaffed = [t.id for t in organisation.teams if t.manager is None and t.slack_channel is None]
    assert unstaffed == ["family_time", "residential"]
    assert [d.id for d in organisation.directorates if d.director is None] == [
        "early_help_and_education"
    ]
