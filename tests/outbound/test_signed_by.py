"""Letters are signed by the council's own complaints team: the rule file's triage team (the
one with `triage_queue: true`), by its name there, not by the shipped file's "Complaints and
Customer Relations". Walking heard with a council whose complaints team is "Customer Feedback &
Complaints (Ōtautahi)", every acknowledgement the capture server caught was signed with the
shipped team's name (walkerC). The name was then written in three places (a default in
outbound.letters, the sign_off macro's default, the rule file), and the case's letters kept the
name the rule file had at start after SIGHUP renamed the team (walker1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from cases.actor import Actor, Via
from casework.closing import withdraw
from heard.serve import reload_rules
from heard.settings import DEFAULT_RULES_PATH, Settings
from heard.wiring import build_case_service
from outbound.compose import SHIPPED_TEMPLATES
from store.db import session_scope
from store.models import Case
from tests.intake.conftest import Intake, running_intake
from tests.intake.test_council_settings import letter_text
from tests.intake.test_intake_e2e import deliver, mail
from tests.mailsink import MailSink

SHIPPED_TEAM = "Complaints and Customer Relations"
TEAM = "Customer Feedback & Complaints (Ōtautahi's)"
RENAMED = "Family Feedback Team"
# Not a letter a family gets: the director's digest, the MASH referral, and the advocate's
# copy, which wraps a letter signed already.
NOT_SIGNED = {"_macros.txt.j2", "digest.txt.j2", "mash_referral.txt.j2", "advocate_copy.txt.j2"}
LETTERS = sorted(
    path.name for path in Path(SHIPPED_TEMPLATES).glob("*.txt.j2") if path.name not in NOT_SIGNED
)


def test_only_the_rule_file_names_the_team() -> None:
    """No template, macro or module says who signs: only the rule file does."""
    assert f"    name: {SHIPPED_TEAM}\n" in DEFAULT_RULES_PATH.read_text()
    for folder in ("outbound", "intake", "heard"):
        for path in Path(folder).rglob("*"):
            if path.suffix in (".py", ".j2"):
                assert SHIPPED_TEAM not in path.read_text(), path


@pytest.mark.parametrize("name", LETTERS)
def test_every_letter_signs_through_the_macro(name: str) -> None:
    """One way to sign: sign_off(council_name, signed_by, …), once, and the signer written
    nowhere else in the letter."""
    text = (Path(SHIPPED_TEMPLATES) / name).read_text()
    assert text.count("{{ sign_off(council_name, signed_by") == 1, name
    assert "{{ signed_by }}" not in text


def councils_rules(tmp_path: Path, team: str = TEAM) -> Path:
    text = DEFAULT_RULES_PATH.read_text()
    old = f"    name: {SHIPPED_TEAM}\n"
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace(old, f'    name: "{team}"\n', 1), encoding="utf-8")
    return path


def signed(body: str, team: str, council_name: str) -> bool:
    return f"{team} {council_name}" in body and SHIPPED_TEAM not in body


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
        assert signed(body, TEAM, settings.council_name), body


async def withdrawal_letter(intake: Intake) -> str:
    """Withdraw the one case through the process's case service; the letter caught."""
    caught = len(intake.sink.messages)
    with session_scope(intake.context.engine) as session:
        case = session.exec(select(Case)).one()
        withdraw(build_case_service(intake.context), session, case=case,
                 actor=Actor.staff(Via.CLI, "officer"), now=intake.clock.now())  # fmt: skip
    assert await intake.send_outbox() == 1
    (captured,) = intake.sink.messages[caught:]
    return letter_text(captured)


async def test_a_reloaded_rule_file_signs_the_next_letters(
    settings: Settings, database_url: str, mail_sink: MailSink, tmp_path: Path
) -> None:
    """SIGHUP's reload renames the triage team: the next letter of each kind, intake's
    acknowledgement and a case's letter (built once per process), is signed with the new name."""
    rules = councils_rules(tmp_path)
    async with running_intake(settings, database_url, mail_sink, rules_path=rules) as intake:
        build_case_service(intake.context)  # the letter writer exists before the reload
        await deliver(intake, mail("My son's social worker never returns my calls."))
        assert await intake.send_outbox() == 1
        assert signed(letter_text(intake.sink.messages[0]), TEAM, settings.council_name)
        councils_rules(tmp_path, RENAMED)
        assert await reload_rules(intake.context, [])
        assert signed(await withdrawal_letter(intake), RENAMED, settings.council_name)
        await deliver(intake, mail("Nobody came to my daughter's review.",
                                   sender="other@example.org", message_id="<m2@example.org>"))  # fmt: skip
        assert await intake.send_outbox() == 1
        assert signed(letter_text(intake.sink.messages[-1]), RENAMED, settings.council_name)
