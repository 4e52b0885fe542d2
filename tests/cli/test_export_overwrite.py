"""`heard export cases` never overwrites a file without being asked (issue 29, minor): an
existing --out is refused in one line naming --force, and left as it was."""

from __future__ import annotations

from pathlib import Path

from tests.cli.cli_process import invoke_heard, quiet_environment, refusal


def test_export_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    env = quiet_environment(tmp_path)
    out = tmp_path / "cases.csv"
    assert invoke_heard("db", "upgrade", env=env, cwd=tmp_path).returncode == 0
    assert invoke_heard("export", "cases", "--out", str(out), env=env, cwd=tmp_path).returncode == 0
    out.write_text("the council's own notes\n")
    line = refusal(invoke_heard("export", "cases", "--out", str(out), env=env, cwd=tmp_path))
    assert "exists" in line and "--force" in line
    assert out.read_text() == "the council's own notes\n"
    forced = invoke_heard("export", "cases", "--out", str(out), "--force", env=env, cwd=tmp_path)
    assert forced.returncode == 0
    assert out.read_text().startswith("reference,")
    assert sorted(path.name for path in tmp_path.iterdir() if "partial" in path.name) == []
