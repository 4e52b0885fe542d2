"""The digest shows outside text as text, and says what it leaves out (issue 29, minor): the
HTML digest was not autoescaped (select_autoescape(["html"]) did not match digest.html.j2), and
the Slack digest was cut at 50 blocks without saying so."""

from __future__ import annotations

from dataclasses import replace

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
