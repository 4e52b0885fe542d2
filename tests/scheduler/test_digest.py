from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select

from cases.enums import OutboxKind
from heard.context import AppContext
from heard.wiring import messenger
from scheduler.digest_send import preview, send_digests, slack_blocks
from store.db import session_scope
from store.models import OutboxMessage
from tests.scheduler.conftest import new_complaint

MONDAY_8AM = datetime(2026, 3, 23, 8, 0, tzinfo=UTC)


def test_digest_lists_overdue_due_and_teams(app: AppContext) -> None:
    new_complaint(app, team="fostering")  # due 16 March: overdue by 23 March
    new_complaint(app, team="adoption", received_at=datetime(2026, 3, 11, 10, tzinfo=UTC))
    text = preview(
        app.engine, rulebook=app.rulebook, calendar=app.calendar, as_of=date(2026, 3, 23)
    )
    assert "1 overdue complaint this week." in text
    assert (
        "== Fostering" in text
        and "OVERDUE CSC-2026-000001 (statutory_1) due 2026-03-16, 5 working days overdue" in text
    )
    assert "Due this week: CSC-2026-000002 (statutory_1) on 2026-03-25" in text
    assert "Acknowledgement late: CSC-2026-000001" in text
    assert "No overdue complaints this week." in text  # the other directorate
    assert "Parent" not in text


def test_digest_is_sent_once_per_week_by_email_and_slack(app: AppContext) -> None:
    new_complaint(app)
    queued = send_digests(
        app.engine,
        messenger=messenger(app.settings),
        rulebook=app.rulebook,
        calendar=app.calendar,
        now=MONDAY_8AM,
    )
    again = send_digests(
        app.engine,
        messenger=messenger(app.settings),
        rulebook=app.rulebook,
        calendar=app.calendar,
        now=MONDAY_8AM,
    )
    assert queued == 2 and again == 0  # two directors with email in the default rules
    with session_scope(app.engine) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.kind == OutboxKind.EMAIL))
        targets = sorted(row.target for row in rows)
    assert targets == ["dcs@heard.localhost", "education.director@heard.localhost"]


def test_slack_blocks_respect_the_section_limit() -> None:
    blocks = slack_blocks("\n\n".join(["x" * 2000] * 5 + ["y" * 7000]))
    assert all(len(block["text"]["text"]) <= 3000 for block in blocks)
    from slack_sdk.models.blocks import SectionBlock

    for block in blocks:
        SectionBlock(**{k: v for k, v in block.items() if k != "type"}).validate_json()


def test_cli_preview_and_reminders_list(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from heard.cli import app as cli

    runner = CliRunner()
    result = runner.invoke(cli, ["digest", "preview", "--as-of", "2026-03-23"])
    assert result.exit_code == 0, result.stderr
    assert "No overdue complaints this week." in result.stdout
    assert runner.invoke(cli, ["reminders", "list"]).stdout.strip() == "no pending reminders"
    bad = runner.invoke(cli, ["digest", "preview", "--as-of", "soon"])
    assert bad.exit_code == 2 and "--as-of" in bad.stderr
    monkeypatch.setenv("HEARD_DIGEST_CRON", "0 25 * * mon")
    result = runner.invoke(cli, ["config", "check"])
    assert result.exit_code == 2 and result.stderr.startswith("HEARD_DIGEST_CRON")


def test_missed_digest_is_detected_after_downtime(app: AppContext) -> None:
    from heard.wiring import build_scheduler

    service = build_scheduler(app)
    assert service.digest_missed(datetime(2026, 3, 23, 10, tzinfo=UTC))  # Monday 10:00
    assert not service.digest_missed(datetime(2026, 3, 23, 7, tzinfo=UTC))  # before 08:00
