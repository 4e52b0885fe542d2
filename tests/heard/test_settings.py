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
    loaded = load_settings()
    assert loaded.reference_prefix == "CSC"
    assert len(loaded.closure_days) == 3


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
    loaded = load_settings(slack_bot_token="xoxb-secret-value", smarthost_password="hunter2")
    assert "xoxb-secret-value" not in repr(loaded)
    assert "hunter2" not in repr(loaded)
