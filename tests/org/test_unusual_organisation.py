"""A council's organisation as councils write it, checked at every name and id the rule file
holds: every printed name (directorate, team, director, manager, service manager, staff,
category label and theme, complainant type label) is refused in one line naming its field when
it is blank, has a control character or is longer than the database keeps; the longest,
most unusual good one loads, is kept in the database (SQLite and PostgreSQL) and found in a
complaint by its words; Slack channels are ids; a mailbox is one kind.

Walking heard with such a council's file (walkerC): a blank team name stopped `heard config
check` with "unexpected error: ValueError", a name of 201 characters passed the check and
PostgreSQL refused it when heard started, "#send-complaints" passed and would fail every card
update, and a mailbox listed twice took the first kind without a word."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from heard.settings import DEFAULT_RULES_PATH
from org.schema import ID_MOST, NAME_MOST
from store.db import session_scope
from store.models import Directorate, Team
from store.organisation import sync_organisation
from triage.engine import Contact, triage
from triage.rulebook import check_rules_file, load_rulebook

SHIPPED = DEFAULT_RULES_PATH.read_text()


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


# Every printed name the rule file holds: (field as `heard config check` names it, an edit that
# puts NAME in it). YAML double quotes so a control character can be written as an escape.
NAME_FIELDS: dict[str, Callable[[str], str]] = {
    "directorates[0].name": lambda name: _replace(
        "    name: Children's Social Care\n", f"    name: {name}\n"
    ),
    "directorates[0].director.name": lambda name: _replace(
        "{name: Director of Children's Services,", f"{{name: {name},"
    ),
    "teams[0].name": lambda name: _replace(
        "    name: Complaints and Customer Relations\n", f"    name: {name}\n"
    ),
    "teams[0].manager.name": lambda name: _replace(
        "{name: Complaints Manager,", f"{{name: {name},"
    ),
    "teams[1].service_manager.name": lambda name: _replace(
        "service_manager: {name: Safeguarding Service Manager, email: safeguarding.sm",
        f"service_manager: {{name: {name}, email: safeguarding.sm",
    ),
    "staff[0].name": lambda name: _replace("{name: Example Worker,", f"{{name: {name},"),
    "category_list[0].label": lambda name: _replace(
        '{id: communication, label: "Communication",', f"{{id: communication, label: {name},"
    ),
    "category_list[0].theme": lambda name: _replace(
        'theme: "Communication"}\n  - {id: quality_of_service',
        f"theme: {name}}}\n  - {{id: quality_of_service",
    ),
    "complainant_type_list[0].label": lambda name: _replace(
        'label: "Child or young person (not looked after)"', f"label: {name}"
    ),
}
BAD_NAMES = {
    "blank": ('"   "', "give a name"),
    "line break": ('"Children\'s\\nServices"', "control character"),
    "tab": ('"Children\'s\\tServices"', "control character"),
    "escape": ('"Children\'s\\x1b[31mServices"', "control character"),
    "too long": ('"' + "x" * (NAME_MOST + 1) + '"', f"at most {NAME_MOST} characters"),
}


def write(tmp_path: Path, *edits: Callable[[str], str]) -> Path:
    text = SHIPPED
    for edit in edits:
        text = edit(text)
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("bad", BAD_NAMES, ids=list(BAD_NAMES))
@pytest.mark.parametrize("field", NAME_FIELDS, ids=list(NAME_FIELDS))
def test_every_bad_name_is_named_in_one_line(tmp_path: Path, field: str, bad: str) -> None:
    written, said = BAD_NAMES[bad]
    problems = check_rules_file(write(tmp_path, NAME_FIELDS[field](written)))
    assert len(problems) == 1, problems
    assert re.search(rf":\d+: {re.escape(field)}: .*{re.escape(said)}", problems[0]), problems


# The longest names heard keeps, with what councils put in them: apostrophes, Welsh and Māori
# letters, ampersands, angle brackets, quotes, a dash or a bracket first, phrase syntax (* | ...).
UNUSUAL = [
    'Children\'s Services & Gwasanaethau Plant — Ōtautahi <North> "Hub" * | ... ',
    "— Drws Ffrynt (MASH) Front Door & Assessment, Ōtautahi's Children's Services ",
    "(Plant sy'n Derbyn Gofal) Children in Care, Ōtautahi & Gwasanaethau Plant ",
]


def padded(name: str) -> str:
    return (name * 4)[: NAME_MOST - 1] + "z"


def unusual_edits() -> list[Callable[[str], str]]:
    long_id = "c" * ID_MOST
    return [
        *(
            NAME_FIELDS[field](f"'{padded(UNUSUAL[n % 3]).replace(chr(39), chr(39) * 2)}'")
            for n, field in enumerate(NAME_FIELDS)
        ),
        _replace("  - id: childrens_social_care\n", f"  - id: {long_id}\n"),
        lambda text: text.replace("directorate: childrens_social_care", f"directorate: {long_id}"),
        _replace(
            "    name: Front Door and MASH\n",
            f"    name: '{padded(UNUSUAL[1]).replace(chr(39), chr(39) * 2)}'\n"
            "    slack_channel: C0FRONTDOOR1\n",
        ),
        _replace("  - id: kinship\n", f"  - id: {'k' * ID_MOST}\n"),
        _replace("    team: kinship\n", f"    team: {'k' * ID_MOST}\n"),
    ]


def test_the_longest_unusual_names_load_and_are_kept(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path, *unusual_edits())
    assert check_rules_file(path) == []
    organisation = load_rulebook(path).organisation
    directorates, teams = organisation.rows()
    assert max(len(team.name) for team in organisation.teams) == NAME_MOST
    with session_scope(engine) as session:
        sync_organisation(session, directorates=directorates, teams=teams)
    with session_scope(engine) as session:
        kept = {team.id: team.name for team in session.exec(select(Team))}
        assert kept == {team.id: team.name for team in organisation.teams}
        assert {d.name for d in session.exec(select(Directorate))} == {n for _, n in directorates}


def test_a_team_is_found_by_the_words_of_its_name(tmp_path: Path) -> None:
    """A name is what the council calls the team, not a phrase: one that starts with a dash or
    holds phrase syntax loads, and a complaint naming the team is routed to it."""
    name = "— Ōtautahi <North> Family Time * & Contact"
    rulebook = load_rulebook(
        write(tmp_path, _replace("    name: Family Time (Contact)\n", f"    name: '{name}'\n"))
    )
    body = (
        "I am the parent. The Ōtautahi North Family Time & Contact team has not called me "
        "back for three weeks and nobody returned my calls."
    )
    decision = triage(Contact(subject="complaint", body=body), rulebook, today=date(2026, 12, 7))
    assert {team for _, team, _ in decision.issues} == {"family_time"}


@pytest.mark.parametrize(
    "channel", ["#send-complaints", "send-complaints", "csend0001", "C", "U0123ABCD", " "]
)
def test_a_slack_channel_is_an_id(tmp_path: Path, channel: str) -> None:
    problems = check_rules_file(
        write(
            tmp_path,
            _replace(
                "    name: Front Door and MASH\n",
                f"    name: Front Door and MASH\n    slack_channel: '{channel}'\n",
            ),
        )
    )
    assert len(problems) == 1 and "teams[1].slack_channel" in problems[0], problems
    assert "is not a Slack channel id" in problems[0]


def test_a_mailbox_is_one_kind(tmp_path: Path) -> None:
    problems = check_rules_file(
        write(
            tmp_path,
            _replace(
                "  - {address: compliments@heard.localhost, kind: compliment}\n",
                "  - {address: Complaints@HEARD.localhost, kind: compliment}\n",
            ),
        )
    )
    assert len(problems) == 1 and "mailboxes[1].address" in problems[0], problems
    assert "listed twice" in problems[0]


def test_a_team_alias_is_checked_as_a_phrase(tmp_path: Path) -> None:
    problems = check_rules_file(
        write(tmp_path, _replace("aliases: [mash, ", "aliases: ['(unclosed', mash, "))
    )
    assert len(problems) == 1 and "teams[1].aliases[0]" in problems[0], problems
