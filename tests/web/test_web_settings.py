"""The web view's settings: a wrong issuer, a missing client id or workspace is one line."""

from __future__ import annotations

import pytest

from heard.settings import Settings, SettingsError, load_settings

CLIENT = {
    "HEARD_OIDC_CLIENT_ID": "client",
    "HEARD_OIDC_CLIENT_SECRET": "not-a-real-secret",
    "HEARD_WEB_BASE_URL": "https://heard.council.example",
}


@pytest.mark.parametrize(
    ("variables", "starts"),
    [
        (
            {"HEARD_OIDC_ISSUER": "https://login.microsoftonline.com/common/v2.0", **CLIENT},
            "HEARD_OIDC_ISSUER",
        ),
        (
            {"HEARD_OIDC_ISSUER": "https://login.microsoftonline.com/organizations/v2.0", **CLIENT},
            "HEARD_OIDC_ISSUER",
        ),
        ({"HEARD_OIDC_ISSUER": "http://idp.council.example", **CLIENT}, "HEARD_OIDC_ISSUER"),
        ({"HEARD_OIDC_ISSUER": "https://slack.com", **CLIENT}, "HEARD_OIDC_SLACK_TEAM_ID"),
        ({"HEARD_OIDC_ISSUER": "https://slack.com"}, "HEARD_OIDC_CLIENT_ID"),
        ({"HEARD_OIDC_SLACK_TEAM_ID": "nope"}, "HEARD_OIDC_SLACK_TEAM_ID"),
        ({"HEARD_WEB_BASE_URL": "heard.council.example"}, "HEARD_WEB_BASE_URL"),
        ({"HEARD_WEB_PORT": "70000"}, "HEARD_WEB_PORT"),
    ],
)
def test_a_wrong_web_setting_is_one_line(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], starts: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith(starts), str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "issuer",
    [
        "https://slack.com",
        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
        "http://127.0.0.1:24010",
    ],
)
def test_slack_entra_and_a_local_issuer_are_accepted(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, issuer: str
) -> None:
    for name, value in {
        **CLIENT,
        "HEARD_OIDC_ISSUER": issuer,
        "HEARD_OIDC_SLACK_TEAM_ID": "T0123456",
    }.items():
        monkeypatch.setenv(name, value)
    loaded = load_settings()
    assert loaded.oidc_issuer == issuer
    assert "not-a-real-secret" not in repr(loaded)
