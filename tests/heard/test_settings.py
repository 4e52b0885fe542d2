from __future__ import annotations

import re
from pathlib import Path

import pytest

from heard.settings import Settings, SettingsError, load_settings

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def test_env_example_documents_every_setting() -> None:
    documented = set(re.findall(r"^#?\s*HEARD_([A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.M))
    fields = {name.upper() for name in Settings.model_fields}
    assert fields - documented == set(), "settings missing from .env.example"
    assert documented - fields == set(), ".env.example names settings that do not exist"


def test_env_example_values_are_valid(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^(HEARD_[A-Z0-9_]+)=(.*)$", line)
        if match:
            monkeypatch.setenv(match.group(1), match.group(2))
    assert load_settings().reference_prefix == "CSC"
    closure_days = re.search(r"^# (HEARD_CLOSURE_DAYS)=(.+)$", ENV_EXAMPLE.read_text(), re.M)
    assert closure_days is not None  # its example, commented
    monkeypatch.setenv(*closure_days.groups())
    assert len(load_settings().closure_days) == 3


def test_a_copy_of_env_example_is_the_defaults(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its first line says copy it to .env, and the README's examples assume the defaults: a
    copy set three closure days at Christmas 2026, so `heard calendar add 2026-12-22 10` printed
    2027-01-13, not the README's 2027-01-08 (walkerF). What a council changes is commented."""
    set_here = []
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^(HEARD_[A-Z0-9_]+)=(.*)$", line)
        if match:
            monkeypatch.setenv(match.group(1), match.group(2))
            set_here.append(match.group(1).removeprefix("HEARD_").lower())
    loaded = load_settings()
    changed = {
        name: getattr(loaded, name)
        for name in set_here
        if getattr(loaded, name)
        != Settings.model_fields[name].get_default(call_default_factory=True)
    }
    assert changed == {}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HEARD_SMTP_PORT", "not-a-port"),
        ("HEARD_TIMEZONE", "Mars/Olympus"),
        ("HEARD_DATABASE_URL", "mysql://nope"),
        ("HEARD_LOG_FORMAT", "xml"),
        ("HEARD_CLOSURE_DAYS", "2026-13-45"),
        ("HEARD_REFERENCE_PREFIX", "bad prefix"),
    ],
)
def test_bad_setting_is_named_in_one_line(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith(name)
    assert "\n" not in str(raised.value)


def test_secrets_do_not_show_in_repr(settings: Settings) -> None:
    loaded = load_settings(
        slack_bot_token="xoxb-secret-value",
        smarthost_username="heard",
        smarthost_password="hunter2",
    )
    assert "xoxb-secret-value" not in repr(loaded)
    assert "hunter2" not in repr(loaded)


def test_misspelt_setting_is_refused_with_a_suggestion(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEARD_SMPT_PORT", "2526")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value) == "HEARD_SMPT_PORT: unknown setting (did you mean HEARD_SMTP_PORT?)"


def test_unknown_names_in_dotenv_are_refused(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("HEARD_COUNCIL_NAME=Anyshire\nheard_mash_emial=x@y.org\n")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith("heard_mash_emial (in .env): unknown setting")


def test_dotenv_that_is_not_utf8_is_one_line(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"HEARD_COUNCIL_NAME=Caf\xe9\n")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith(".env: not UTF-8 text")


def test_test_and_benchmark_variables_are_not_settings(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HEARD_TEST_POSTGRES_URL", "HEARD_BENCH_POSTGRES_URL", "HEARD_SOAK_SECONDS"):
        monkeypatch.setenv(name, "1")
    assert load_settings().council_name


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("HEARD_TIMESCALES", "not json", "not valid JSON"),
        ("HEARD_TIMESCALES", '{"statutory_1": [99999999999, null]}', "at most 1300"),
        ("HEARD_TIMESCALES", '{"statutory_1": [5]}', "statutory_1"),
        ("HEARD_TIMESCALES", '{"stage_9": [5, null]}', "unknown timescale"),
        ("HEARD_CLOSURE_DAYS", "9999-12-31", "outside the working-day calendar"),
        ("HEARD_ESCALATION_LADDER", "99999999999:director", "DAYS from 1 to 1300"),
        ("HEARD_SMTP_MAX_MESSAGE_BYTES", "99999999999999999999", "HEARD_SMTP_MAX_MESSAGE_BYTES"),
        ("HEARD_SWEEP_INTERVAL_SECONDS", "99999999999", "HEARD_SWEEP_INTERVAL_SECONDS"),
        ("HEARD_WORKING_HOURS_END", "08:00", "must be after HEARD_WORKING_HOURS_START"),
        ("HEARD_MAIL_FROM", "complaints", "not an email address"),
        ("HEARD_MASH_EMAIL", "mash@council.example\r\nBcc: x@y", "not an email address"),
        ("HEARD_MASH_EMAIL", "mash[duty]@council.example", "not an email address"),
        ("HEARD_MAIL_FROM", '"complaints team"@council.example', "not an email address"),
        ("HEARD_DIGEST_TO", "dcs@council.example,a\\b@council.example", "neither an email"),
        ("HEARD_SMTP_HOSTNAME", "heard\r\n250 ok", "not a host name"),
        ("HEARD_COUNCIL_NAME", "", "give the council's name"),
        ("HEARD_COUNCIL_NAME", "Example\x1b[31mBorough", "control character"),
        ("HEARD_COUNCIL_NAME", "Example\tBorough Council", "control character"),
        ("HEARD_COUNCIL_NAME", "x" * 121, "at most 120 characters"),
        ("HEARD_IMMEDIATE_RISK_TEXT", "Call 999.", "emergency duty (out-of-hours) telephone"),
        ("HEARD_IMMEDIATE_RISK_TEXT", "", "name 999"),
        ("HEARD_IMMEDIATE_RISK_TEXT", "Out of hours, call 0300 123 4567.", "name 999"),
        ("HEARD_SLACK_API_URL", "file:///etc/passwd", "http(s) address"),
        ("HEARD_SLACK_TRIAGE_CHANNEL", "#complaints", "not a Slack channel id"),
        ("HEARD_SLACK_BOT_TOKEN", "xoxp-1-pw-9f3a", "not a Slack bot token: it begins xoxb-"),
        ("HEARD_SLACK_BOT_TOKEN", "pw-9f3a", "not a Slack bot token"),  # the signing secret
        ("HEARD_SLACK_APP_TOKEN", "xoxb-1-pw-9f3a", "not a Slack app-level token"),
        ("HEARD_SMARTHOST_HOST", "mail.council!gov.uk", "not a host name"),
        ("HEARD_WEB_BASE_URL", "https://intranet.council.gov.uk/heard?x=1", "http(s) address"),
        ("HEARD_WEB_BASE_URL", 'https://intranet.council.gov.uk/he"><b>', "the path may hold"),
        ("HEARD_WEB_BASE_URL", "https://intranet.council.gov.uk//heard", "the path may hold"),
        ("HEARD_MASH_SLACK_CHANNEL", "mash-duty", "not a Slack channel id"),
        ("HEARD_DATABASE_URL", "postgresql://heard:pw-9f3a@db:5432x/heard", "port after the host"),
        ("HEARD_DATABASE_URL", "postgresql://heard:pw-9f3a@db:/heard", "port after the host"),
        ("HEARD_DATABASE_URL", "postgresql://heard:pw-9f3a@db:99999/heard", "port 99999"),
    ],
)
def test_absurd_values_are_refused_in_one_line(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith(name)
    assert says in str(raised.value)
    assert "\n" not in str(raised.value)
    assert "pw-9f3a" not in str(raised.value)


def test_a_blank_slack_token_leaves_slack_off(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`HEARD_SLACK_BOT_TOKEN=` left in an env file is no token, as other blank settings are:
    it turned Slack on, and start-up asked for a signing secret."""
    monkeypatch.setenv("HEARD_SLACK_BOT_TOKEN", "")
    monkeypatch.setenv("HEARD_SLACK_APP_TOKEN", " ")
    loaded = load_settings()
    assert loaded.slack_bot_token is None and loaded.slack_app_token is None
