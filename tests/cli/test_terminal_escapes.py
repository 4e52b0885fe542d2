"""Nothing a sender writes acts on an officer's terminal (issue 29, moderate 9): `heard cases
show` prints escape sequences (OSC 52 writes the clipboard, `ESC[2J` clears the screen), C1
controls and bidirectional overrides as visible escapes; `one_line` drops C1 and bidi
controls too. Real mail over SMTP, then the real `heard` command."""

from __future__ import annotations

from pathlib import Path

import pytest

from heard.settings import Settings
from outbound.text import for_terminal, one_line
from tests.cli.cli_process import quiet_environment, run_heard
from tests.intake.conftest import running_intake
from tests.intake.test_intake_e2e import deliver, mail
from tests.mailsink import MailSink

OSC_52 = "\x1b]52;c;ZWNobyBvd25lZA==\x07"  # sets the clipboard to "echo owned"
CLEAR = "\x1b[2J\x1b[H"
C1_CSI = "\x9b2J"
BIDI = "\u202egpj.exe\u202c \u2066x\u2069 \u200f"
DANGEROUS = ["\x1b", "\x07", "\x9b", "\u202e", "\u202c", "\u2066", "\u2069", "\u200f"]


@pytest.mark.parametrize(
    "text", [OSC_52, CLEAR, C1_CSI, BIDI, "a\u2028b\u2029c", "tab\there", "\x85next line"]
)
def test_one_line_keeps_no_control(text: str) -> None:
    shown = one_line(text)
    assert not any(char in shown for char in DANGEROUS)
    assert all(char.isprintable() for char in shown)


def test_for_terminal_shows_controls_as_escapes() -> None:
    assert for_terminal("a\x1b[2Jb\nc\td\u202e") == "a\\x1b[2Jb\nc\td\\u202e"


async def test_cases_show_prints_no_live_escape(
    settings: Settings, sqlite_url: str, mail_sink: MailSink, tmp_path: Path
) -> None:
    body = f"My complaint.{OSC_52}{CLEAR} The social worker {C1_CSI} never calls. {BIDI}"
    async with running_intake(settings, sqlite_url, mail_sink) as intake:
        code, reply = await deliver(intake, mail(body, subject=f"Complaint {BIDI} {C1_CSI}"))
        assert code == 250
        intake.settle()
    reference = reply.split()[-1].decode()
    result = run_heard(
        "cases",
        "show",
        reference,
        env=quiet_environment(tmp_path, HEARD_DATABASE_URL=sqlite_url),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert "social worker" in output
    assert not any(char in output for char in DANGEROUS), [
        char for char in DANGEROUS if char in output
    ]
    assert "\\x1b]52;c;" in output  # shown, so staff see what was sent
