from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import typer

from cli.main import app
from heard.settings import Settings
from tests.cli.cli_process import heard


def test_cases_list_on_a_fresh_database_prints_an_empty_list(settings: Settings) -> None:
    """A listing creates no database (tests/cli/test_missing_database): `heard db upgrade`
    makes the fresh one, as `heard serve` would on first start."""
    assert heard("db", "upgrade")[0] == 0
    code, out, _ = heard("cases", "list", "--json")
    assert code == 0
    assert json.loads(out) == []
    assert Path("heard.db").exists()


def test_calendar_add_skips_christmas_and_new_year(settings: Settings) -> None:
    code, out, _ = heard("calendar", "add", "2026-12-22", "10")
    assert code == 0
    assert out.strip() == "2027-01-08"


def test_calendar_add_respects_closure_days(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEARD_CLOSURE_DAYS", "2026-12-29,2026-12-30,2026-12-31")
    code, out, _ = heard("calendar", "add", "2026-12-22", "10")
    assert (code, out.strip()) == (0, "2027-01-13")


@pytest.mark.parametrize(
    ("name", "value"),
    [("HEARD_LOG_LEVEL", "LOUD"), ("HEARD_DATABASE_URL", "oracle://x")],
)
def test_bad_setting_stops_with_one_line_naming_it(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    code, out, err = heard("cases", "list")
    assert code == 2
    assert err.strip().startswith(f"heard: {name}")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_missing_database_directory_names_the_setting(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HEARD_DATABASE_URL", f"sqlite:///{tmp_path / 'missing' / 'heard.db'}")
    code, _, err = heard("cases", "list")
    assert code == 2
    assert "HEARD_DATABASE_URL" in err and "does not exist" in err


def test_unreachable_postgres_names_the_setting(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEARD_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    code, _, err = heard("cases", "list")
    assert code == 2
    assert err.strip().startswith("heard: HEARD_DATABASE_URL")


def test_out_of_date_database_says_which_command_fixes_it(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute("INSERT INTO alembic_version VALUES ('0000')")
    monkeypatch.setenv("HEARD_DATABASE_URL", f"sqlite:///{path}")
    code, _, err = heard("cases", "list")
    assert code == 2
    assert "heard db upgrade" in err
    # an unknown revision cannot be upgraded from: said, not crashed
    assert heard("db", "upgrade")[0] == 2


def test_db_upgrade_is_idempotent(settings: Settings) -> None:
    assert heard("db", "upgrade")[0] == 0
    assert heard("db", "upgrade")[0] == 0
    code, out, _ = heard("cases", "list", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_read_commands_write_nothing_not_even_the_rule_files_teams(settings: Settings) -> None:
    """Reading waits for no writer: the teams are written by `heard serve` and by commands that
    change cases, never by a listing."""
    import sqlite3

    assert heard("db", "upgrade")[0] == 0
    for command in (
        ["cases", "list"],
        ["cases", "list", "--json"],
        ["reminders", "list"],
        ["outbox", "failed"],
        ["intake", "quarantined"],
        ["triage", "report"],
    ):
        code, _, err = heard(*command)
        assert code == 0, (command, err)
    with sqlite3.connect("heard.db") as connection:
        assert connection.execute("SELECT count(*) FROM team").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)


def test_cases_show_unknown_reference(settings: Settings) -> None:
    assert heard("db", "upgrade")[0] == 0
    code, _, err = heard("cases", "show", "CSC-2026-999999")
    assert code == 2 and "no case CSC-2026-999999" in err


def test_help_on_every_command() -> None:
    for args in (
        ["--help"],
        ["serve", "--help"],
        ["db", "upgrade", "--help"],
        ["cases", "list", "--help"],
        ["calendar", "add", "--help"],
        ["config", "check", "--help"],
        ["demo", "seed", "--help"],
    ):
        assert heard(*args)[0] == 0, args


def test_every_command_and_option_says_what_it_is_for() -> None:
    """`--help` is where a newcomer learns an option: one listed with a blank beside it (as
    confirm-triage's --add-issue and --remove-issue were) leaves them guessing its form."""

    def walk(
        command: click.Command, path: tuple[str, ...], ctx: click.Context
    ) -> Iterator[tuple[tuple[str, ...], click.Command]]:
        yield path, command
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None, (*path, name)
                yield from walk(sub, (*path, name), click.Context(sub, parent=ctx))

    root = typer.main.get_command(app)
    blank = []
    for path, command in walk(root, (), click.Context(root)):
        if path and not (command.help or command.short_help):
            blank.append(" ".join(path))
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help" and not param.help:
                blank.append(f"{' '.join(path)} {'/'.join(param.opts)}")
    assert blank == []
