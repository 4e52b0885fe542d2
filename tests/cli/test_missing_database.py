"""A command that only reads, pointed at a SQLite file that is not there (a mistyped
HEARD_DATABASE_URL, a backup restored elsewhere), says so in one line naming the setting and
creates nothing: before, SQLite made an empty file on the first connection, and the report,
export, listing and SAR commands went on to build a whole empty database there, so the
mistake read as "no cases"."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from heard.settings import Settings

runner = CliRunner()

READ_ONLY = [
    ["report", "annual", "--year", "2025", "--out", "annual"],
    ["report", "quarterly", "--year", "2025", "--quarter", "1", "--out", "quarter"],
    ["report", "weekly", "--out", "week"],
    ["report", "code", "--year", "2026", "--out", "code"],
    ["export", "cases", "--out", "cases.csv"],
    ["cases", "list"],
    ["cases", "show", "CSC-2026-000001"],
    ["cases", "unread"],
    ["intake", "quarantined"],
    ["triage", "report"],
    ["audit", "staff", "--by", "officer@council.example"],
    ["outbox", "pending"],
    ["outbox", "failed"],
    ["reminders", "list"],
    ["sar", "list"],
    ["retention", "preview"],
    ["digest", "preview"],
    ["db", "current"],
    ["case", "CSC-2026-000001", "reads"],
]


@pytest.mark.parametrize("command", READ_ONLY, ids=lambda args: " ".join(args[:2]))
def test_a_missing_sqlite_file_is_refused_and_not_created(
    command: list[str], settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "mistyped" / "heard.db"
    missing.parent.mkdir()
    monkeypatch.setenv("HEARD_DATABASE_URL", f"sqlite:///{missing}")
    result = runner.invoke(app, command)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"heard: HEARD_DATABASE_URL: there is no database at {missing} (`heard db upgrade` or "
        "`heard serve` creates one)"
    ]
    assert list(missing.parent.iterdir()) == []
    assert not any(tmp_path.glob("annual*")) and not (tmp_path / "cases.csv").exists()
