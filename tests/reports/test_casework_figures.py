"""The report's figures for complaints staff worked through `heard case REF ACTION`, on both
databases: stage 3 timed on the council's response, learning the Ombudsman found, a premature
referral that goes back to the stage not finished, and a year compared with one the records only partly cover."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from cases.enums import Route
from cli.main import app
from heard.settings import Settings
from reports.annual import build_report
from reports.periods import financial_year
from tests.cli.cli_process import ok
from tests.panels import arranged
from tests.reports.worked import complaint_logger, runner


@pytest.fixture
def complaint(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], str]:
    """Log a statutory complaint with one issue for Fostering, received on a given day."""
    monkeypatch.setenv("HEARD_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return complaint_logger(
        engine,
        route=Route.STATUTORY,
        directorate=("childrens_social_care", "Children's Social Care"),
        team=("fostering", "Fostering"),
    )


def report(tmp_path: Path, *args: str) -> dict[str, object]:
    out = tmp_path / "report"
    ok("report", *args, "--out", str(out))
    metrics: dict[str, object] = json.loads((out / "metrics.json").read_text())["metrics"]
    return metrics


def to_stage_3(reference: str) -> None:
    ok("case", reference, "respond", "--remedy", "apology", "--on", "2026-01-16", "--outcome", "1=upheld",
       "--finding", "1=Read the log.")  # fmt: skip
    ok("case", reference, "escalate", "--on", "2026-01-20")
    ok("case", reference, "respond", "--remedy", "apology", "--on", "2026-02-20", "--outcome", "1=upheld",
       "--finding", "1=Read the log.")  # fmt: skip
    ok("case", reference, "escalate", "--on", "2026-03-02")  # the panel is due by 15 April


def test_stage_3_is_timed_on_the_councils_response(
    complaint, engine: Engine, tmp_path: Path
) -> None:
    """A panel held late with the council's response in time is in time; a panel held in
    time with the response late is late."""
    late_panel, late_response = complaint("2026-01-05"), complaint("2026-01-05")
    for reference in (late_panel, late_response):
        to_stage_3(reference)
    arranged(engine, late_panel, date(2026, 5, 13))
    ok("case", late_panel, "panel-held", "--on", "2026-05-13")
    ok("case", late_panel, "chair-report", "--on", "2026-05-18")
    ok("case", late_panel, "respond", "--remedy", "apology", "--on", "2026-06-01", "--outcome", "1=upheld",
       "--finding", "1=Read the log.")  # day 9
    arranged(engine, late_response, date(2026, 4, 8))
    ok("case", late_response, "panel-held", "--on", "2026-04-08")
    ok("case", late_response, "chair-report", "--on", "2026-04-10")
    ok("case", late_response, "respond", "--remedy", "apology", "--on", "2026-05-29", "--outcome", "1=upheld",
       "--finding", "1=Read the log.", "--delay-reason", "The director was away",
       "--delay-reason-for-complainant", "the director was away")  # day 33
    metrics = report(tmp_path, "annual", "--year", "2026")
    assert metrics["stage3.closed"]["value"] == 2  # type: ignore[index]
    assert metrics["stage3.within_target"]["value"] == 1  # type: ignore[index]
    assert metrics["stage3.late"]["value"] == 1  # type: ignore[index]
    assert metrics["stage3.in_time_pct"]["value"] == 50  # type: ignore[index]


def test_learning_the_ombudsman_found_is_reported(complaint, tmp_path: Path) -> None:
    reference = complaint("2026-01-05")
    ok("case", reference, "respond", "--remedy", "apology", "--on", "2026-01-16", "--outcome", "1=upheld",
       "--finding", "1=Read the log.")  # fmt: skip
    ok("case", reference, "lgsco-received", "--reference", "25 012 345", "--on", "2026-02-02")
    ok("case", reference, "lgsco-decision",
       "--finding", "upheld_with_injustice", "--on", "2026-03-02")  # fmt: skip
    ok("case", reference, "learning", "--text", "Audit call logs", "--owner", "fostering",
       "--ombudsman", "--on", "2026-03-03")  # fmt: skip
    ok("case", reference, "learning", "--text", "Return calls", "--owner", "fostering",
       "--on", "2026-01-16")  # fmt: skip
    report(tmp_path, "annual", "--year", "2025")
    markdown = (tmp_path / "report" / "report.md").read_text()
    assert "| LGSCO | 1 | 1 |" in markdown
    assert "| Statutory stage 1 | 1 | 1 |" in markdown
    ok("report", "quarterly", "--year", "2025", "--quarter", "4", "--out", str(tmp_path / "q4"))


def test_a_premature_referral_goes_to_the_stage_not_finished(complaint, tmp_path: Path) -> None:
    """The Ombudsman sends a complaint back as premature after stage 1 was answered: the
    complainant had not asked for stage 2, so stage 2 runs (stage 1 is not answered twice).
    The council's reply to the enquiry meets its deadline; the findings the seeds count are
    accepted."""
    reference = complaint("2026-01-05")
    ok("case", reference, "respond", "--on", "2026-01-16", "--outcome", "1=not_upheld",
       "--finding", "1=Read the log.")  # fmt: skip
    ok("case", reference, "lgsco-received", "--reference", "25 012 347", "--on", "2026-01-26")
    assert "replied to the Ombudsman 30 January 2026" in ok(
        "case", reference, "lgsco-replied", "--on", "2026-01-30"
    )
    refused = runner.invoke(app, ["case", reference, "lgsco-replied", "--on", "2026-01-30"])
    assert refused.exit_code == 2 and "already recorded" in refused.output
    out = ok("case", reference, "lgsco-decision", "--finding", "premature", "--on", "2026-02-02")
    assert "Statutory stage 2" in out or "statutory_2" in out, out
    ok("case", reference, "respond", "--remedy", "apology", "--on", "2026-03-02", "--outcome", "1=upheld",
       "--finding", "1=Read the log.")  # fmt: skip
    other = complaint("2026-01-05")
    ok("case", other, "respond", "--remedy", "apology", "--on", "2026-01-16", "--outcome", "1=upheld",
       "--finding", "1=Read the log.")  # fmt: skip
    ok("case", other, "lgsco-received", "--reference", "25 012 346", "--on", "2026-01-26")
    ok("case", other, "lgsco-decision", "--finding", "out_of_jurisdiction", "--on", "2026-02-02")
    metrics = report(tmp_path, "annual", "--year", "2025")
    assert metrics["stage1.received"]["value"] == 2  # type: ignore[index]
    assert metrics["stage1.closed"]["value"] == 2  # type: ignore[index]  # each answered once
    assert metrics["stage2.closed"]["value"] == 1  # type: ignore[index]
    assert metrics["lgsco.finding.out_of_jurisdiction"]["value"] == 1  # type: ignore[index]
    assert metrics["lgsco.finding.premature"]["value"] == 1  # type: ignore[index]


def test_the_outcomes_staff_give_are_counted_by_name(complaint, tmp_path: Path) -> None:
    """Inconclusive, resolved, not applicable and withdrawn, given with `heard case REF
    respond`, count under the report's metric names (issue 23 item 3)."""
    for given in ("inconclusive", "resolved", "not_applicable", "withdrawn", "not-upheld"):
        reference = complaint("2026-01-05")
        out = ok("case", reference, "respond", "--on", "2026-01-16", "--outcome", f"1={given}",
                 "--finding", "1=Read the log.")  # fmt: skip
        assert "in time" in out
        shown = ok("cases", "show", reference)
        assert "1. Communication -> Fostering: " in shown
    refused = runner.invoke(
        app, ["case", reference, "respond", "--on", "2026-01-16", "--outcome", "1=maybe"]
    )
    assert refused.exit_code != 0 and "inconclusive, resolved" in refused.output
    metrics = report(tmp_path, "annual", "--year", "2025")
    for name in ("inconclusive", "resolved", "not_applicable", "withdrawn", "not_upheld"):
        assert metrics[f"stage1.outcome.{name}"]["value"] == 1, name  # type: ignore[index]
    assert metrics["stage1.outcome.upheld"]["value"] == 0  # type: ignore[index]


