"""A file heard cannot write, or is given over the council's limit, is refused in one line.

A file heard is asked to write where it cannot (a folder the heard user may not write to, a
full or read-only disk) is refused in one line naming the option and the reason, exit 2, never
`unexpected error: FileNotFoundError ...` or SQLite's `unable to open database file`. /proc
stands in for a folder nobody may create files in: it refuses even root, whom permissions do
not stop."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.cli_process import invoke_heard, quiet_environment, refusal

NOWHERE = Path("/proc")

pytestmark = pytest.mark.skipif(not NOWHERE.is_dir(), reason="needs Linux's /proc")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["export", "cases", "--out", str(NOWHERE / "cases.csv")], "--out: cannot write"),
        (["export", "cases", "--out", str(NOWHERE / "cases.xlsx")], "--out: cannot write"),
        (["db", "backup", str(NOWHERE / "copy.db")], "cannot write"),
        (
            ["sar", "export", "--email", "sam@example.org", "--out", str(NOWHERE)],
            "--out: cannot write",
        ),
    ],
)
def test_a_file_heard_cannot_write_is_one_line(tmp_path: Path, args: list[str], named: str) -> None:
    env = quiet_environment(tmp_path)
    assert invoke_heard("db", "upgrade", env=env, cwd=tmp_path).returncode == 0
    line = refusal(invoke_heard(*args, env=env, cwd=tmp_path))
    assert named in line and "unexpected error" not in line, line
    assert str(NOWHERE) in line, line


def test_a_file_over_the_councils_limit_is_not_logged(tmp_path: Path) -> None:
    """HEARD_ATTACHMENT_MAX_BYTES holds for a file staff attach to a call, letter or visit at
    the terminal, as for mail and the web form (the council's value, here 500 bytes)."""
    env = quiet_environment(tmp_path, HEARD_ATTACHMENT_MAX_BYTES="500")
    big = tmp_path / "letter.pdf"
    big.write_bytes(b"%PDF" + b"z" * 600)
    args = ["case", "new", "log", "--channel", "letter", "--name", "Ann Writer",
            "--text", "My grandson has had four social workers this year.", "--attach", str(big)]  # fmt: skip
    line = refusal(invoke_heard(*args, env=env, cwd=tmp_path))
    assert line == "heard: --attach: letter.pdf is 604 bytes: each file may be at most 500 bytes"
    listed = invoke_heard("cases", "list", env=env, cwd=tmp_path).stdout
    assert "CSC-" not in listed  # nothing was logged
    big.write_bytes(b"%PDF" + b"z" * 400)
    assert invoke_heard(*args, env=env, cwd=tmp_path).returncode == 0
