"""`heard report code --year`: the annual complaints performance and service improvement report
the Ombudsman's Complaint Handling Code asks for, over corporate complaints worked through
`heard case REF ACTION` under the Code, on both databases."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy.engine import Engine

from cases.enums import Route
from cli.main import app
from heard.settings import Settings
from reports.code_report import SELF_ASSESSMENT_COLUMNS, SELF_ASSESSMENT_SECTIONS
from tests.cli.cli_process import ok
from tests.reports.worked import complaint_logger, runner


@pytest.fixture
def corporate(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], str]:
    """Log a corporate complaint, under the Code (in force from 1 April 2026, the default)."""
    monkeypatch.setenv("HEARD_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    assert settings.complaint_handling_code_from == date(2026, 4, 1)
    return complaint_logger(
        engine,
        route=Route.CORPORATE,
        directorate=("place", "Place"),
        team=("highways", "Highways"),
        code_from=date(2026, 4, 1),
    )


def test_the_code_report_counts_the_codes_timescales(corporate, tmp_path: Path) -> None:
    on_time, late_acknowledgement = corporate("2026-05-11"), corporate("2026-05-11")
    # Acknowledged on day 2, answered 10 working days later: in time; then stage 2, acknowledged
    # on day 2 of its request and answered within 20 working days of that.
    ok("case", on_time, "acknowledge", "--on", "2026-05-13")
    ok("case", on_time, "respond", "--on", "2026-05-28", "--outcome", "1=not_upheld",
       "--finding", "1=Read the log.")  # fmt: skip
    ok("case", on_time, "escalate", "--on", "2026-06-01")
    ok("case", on_time, "acknowledge", "--on", "2026-06-03")
    ok("case", on_time, "respond", "--remedy", "apology", "--on", "2026-06-30", "--outcome", "1=upheld",
       "--finding", "1=Read the log.")  # fmt: skip
    # Acknowledged after the Code's 5 working days (due 18 May), extended once without the
    # complainant's agreement, and answered by the extended date.
    ok("case", late_acknowledgement, "acknowledge", "--on", "2026-05-20")
    ok("case", late_acknowledgement, "extend", "--to", "2026-06-10", "--reason", "site visit",
       "--reason-for-complainant", "We need to visit the site")  # fmt: skip
    ok("case", late_acknowledgement, "respond", "--remedy", "apology", "--on", "2026-06-09", "--outcome", "1=upheld",
       "--finding", "1=Read the log.")  # fmt: skip

    out = tmp_path / "code"
    ok("report", "code", "--year", "2026", "--out", str(out))
    metrics = json.loads((out / "metrics.json").read_text())["metrics"]
    value = {name: metric["value"] for name, metric in metrics.items()}
    assert (value["code.stage1.acknowledged"], value["code.stage1.acknowledged_in_time"]) == (2, 1)
    assert value["code.stage1.acknowledged_in_time_pct"] == 50
    assert (value["code.stage1.closed"], value["code.stage1.in_time"]) == (2, 2)
    assert value["code.stage1.extended"] == 1
    assert value["code.stage2.acknowledged_in_time_pct"] == 100
    assert (value["code.stage2.closed"], value["code.stage2.in_time_pct"]) == (1, 100)
    assert value["corporate_stage1.received"] == 2
    assert "previous" in metrics["code.stage1.in_time_pct"]

    markdown = (out / "report.md").read_text()
    assert "Self-assessment against the Complaint Handling Code" in markdown
    assert "| " + " | ".join(SELF_ASSESSMENT_COLUMNS) + " |" in markdown
    for _, title in SELF_ASSESSMENT_SECTIONS:
        assert title in markdown
    assert "The governing body's response" in markdown
    assert "[Complaints manager: " in markdown
    headings = [p.text for p in Document(str(out / "report.docx")).paragraphs]
    assert "Complaint handling performance" in headings
    # The annual report's metrics.json carries the Code's figures too.
    ok("report", "annual", "--year", "2026", "--out", str(tmp_path / "annual"))
    annual = json.loads((tmp_path / "annual" / "metrics.json").read_text())["metrics"]
    assert annual["code.stage1.in_time"]["value"] == 2


def test_code_needs_a_year(settings: Settings) -> None:
    result = runner.invoke(app, ["report", "code", "--out", "x"])
    assert result.exit_code == 2


def test_the_codes_trend_starts_when_the_code_did(corporate, tmp_path: Path) -> None:
    """The Code report's tables by year go back no further than the day the council's
    complaints came under the Code (HEARD_COMPLAINT_HANDLING_CODE_FROM, 1 April 2026 here):
    a corporate complaint of 2025 was answered under no Code, and its year was a column of
    the trend (2025/26 beside 2026/27) before. A year that ends before the Code is refused in
    one line, and nothing is written."""
    corporate("2025-05-12")
    corporate("2026-05-11")
    out = tmp_path / "code"
    ok("report", "code", "--year", "2026", "--out", str(out))
    markdown = (out / "report.md").read_text()
    assert "2025/26" not in markdown
    assert "2026/27" in markdown

    refused = runner.invoke(app, ["report", "code", "--year", "2025", "--out", str(tmp_path / "old")])
    assert refused.exit_code == 2
    assert refused.stderr.strip().splitlines() == [
        "heard: 2025/26 ends before the council's complaints came under the Complaint Handling "
        "Code on 1 April 2026 (HEARD_COMPLAINT_HANDLING_CODE_FROM): the first year to report "
        "on is 2026/27"
    ]
    assert not (tmp_path / "old").exists()