def test_a_pre_complaint_taken_to_stage_1_counts_at_each_stage_it_reaches(
    complaint, tmp_path: Path
) -> None:
    """A pre-complaint the family took to a formal complaint keeps its kind, and is counted
    once as a pre-complaint and then at stage 1 and stage 2 as any complaint is. Walking it
    (walker3: a dad wanting a call back, answered early, then escalated and withdrawn), its
    stage 1 was missing from the report's stage 1 figures: they counted only records of the
    kind 'complaint'."""
    reference = complaint("2026-01-05")
    ok("case", reference, "confirm-triage", "--kind", "pre_complaint", "--why", "a call back")
    ok("case", reference, "respond", "--on", "2026-01-07", "--outcome", "1=resolved")
    ok("case", reference, "escalate", "--on", "2026-01-09")
    ok("case", reference, "respond", "--on", "2026-01-16", "--outcome", "1=upheld",
       "--finding", "1=Read the log.", "--remedy", "apology")  # fmt: skip
    ok("case", reference, "escalate", "--on", "2026-01-20")
    assert "Pre-complaint" in ok("cases", "show", reference)  # its kind is kept
    out = tmp_path / "report"
    ok("report", "annual", "--year", "2025", "--out", str(out))
    metrics = json.loads((out / "metrics.json").read_text())["metrics"]
    figures = {name: metrics[name]["value"] for name in (
        "pre_complaint.received", "pre_complaint.closed", "stage1.received", "stage1.closed",
        "stage1.outcome.upheld", "stage1.within_10_working_days", "stage2.received",
    )}  # fmt: skip
    assert figures == {
        "pre_complaint.received": 1,
        "pre_complaint.closed": 1,
        "stage1.received": 1,
        "stage1.closed": 1,
        "stage1.outcome.upheld": 1,
        "stage1.within_10_working_days": 1,
        "stage2.received": 1,
    }
    report_md = (out / "report.md").read_text()
    assert "Upheld" in report_md


