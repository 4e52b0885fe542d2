"""Issue 13 item 11: `heard config check` runs exactly the checks `heard serve` runs before it
starts, so each bad setting below is refused by both, with the same single line naming the
setting or file, exit code 2 and no traceback. Each case runs the real command twice."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from heard.settings import Settings
from tests.cli.cli_process import quiet_environment, refusal, run_heard

BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9 if previous else ['lol'] * 9)}]\n"
    for previous, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


Setup = Callable[[Path, int], dict[str, str]]


def _file(name: str, content: bytes, setting: str) -> Setup:
    def setup(tmp_path: Path, _: int) -> dict[str, str]:
        (tmp_path / name).write_bytes(content)
        return {setting: str(tmp_path / name)}

    return setup


CASES: dict[str, tuple[Setup, str]] = {
    "timescales_not_json": (lambda *_: {"HEARD_TIMESCALES": "not json"}, "HEARD_TIMESCALES:"),
    "timescales_absurd": (
        lambda *_: {"HEARD_TIMESCALES": '{"statutory_1":[99999999999,null]}'},
        "HEARD_TIMESCALES:",
    ),
    "rules_not_utf8": (
        _file("rules.yaml", "teams:\n  - id: café\n".encode("latin-1"), "HEARD_RULES_PATH"),
        "HEARD_RULES_PATH:",
    ),
    "rules_alias_bomb": (
        _file("rules.yaml", BOMB.encode(), "HEARD_RULES_PATH"),
        "HEARD_RULES_PATH:",
    ),
    "smtp_port_in_use": (
        lambda _, busy: {"HEARD_SMTP_PORT": str(busy)},
        "HEARD_SMTP_PORT: cannot listen",
    ),
    "slack_port_in_use": (
        lambda _, busy: {
            "HEARD_SLACK_HTTP_PORT": str(busy),
            "HEARD_SLACK_BOT_TOKEN": "xoxb-test",
            "HEARD_SLACK_SIGNING_SECRET": "secret",
            "HEARD_SLACK_API_URL": "http://127.0.0.1:9/",
        },
        "HEARD_SLACK_HTTP_PORT: cannot listen",
    ),
    "tls_files_missing": (
        lambda tmp_path, _: {
            "HEARD_SMTP_TLS_CERT": str(tmp_path / "cert.pem"),
            "HEARD_SMTP_TLS_KEY": str(tmp_path / "key.pem"),
        },
        "HEARD_SMTP_TLS_CERT:",
    ),
    "sqlite_directory_missing": (
        lambda tmp_path, _: {"HEARD_DATABASE_URL": f"sqlite:///{tmp_path / 'nope' / 'h.db'}"},
        "HEARD_DATABASE_URL:",
    ),
    "smtp_connections_zero": (
        lambda *_: {"HEARD_SMTP_MAX_CONNECTIONS": "0"},
        "HEARD_SMTP_MAX_CONNECTIONS:",
    ),
    "smtp_connections_hold_too_much_mail": (
        lambda *_: {"HEARD_SMTP_MAX_CONNECTIONS": "500"},
        "HEARD_SMTP_MAX_CONNECTIONS: 500 connections of up to 25 MB may hold 24.4 GB",
    ),
    "database_port_not_a_number": (
        lambda *_: {"HEARD_DATABASE_URL": "postgresql://heard:pw@127.0.0.1:54x2/heard"},
        "HEARD_DATABASE_URL: the port after the host must be a number",
    ),
    "smarthost_password_without_username": (
        lambda *_: {"HEARD_SMARTHOST_PASSWORD": "relay-password"},
        "HEARD_SMARTHOST_USERNAME and HEARD_SMARTHOST_PASSWORD must be set together",
    ),
    "slack_app_token_without_bot_token": (
        lambda *_: {"HEARD_SLACK_APP_TOKEN": "xapp-1-A1-2-abc"},
        "HEARD_SLACK_BOT_TOKEN: needed with HEARD_SLACK_APP_TOKEN",
    ),
    "misspelt_setting": (
        lambda *_: {"HEARD_SMPT_PORT": "2526"},
        "HEARD_SMPT_PORT: unknown setting (did you mean HEARD_SMTP_PORT?)",
    ),
    "misspelt_setting_in_dotenv": (
        _file(".env", b"HEARD_SMPT_PORT=2526\n", "HEARD_COUNCIL_NAME"),
        "HEARD_SMPT_PORT (in .env): unknown setting",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_config_check_and_serve_refuse_the_same_way(
    tmp_path: Path, busy_port: int, case: str
) -> None:
    setup, expected = CASES[case]
    (tmp_path / "heard.db").write_bytes(b"")  # a file that is there (and no TLS certificate)
    env = quiet_environment(tmp_path, **setup(tmp_path, busy_port))
    checked = refusal(run_heard("config", "check", env=env, cwd=tmp_path))
    served = refusal(run_heard("serve", env=env, cwd=tmp_path))
    assert expected in checked
    assert served == f"heard: {checked}"


def test_config_check_passes_what_serve_accepts(tmp_path: Path) -> None:
    result = run_heard("config", "check", env=quiet_environment(tmp_path), cwd=tmp_path)
    assert (result.returncode, result.stdout.strip()) == (0, "configuration is valid")
    assert not (tmp_path / "heard.db").exists()  # checking creates nothing


# The same checks, called in this process, for refusals that need no second process to show.


def _problems(settings: Settings) -> list[str]:
    from cli.checks import startup_problems

    return startup_problems(settings)


def test_tls_files_that_are_not_pem_name_the_setting(settings: Settings, tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    bad = settings.model_copy(update={"smtp_tls_cert": junk, "smtp_tls_key": junk, "smtp_port": 0})
    [problem] = _problems(bad)
    assert problem.startswith(f"HEARD_SMTP_TLS_CERT: cannot load {junk}")


def test_unknown_listening_host_names_the_setting(settings: Settings) -> None:
    bad = settings.model_copy(update={"smtp_host": "no-such-host.invalid", "smtp_port": 0})
    [problem] = _problems(bad)
    assert problem.startswith("HEARD_SMTP_HOST: cannot listen on no-such-host.invalid:0")


def test_same_port_for_smtp_and_slack_is_refused(settings: Settings) -> None:
    both = settings.model_copy(
        update={
            "smtp_port": 2599,
            "slack_http_port": 2599,
            "slack_bot_token": SecretStr("xoxb-test"),
            "slack_signing_secret": SecretStr("secret"),
        }
    )
    assert _problems(both) == ["HEARD_SLACK_HTTP_PORT: 2599 is HEARD_SMTP_PORT too"]


def test_templates_folder_must_exist_and_compile(settings: Settings, tmp_path: Path) -> None:
    missing = settings.model_copy(update={"templates_dir": tmp_path / "none", "smtp_port": 0})
    assert _problems(missing) == [f"HEARD_TEMPLATES_DIR: {tmp_path / 'none'} is not a directory"]
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "acknowledgement_statutory.txt.j2").write_text("Dear {{ name }\n")
    broken = settings.model_copy(update={"templates_dir": folder, "smtp_port": 0})
    [problem] = _problems(broken)
    name = folder / "acknowledgement_statutory.txt.j2"
    assert problem.startswith(f"HEARD_TEMPLATES_DIR: {name}:1: ")


def test_a_councils_letter_heard_no_longer_reads_is_named(
    settings: Settings, tmp_path: Path
) -> None:
    """The statutory acknowledgement was two letters, in and out of hours, apart from every
    other first letter; a council's own copy of either would now be ignored without a word."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "acknowledgement_out_of_hours.txt.j2").write_text("Dear resident,\n")
    [problem] = _problems(settings.model_copy(update={"templates_dir": folder, "smtp_port": 0}))
    assert "no longer reads this letter" in problem
    assert "acknowledgement_statutory.txt.j2" in problem


