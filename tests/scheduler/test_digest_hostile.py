"""The digest shows outside text as text, and says what it leaves out (issue 29, minor): the
HTML digest was not autoescaped (select_autoescape(["html"]) did not match digest.html.j2), and
the Slack digest was cut at 50 blocks without saying so."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scheduler.digest import TeamRow
from scheduler.digest_send import render, slack_blocks
from tests.scheduler.test_digest import sample

HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_a_hostile_team_label_is_escaped_in_the_html_digest() -> None:
    digest = sample()
    digest = replace(digest, rows=[TeamRow(HOSTILE, 1, 1, 0, 0), *digest.rows[1:]])
    _, html = render(digest, council_name="Example & Co <Council>")
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "Example &amp; Co &lt;Council&gt;" in html


def test_a_long_slack_digest_says_how_much_more_there_is() -> None:
    blocks = slack_blocks("\n\n".join(["x" * 2000] * 80))
    assert len(blocks) == 50
    assert blocks[-1]["text"]["text"] == "… and 31 more sections: the email digest has them all."


# Team names as councils write them: up to the column's width, one over, names that share the
# column's 36 characters ("… locality 1" and "… locality 10"), the longest the rule file takes.
LOCALITY = "Tîm Ardal — Ōtautahi's locality team"  # 36 characters
TEAM_NAMES = [
    "Fostering",
    "x" * 36,
    "y" * 37,
    LOCALITY,
    LOCALITY + " 1",
    LOCALITY + " 10",
    "z" * 200,
]


@pytest.mark.parametrize("name", TEAM_NAMES, ids=[f"{len(n)} characters" for n in TEAM_NAMES])
def test_each_team_is_named_whole_in_the_email_digest(name: str) -> None:
    """The plain text digest cut a team's name at 36 characters: two locality teams whose
    names differ after that read as one team with two rows."""
    digest = sample()
    others = [TeamRow(other, 1, 0, 0, 0) for other in TEAM_NAMES if other != name]
    digest = replace(digest, rows=[TeamRow(name, 3, 2, 1, 0), *others])
    text, _ = render(digest, council_name="Brighton & Hove City Council")
    lines = text.splitlines()
    named = [number for number, line in enumerate(lines) if line.split("  ")[0].strip() == name]
    assert len(named) == 1, lines
    figures = lines[named[0]] if len(name) <= 36 else lines[named[0] + 1]
    assert figures.split()[-4:] == ["3", "2", "1", "0"], lines