def test_a_pre_complaint_taken_to_stage_1_is_a_complaint_received_in_the_tables(
    complaint, engine: Engine
) -> None:
    """The tables of complaints received (by category, team, directorate, who made them and
    how) count a pre-complaint the family took to stage 1, where it was received, beside the
    stage figures that already did (338ff33); one answered at first contact stays out of
    them. Before, the tables counted only records of the kind 'complaint' (0 and 1 below)."""
    taken_on, settled = complaint("2026-01-05"), complaint("2026-01-06")
    for reference in (taken_on, settled):
        ok("case", reference, "confirm-triage", "--kind", "pre_complaint", "--why", "a call back")
        ok("case", reference, "respond", "--on", "2026-01-07", "--outcome", "1=resolved")
    ok("case", taken_on, "escalate", "--on", "2026-01-09")
    complaint("2026-01-12")  # a complaint from the start
    report, figures = build_report(engine, financial_year(2025), today=date(2026, 4, 1))
    assert figures.get("pre_complaint.received") == 2
    assert figures.get("stage1.received") == 2
    tables = {t.key: t.rows for t in report.tables()}
    assert tables["categories"][0][:2] == ["Communication", 2]
    assert tables["teams"] == [["Fostering", "Children's Social Care", 2]]
    assert tables["complainant_types"] == [["Parent", 2], ["Total", 2]]
    assert tables["channels"] == [["Email", 2], ["Total", 2]]
    assert tables["upheld_by_team"][0][:3] == ["Fostering", "Children's Social Care", 2]
    assert tables["upheld_by_directorate"][0][:2] == ["Children's Social Care", 2]


def test_complaints_received_count_what_the_tables_of_complaints_received_count(
    complaint, engine: Engine
) -> None:
    """The 'Complaints received' figures (the Received section's sentence and its table by
    kind, the Summary's corporate count, metrics.json) count a pre-complaint the family took
    on to a formal complaint, as the tables beneath them do (270306f): walkerH read 'Complaints
    received: 1' above tables whose totals were 2. It is still a pre-complaint received."""
    taken_on, settled = complaint("2026-01-05"), complaint("2026-01-06")
    for reference in (taken_on, settled):
        ok("case", reference, "confirm-triage", "--kind", "pre_complaint", "--why", "a call back")
        ok("case", reference, "respond", "--on", "2026-01-07", "--outcome", "1=resolved")
    ok("case", taken_on, "escalate", "--on", "2026-01-09")
    complaint("2026-01-12")  # a complaint from the start
    report, figures = build_report(engine, financial_year(2025), today=date(2026, 4, 1))
    tables = {t.key: t.rows for t in report.tables()}
    total = tables["complainant_types"][-1]
    assert total == ["Total", 2] and tables["channels"][-1] == ["Total", 2]
    assert [figures.get(name) for name in (
        "complaint.received", "complaint.statutory.received", "complaint.corporate.received",
        "pre_complaint.received", "stage1.received",
    )] == [2, 2, 0, 2, 2]  # fmt: skip
    assert "Complaints received: 2 in 2025/26" in " ".join(
        next(s for s in report.sections if s.key == "received").paragraphs
    )


