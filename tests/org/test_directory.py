"""The organisation directory: read from the shipped rule file with the rules, asked by every
package that needs a team, its manager, a role or a mailbox."""

from __future__ import annotations

import pytest

from cases.enums import RecordKind, Role
from heard.settings import DEFAULT_RULES_PATH
from org.directory import Organisation
from org.schema import DirectorateSpec, StaffSpec, TeamSpec
from triage.rulebook import load_rulebook


@pytest.fixture(scope="module")
def organisation() -> Organisation:
    return load_rulebook(DEFAULT_RULES_PATH).organisation


def test_lookups(organisation: Organisation) -> None:
    assert organisation.mailbox_kind("<Compliments@HEARD.localhost>") == RecordKind.COMPLIMENT
    assert organisation.mailbox_kind("someone@else.org") is None
    assert organisation.triage_team.id == "complaints"
    directorate = organisation.directorate_of("send")
    assert directorate is not None and directorate.id == "early_help_and_education"
    assert organisation.directorate_of(None) is None
    assert organisation.roles_for("U404") == frozenset()
    assert Role.DIRECTOR not in organisation.roles_for("U404", ["S1"])
    assert organisation.team("nobody") is None


def test_rows_are_what_the_store_syncs(organisation: Organisation) -> None:
    directorates, teams = organisation.rows()
    assert {d for d, _ in directorates} == set(organisation.directorates_by_id)
    assert [t[0] for t in teams] == [team.id for team in organisation.teams]
    assert all(t[2] in organisation.directorates_by_id for t in teams)


def test_a_team_manager_is_read_here(organisation: Organisation) -> None:
    managed = [team for team in organisation.teams if team.manager is not None]
    assert managed, "the shipped rule file names team managers"
    for team in managed:
        assert organisation.team(team.id) is team


def test_broken_references_are_problems() -> None:
    organisation = Organisation(
        directorates=[DirectorateSpec(id="a", name="A")],
        teams=[
            TeamSpec(id="t", name="T", directorate="a"),
            TeamSpec(id="u", name="U", directorate="nowhere"),
        ],
        staff=[StaffSpec(name="Ann", team="gone")],
    )
    assert organisation.problems() == [
        (("teams", 1, "directorate"), "unknown directorate 'nowhere'"),
        (("teams",), "exactly one team must have triage_queue: true"),
        (("staff", 0, "team"), "unknown team 'gone'"),
    ]


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        ("web:complaints.manager@heard.localhost", "Complaints Manager"),
        ("slack:U04QX7ZZ", "a Slack user not in the rule file (U04QX7ZZ)"),  # an actor
        ("U04QX7ZZ", "a Slack user not in the rule file (U04QX7ZZ)"),  # an assignee as kept
        ("web:nobody@council.gov.uk", "nobody@council.gov.uk"),
        ("cli:UADMIN", "UADMIN"),  # a login that looks like an id is a login
        ("smtp", "heard (mail in)"),
    ],
)
def test_who_acted_reads_as_a_person(organisation: Organisation, stored: str, read: str) -> None:
    """The audit trail's Who (web case page, `heard cases show`), the assignee line and Slack's
    thread lines say the same; never a bare Slack id that reads as a code."""
    assert organisation.who(stored) == read
