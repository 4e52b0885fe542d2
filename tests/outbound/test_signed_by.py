"""Letters are signed by the council's own complaints team: the rule file's triage team (the
one with `triage_queue: true`), by its name there, not by the shipped file's "Complaints and
Customer Relations". Walking heard with a council whose complaints team is "Customer Feedback &
Complaints (Ōtautahi)", every acknowledgement the capture server caught was signed with the
shipped team's name (walkerC)."""

from __future__ import annotations

from pathlib import Path

import pytest

from heard.settings import DEFAULT_RULES_PATH, Settings
from outbound.compose import SHIPPED_TEMPLATES
from outbound.letters import SIGNED_BY
from tests.intake.conftest import running_intake
from tests.intake.test_council_settings import letter_text
from tests.intake.test_intake_e2e import deliver, mail
from tests.mailsink import MailSink

TEAM = "Customer Feedback & Complaints (Ōtautahi's)"
LETTERS = sorted(path.name for path in Path(SHIPPED_TEMPLATES).glob("*.txt.j2"))


@pytest.mark.parametrize("name", LETTERS)
def test_no_letter_names_the_shipped_team(name: str) -> None:
    """Each letter signs with `signed_by` (or the sign_off macro given it): only the macro's
    default, for a council's own letter that calls it the old way, names the shipped team."""
    text = (Path(SHIPPED_TEMPLATES) / name).read_text()
    if name == "_macros.txt.j2":
        assert text.count(SIGNED_BY) == 1
        return
    assert SIGNED_BY not in text
    assert "sign_off(council_name)" not in text


def councils_rules(tmp_path: Path) -> Path:
    text = DEFAULT_RULES_PATH.read_text()
    old = f"    name: {SIGNED_BY}\n"
    assert old in text
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace(old, f'    name: "{TEAM}"\n', 1), encoding="utf-8")
    return path


async def test_first_letters_are_signed_by_the_councils_complaints_team(
    settings: Settings, database_url: str, mail_sink: MailSink, tmp_path: Path
) -> None:
    async with running_intake(
        settings, database_url, mail_sink, rules_path=councils_rules(tmp_path)
    ) as intake:
        await deliver(intake, mail("My son's social worker never returns my calls."))
        thanks = mail(
            "Thank you to the fostering team for all their help this year.",
            sender="grateful@example.org",
            message_id="<m2@example.org>",
        ).replace(b"To: complaints@heard.localhost", b"To: compliments@heard.localhost")
        await deliver(intake, thanks)
        assert await intake.send_outbox() == 2
        bodies = [letter_text(captured) for captured in intake.sink.messages]
    assert len(bodies) == 2
    for body in bodies:
        assert f"{TEAM} {settings.council_name}" in body, body
        assert SIGNED_BY not in body
