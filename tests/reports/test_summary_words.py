"""The summary a councillor reads first counts in plain English: "1 compliment", not
"1 compliments", however small the council, the quarter or the week."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from reports.annual import build_report
from reports.periods import financial_year, quarter
from tests.reports.datasets import Sheet


def _summary(engine: Engine) -> str:
    report, _ = build_report(engine, financial_year(2025), today=date(2026, 12, 6))
    (summary,) = [section for section in report.sections if section.key == "summary"]
    return " ".join(summary.paragraphs)


def test_one_of_each_is_said_in_the_singular(engine: Engine, load) -> None:
    sheet = Sheet()
    sheet.add(
        record_kind="complaint", route="statutory", received_on="2025-05-01", team="East",
        stage1_responded_on="2025-05-09", stage1_outcome="upheld",
        stage2_received_on="2025-05-20", stage2_responded_on="2025-06-20",
        stage2_outcome="upheld", stage3_received_on="2025-07-01",
        lgsco_received_on="2025-09-01", lgsco_decided_on="2025-10-01",
        lgsco_finding="upheld_with_injustice",
    )  # fmt: skip
    sheet.add(record_kind="complaint", route="corporate", received_on="2025-05-02", team="East")
    sheet.add(
        record_kind="complaint", route="not_logged", not_logged_reason="court_related",
        received_on="2025-05-03",
    )  # fmt: skip
    sheet.add(record_kind="compliment", route="none", received_on="2025-05-04", team="East")
    assert not load(sheet).rejected
    said = _summary(engine)
    for singular in (
        "received 1 complaint under its corporate procedure, 1 contact it could not log as a "
        "complaint (told why and where to go instead) and 1 compliment.",
        # one case: no percentage, no "were" (walker5: "Of the 1 stage 1 complaint answered…,
        # 100% were answered in time")
        "The one stage 1 complaint answered in 2025/26 was answered in time (within 10 working "
        "days) and found fault: upheld or partially upheld.",
        "1 complaint went on to an independent investigation at stage 2",
        "made 1 decision, finding fault in 1.",
    ):
        assert singular in said, said


def test_more_than_one_stays_plural(engine: Engine, load) -> None:
    sheet = Sheet()
    for day in (1, 2):
        sheet.add(record_kind="complaint", route="corporate", received_on=f"2025-05-0{day}")
        sheet.add(record_kind="compliment", route="none", received_on=f"2025-05-0{day}")
    assert not load(sheet).rejected
    said = _summary(engine)
    assert (
        "received 2 complaints under its corporate procedure, 0 contacts it could not log "
        "as complaints (each told why and where to go instead) and 2 compliments." in said
    ), said
    assert "Ombudsman made no decisions in 2025/26." in said
    report, _ = build_report(engine, financial_year(2025), today=date(2026, 12, 6))
    everywhere = " ".join(" ".join(section.paragraphs) for section in report.sections)
    assert "made 0" not in everywhere and "0 of which" not in everywhere, everywhere
    assert "The Ombudsman made no decisions in 2025/26." in everywhere


def test_a_quarter_compares_quarters_and_the_ombudsman_may_find_no_fault(
    engine: Engine, load
) -> None:
    """walkerH, reading heard report quarterly over the demo's 2025/26 Q3: 'The Local
    Government and Social Care Ombudsman made 0 decisions, finding fault in 0.' and 'Where
    this report compares years, keep in mind: 2024/25 Q3 holds records from ...'."""
    sheet = Sheet()
    sheet.add(
        record_kind="complaint", route="statutory", received_on="2025-05-01",
        stage1_responded_on="2025-05-09", stage1_outcome="not_upheld",
        lgsco_received_on="2025-09-01", lgsco_decided_on="2025-10-01",
        lgsco_finding="not_upheld",
    )  # fmt: skip
    assert not load(sheet).rejected
    report, _ = build_report(engine, quarter(2025, 3), trend_years=4, today=date(2026, 12, 6))
    (summary,) = [section for section in report.sections if section.key == "summary"]
    said = " ".join(summary.paragraphs)
    assert "Ombudsman made 1 decision, finding fault in none of them." in said, said
    assert "Where this report compares quarters, keep in mind: 2025/26 Q1 holds" in said, said


def test_the_other_sections_count_one_in_the_singular_too(engine: Engine, load) -> None:
    sheet = Sheet()
    sheet.add(
        record_kind="complaint", route="statutory", received_on="2025-05-01", team="East",
        stage1_responded_on="2025-05-09", stage1_outcome="upheld",
        stage2_received_on="2025-05-20",
        lgsco_received_on="2025-09-01", lgsco_decided_on="2025-10-01",
        lgsco_finding="upheld_with_injustice",
    )  # fmt: skip
    assert not load(sheet).rejected
    report, _ = build_report(engine, financial_year(2025), today=date(2026, 12, 6))
    said = " ".join(" ".join(section.paragraphs) for section in report.sections)
    for singular in (
        "The Ombudsman made 1 decision in 2025/26:",
        "The Ombudsman made 1 decision, 1 of them finding fault.",
        "0 stage 2 investigations were carried over into 2025/26, 1 began in it and 1 was still "
        "under way at its end.",
        "1 complaint upheld or partially upheld in 2025/26 has no learning recorded yet; it is "
        "listed in Appendix A.",
        "0 learning actions were identified",
    ):
        assert singular in said, (singular, said)
