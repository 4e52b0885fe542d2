"""A year the records only partly cover is said to be partial wherever it is compared."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from reports.annual import build_report
from reports.coverage import coverage_of
from reports.periods import financial_year, quarter, week_of
from reports.render import write_all
from tests.reports.datasets import Sheet


def test_coverage_says_how_much_of_a_period_the_records_hold() -> None:
    years = [financial_year(2026), financial_year(2025), financial_year(2024)]
    current, full, first = coverage_of(years, earliest=date(2024, 12, 1), today=date(2026, 12, 6))
    assert full.complete and full.describe() == "" and full.heading == "2025/26"
    assert first.heading == "2024/25 (part)"
    assert (
        first.describe() == "2024/25 holds records from 1 December 2024 only (4 of its 12 months)."
    )
    assert current.describe() == (
        "2026/27 is not over: it holds records to 6 December 2026 (8 of its 12 months)."
    )
    (empty,) = coverage_of([financial_year(2025)], earliest=None, today=date(2026, 5, 1))
    assert empty.empty and empty.describe() == "2025/26 holds no records."


def test_a_week_or_quarter_not_over_is_a_sentence_of_its_own() -> None:
    """The weekly report said "… in the week of 7 December 2026. week of 7 December 2026 is
    not over: …", the sentence starting with a small letter."""
    (week,) = coverage_of([week_of(date(2026, 12, 7))], earliest=None, today=date(2026, 12, 9))
    assert week.describe() == "The week of 7 December 2026 holds no records."
    (week,) = coverage_of(
        [week_of(date(2026, 12, 7))], earliest=date(2026, 1, 1), today=date(2026, 12, 9)
    )
    assert week.describe() == (
        "The week of 7 December 2026 is not over: it holds records to 9 December 2026 "
        "(3 of its 7 days)."
    )
    (part,) = coverage_of([quarter(2026, 3)], earliest=date(2026, 1, 1), today=date(2026, 11, 2))
    assert part.describe().startswith("2026/27 Q3 is not over")


def test_a_year_compared_with_four_months_says_so(engine: Engine, load, tmp_path: Path) -> None:
    """Records start on 1 December 2024: 2024/25 holds four months of them."""
    sheet = Sheet()
    for offset in range(0, 480, 2):  # 1 December 2024 to late March 2026
        sheet.add(record_kind="complaint", received_on=date(2024, 12, 2) + timedelta(days=offset))
    assert load(sheet).rejected == []
    report, figures = build_report(engine, financial_year(2025), today=date(2026, 5, 1))
    summary = report.sections[0]
    sentence = next(
        p
        for p in summary.paragraphs
        if p.startswith("Complaints under the statutory procedure (stage 1)")
    )
    assert "in 2025/26, compared with" in sentence
    assert "2024/25 holds records from 2 December 2024 only (4 of its 12 months)." in sentence
    assert sentence.endswith("The two are not like for like.")
    headline = next(t for t in summary.tables if t.key == "headline")
    assert headline.columns[-2:] == ["2024/25 (part)", "2025/26"]
    assert "2024/25 holds records from 2 December 2024 only" in (headline.definition or "")
    write_all(report, figures, tmp_path)
    coverage = json.loads((tmp_path / "metrics.json").read_text())["coverage"]
    assert coverage["2025/26"] == {
        "from": "2025-04-01", "to": "2026-03-31", "complete": True, "note": ""
    }  # fmt: skip
    assert coverage["2024/25"]["complete"] is False
    assert coverage["2024/25"]["from"] == "2024-12-02"


def test_a_year_with_no_figure_to_compare_is_said_in_words() -> None:
    """The Code's report for its first year had "80% in 2026/27, compared with n/a in
    2025/26 ... The two are not like for like."; a councillor reads that there is nothing."""
    from reports.coverage import comparison

    current, earlier = coverage_of(
        [financial_year(2026), financial_year(2025)], earliest=date(2025, 5, 1),
        today=date(2027, 5, 1),
    )  # fmt: skip
    sentence = comparison(
        "Stage 1 answered in time", "80%", "n/a", current=current, earlier=earlier
    )
    assert sentence == (
        "Stage 1 answered in time: 80% in 2026/27; 2025/26 has no figure to compare it with."
    )
    assert comparison("Received", "9", "4", current=current, earlier=earlier).endswith(
        "The two are not like for like."
    )