def test_the_event_date_from_the_command_line(complaint) -> None:
    reference = complaint("2026-01-05")
    assert "out of time" in ok("case", reference, "event-date", "2024-11-30")
    assert "within 12 months" in ok("case", reference, "event-date", "2025-06-01", "--reason", "x")
    refused = runner.invoke(app, ["case", reference, "event-date", "2026-01-06"])
    assert refused.exit_code == 2 and "after the complaint arrived" in refused.output
    refused = runner.invoke(app, ["case", reference, "event-date", "1900-01-01"])
    assert refused.exit_code == 2 and "on or after 5 January 1926" in refused.output
    assert len(refused.output.strip().splitlines()) == 1, refused.output
    # the case's history gives the date as people read it (c860828: one date style for people)
    assert "event or awareness 1 June 2025: within 12 months" in ok("cases", "show", reference)


def test_a_phone_call_letter_or_visit_is_logged_from_the_command_line(
    complaint, tmp_path: Path
) -> None:
    """`heard case REF log` on an existing case (with the day received and a file), and
    `heard case new log` for a new one, triaged as mail is (issue 23 item 3)."""
    reference = complaint("2026-01-05")
    scan = tmp_path / "letter.pdf"
    scan.write_bytes(b"%PDF-1.4\n")
    out = ok("case", reference, "log", "--channel", "letter", "--received", "2026-01-07",
             "--text", "Her letter says nobody has called back.", "--attach", str(scan))  # fmt: skip
    assert f"{reference}: letter of 7 January 2026 logged with 1 file" in out
    shown = ok("cases", "show", reference)
    assert "Her letter says nobody has called back." in shown and "letter.pdf" in shown
    out = ok("case", "new", "log", "--channel", "telephone", "--name", "Sam Parent",
             "--phone", "01632 960001", "--received", "2026-01-08",
             "--text", "My son's social worker never returns my calls.")  # fmt: skip
    assert out.startswith("logged as ")
    new = out.split()[2].rstrip(":")
    shown = ok("cases", "show", new)
    assert "Sam Parent" in shown and "never returns my calls" in shown
    refused = runner.invoke(app, ["case", reference, "log", "--channel", "pigeon", "--text", "x"])
    assert refused.exit_code == 2 and "pigeon" in refused.output
    refused = runner.invoke(app, ["case", "new", "log", "--channel", "telephone", "--text", "x"])
    assert refused.exit_code == 2 and "--name" in refused.output