def test_a_councils_letter_signing_the_old_way_is_named(
    settings: Settings, tmp_path: Path
) -> None:
    """sign_off takes who signs (the rule file's triage team) and has no default name to fall
    back on: a council's letter calling sign_off(council_name) could not be written, so heard
    says so before it starts, not when the letter is due."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "withdrawal.txt.j2").write_text(
        '{%- from "_macros.txt.j2" import sign_off -%}\nDear resident,\n\n'
        "{{ sign_off(council_name) }}\n{{ sign_off(council_name, signed_by) }}\n"
        "{{ sign_off(council_name, greeted=False, signed_by=signed_by) }}\n"
    )
    [problem] = _problems(settings.model_copy(update={"templates_dir": folder, "smtp_port": 0}))
    assert problem.startswith(f"HEARD_TEMPLATES_DIR: {folder / 'withdrawal.txt.j2'}:4: ")
    assert "sign_off(council_name, signed_by)" in problem


def test_a_file_that_is_no_database_names_the_setting(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "junk.db").write_text("not a database" * 100)
    bad = settings.model_copy(
        update={"database_url": f"sqlite:///{tmp_path / 'junk.db'}", "smtp_port": 0}
    )
    [problem] = _problems(bad)
    assert problem.startswith("HEARD_DATABASE_URL: cannot use the database")


def test_test_suite_variables_are_not_settings(tmp_path: Path) -> None:
    env = quiet_environment(tmp_path, HEARD_TEST_POSTGRES_URL="postgresql://x/y")
    assert run_heard("config", "check", env=env, cwd=tmp_path).returncode == 0
