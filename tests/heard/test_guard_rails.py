"""What stops an administrator's mistakes (issue 26): production with the shipped
placeholders, and rule files with duplicate team ids, bad addresses or bad Slack ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.checks import check_production
from heard.settings import DEFAULT_RULES_PATH, Settings, load_settings
from triage.rulebook import RulebookError, parse_rulebook

DEFAULT = DEFAULT_RULES_PATH.read_text()


def test_production_refuses_each_placeholder_on_a_line_of_its_own(settings: Settings) -> None:
    production = load_settings(environment="production", database_url=settings.database_url)
    problems = check_production(production)
    assert [p.split(":")[0] for p in problems] == [
        "HEARD_MAIL_FROM",
        "HEARD_MASH_EMAIL",
        "HEARD_SMTP_HOSTNAME",
        "HEARD_IMMEDIATE_RISK_TEXT",
        "HEARD_RULES_PATH",
        "HEARD_RULES_PATH",
        "HEARD_RULES_PATH",
    ]
    assert "mailboxes still at the placeholder heard.localhost" in problems[4]
    assert "contact(s) still at the placeholder" in problems[5]
    assert "roles: grants nobody a role" in problems[6]
    assert all("\n" not in problem for problem in problems)
    assert check_production(settings) == []  # not production: no complaint


def test_production_with_real_values_passes(settings: Settings, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        DEFAULT.replace("heard.localhost", "council.example.gov.uk").replace(
            "{role: complaints_officer, users: [], groups: []}",
            "{role: complaints_officer, users: [U012ABC], groups: []}",
        )
    )
    production = load_settings(
        environment="production",
        database_url=settings.database_url,
        rules_path=rules,
        mail_from="complaints@council.example.gov.uk",
        mash_email="mash@council.example.gov.uk",
        smtp_hostname="heard.council.example.gov.uk",
        immediate_risk_text="Call 999. Out of hours, call 0300 123 4567.",
    )
    assert check_production(production) == []
    plain = production.model_copy(update={"web_base_url": "http://heard.council.example.gov.uk"})
    assert check_production(plain) == [
        "HEARD_WEB_BASE_URL: http://heard.council.example.gov.uk is not https:// "
        "(HEARD_ENVIRONMENT=production): give the public address staff reach heard at through "
        "TLS; sign-in cookies are marked Secure only then"
    ]
    secure = production.model_copy(update={"web_base_url": "https://heard.council.example.gov.uk"})
    assert check_production(secure) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("- id: front_door", "- id: complaints"),
            "duplicate id 'complaints'",
        ),
        (
            ("email: frontdoor.manager@heard.localhost", "email: frontdoor.manager"),
            "'frontdoor.manager' is not an email address",
        ),
        (
            (
                "{role: team_manager, users: [], groups: []}",
                "{role: team_manager, users: [jo], groups: []}",
            ),
            "'jo' is neither a Slack user id (U… or W…) nor an email address",
        ),
        (
            (
                "{role: director, users: [], groups: []}",
                "{role: director, users: [], groups: [managers]}",
            ),
            "'managers' is not a Slack user group id (S…)",
        ),
        (
            ("email: dcs@heard.localhost", "email: 'dcs[1]@heard.localhost'"),
            "'dcs[1]@heard.localhost' is not an email address",
        ),
        (
            (
                "{role: team_manager, users: [], groups: []}",
                """{role: team_manager, users: ['"jo smith"@council.example'], groups: []}""",
            ),
            "is neither a Slack user id (U… or W…) nor an email address",
        ),
        (
            (
                "{role: complaints_officer, users: [], groups: []}",
                "{role: complaints_officer, users: [], groups: [], emails: ['jo\\\\x@council.example']}",
            ),
            "is not an email address",
        ),
        (
            (
                "{address: complaints@heard.localhost, kind: complaint}",
                "{address: complaints@heard, kind: complaint}",
            ),
            "'complaints@heard' is not an email address",
        ),
    ],
)
def test_the_rule_file_check_catches(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in DEFAULT
    with pytest.raises(RulebookError) as raised:
        parse_rulebook(DEFAULT.replace(old, new, 1), source="rules.yaml")
    assert any(expected in str(problem) for problem in raised.value.problems), raised.value


def test_role_users_may_be_slack_ids_or_emails() -> None:
    text = DEFAULT.replace(
        "{role: team_manager, users: [], groups: []}",
        "{role: team_manager, users: [U0123ABC, W0123ABC, jo@council.example.gov.uk], groups: [S01]}",
    )
    parse_rulebook(text, source="rules.yaml")