def test_a_letter_logged_after_closing_for_an_earlier_day_counts_from_that_day(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`heard case new log --received` an earlier day, run after closing time, took the
    clock time of the evening, so the letter counted from the next working day (the web's Log
    a contact did the same: tests/web/test_actions)."""
    from cases.clock import SystemClock

    monkeypatch.setenv("HEARD_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    evening = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)  # a Monday, after closing (GMT)
    monkeypatch.setattr(SystemClock, "now", lambda self: evening)
    out = ok("case", "new", "log", "--channel", "letter", "--name", "Ann Writer",
             "--received", "2026-02-26", "--text", "My son's social worker never visits.")  # fmt: skip
    shown = ok("cases", "show", out.split()[2].rstrip(":"))
    assert "deadlines count from 26 February 2026" in shown, shown
    assert "Statutory stage 1          due Thursday 12 March 2026" in shown, shown


def test_the_years_own_learning_is_listed_before_earlier_learning_still_open(
    complaint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Appendix B and the workbook list a bounded number of learning actions: those the year
    found come first, then earlier ones not yet implemented, so a long tail of old actions
    never pushes the year's own learning out of its report."""
    from store.reports import lists

    earlier, this_year = complaint("2024-05-01"), complaint("2025-06-02")
    for reference, day in ((earlier, "2024-05-14"), (this_year, "2025-06-13")):
        ok("case", reference, "respond", "--remedy", "apology", "--on", day, "--outcome", "1=upheld",
           "--finding", "1=Read the log.")  # fmt: skip
        ok("case", reference, "learning", "--text", f"Learning from {reference}",
           "--owner", "fostering", "--on", day)  # fmt: skip
    monkeypatch.setattr(lists, "LIST_LIMIT", 1)
    report(tmp_path, "annual", "--year", "2025")
    markdown = (tmp_path / "report" / "report.md").read_text()
    assert f"Learning from {this_year}" in markdown
    assert f"Learning from {earlier}" not in markdown
    assert "The first 1 of 2 are listed." in markdown


def test_advocacy_flagged_and_recorded_are_told_apart(
    complaint, engine: Engine, tmp_path: Path
) -> None:
    """Two advocacy figures, named for what they hold (issue 23, walker item 5):
    advocacy.flagged counts complaints marked as owed an offer (a child complaining), and
    advocacy.recorded the offers staff recorded, which is the report's advocacy table's total;
    each definition names the other, and the table's caption says whose offers it counts."""
    from sqlmodel import select

    from store.db import session_scope
    from store.models import Case

    flagged, offered, declined = (complaint("2026-01-05") for _ in range(3))
    with session_scope(engine) as session:  # as triage marks a child complaining
        case = session.exec(select(Case).where(Case.reference == flagged)).one()
        case.advocacy_offer = True
    ok("case", offered, "advocacy", "--offered", "--on", "2026-01-06")
    ok("case", offered, "advocacy", "--taken-up", "--organisation", "Coram Voice",
       "--on", "2026-01-09")  # fmt: skip
    ok("case", declined, "advocacy", "--declined", "--on", "2026-01-07")
    metrics = report(tmp_path, "annual", "--year", "2025")
    assert metrics["advocacy.flagged"]["value"] == 1  # type: ignore[index]
    assert metrics["advocacy.recorded"]["value"] == 2  # type: ignore[index]
    assert "advocacy.offered" not in metrics
    assert "advocacy.recorded" in metrics["advocacy.flagged"]["definition"]  # type: ignore[index]
    assert "advocacy.flagged" in metrics["advocacy.recorded"]["definition"]  # type: ignore[index]
    markdown = (tmp_path / "report" / "report.md").read_text()
    caption = "Advocacy offers staff recorded for children and young people, and what came of them"
    assert caption in markdown
    table = markdown[markdown.index(caption) :].split("\n\n")[1]
    assert "| Taken up | 1 |" in table and "| Declined | 1 |" in table, table


def test_a_complaint_withdrawn_before_its_answer_is_counted_apart(
    complaint, tmp_path: Path
) -> None:
    """A stage withdrawn before its answer is neither answered nor open at the year's end: it
    is counted as withdrawn, so each stage's row of carried over, received, answered,
    withdrawn and open at the end adds up (it did not: the withdrawn stage was in none)."""
    at_stage_1, at_stage_2, answered = (complaint(d) for d in ("2025-06-02", "2025-06-02", "2025-06-02"))
    ok("case", at_stage_1, "withdraw", "--reason", "sorted out", "--on", "2025-06-09")
    for reference in (at_stage_2, answered):
        ok("case", reference, "respond", "--remedy", "apology", "--on", "2025-06-10",
           "--outcome", "1=upheld", "--finding", "1=Read the log.")  # fmt: skip
    ok("case", at_stage_2, "escalate", "--on", "2025-06-16")
    ok("case", at_stage_2, "withdraw", "--on", "2026-03-31")
    metrics = report(tmp_path, "annual", "--year", "2025")
    value = {name: metrics[name]["value"] for name in metrics}  # type: ignore[index]
    assert [value[f"stage1.{part}"] for part in ("received", "closed", "withdrawn", "open_at_end")] == [3, 2, 1, 0]
    assert [value[f"stage2.{part}"] for part in ("received", "closed", "withdrawn", "open_at_end")] == [1, 0, 1, 0]
    assert value["stage1.outcome.withdrawn"] == 0  # a response recorded as withdrawn, not these
    flow = (tmp_path / "report" / "report.md").read_text()
    assert "| Stage 1 | 0 | 3 | 2 | 1 | 0 |" in flow
    assert "| Stage 2 | 0 | 1 | 0 | 1 | 0 |" in flow
