"""The seeds' tables from a dataset whose answers are known by construction, on SQLite and
PostgreSQL: responses within 10 / 20 / beyond by directorate, fault found and escalation by
team and procedure, outcomes, stages carried over and open at the year's end, historic
complaints, compensation by procedure, and every value a council configures shown by its label."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from cases.enums import NotLoggedReason
from reports.annual import build_report
from reports.building import ReportOptions
from reports.case_rows import CouncilLists
from reports.cells import Percent, Pounds
from reports.labels import NOT_LOGGED_EXAMPLES, label
from reports.periods import financial_year
from reports.tables import Report, Table
from tests.reports.datasets import Sheet
from tests.reports.organised import organised

YEAR = financial_year(2025)
TODAY = date(2026, 5, 1)


@pytest.fixture(name="organised")
def organised_engine(engine: Engine) -> Engine:
    """The shipped rule file's directorates and teams, as heard loads them at start."""
    return organised(engine)


def table(report: Report, key: str) -> Table:
    return next(t for t in report.tables() if t.key == key)


def rows_of(report: Report, key: str) -> dict[object, list[object]]:
    return {row[0]: row[1:] for row in table(report, key).rows}


def known_year(sheet: Sheet) -> None:
    sheet.add(  # 5 working days, upheld
        record_kind="complaint",
        received_on="2025-05-01",
        team="fostering",
        stage1_responded_on="2025-05-08",
        stage1_outcome="upheld",
    )
    sheet.add(  # 16 working days, not upheld, then stage 2
        record_kind="complaint",
        received_on="2025-05-02",
        team="fostering",
        stage1_responded_on="2025-05-28",
        stage1_outcome="not_upheld",
        stage2_received_on="2025-06-02",
        stage2_responded_on="2025-06-30",
        stage2_outcome="partially_upheld",
    )
    sheet.add(  # corporate, 31 working days, partially upheld, £150 compensation
        record_kind="complaint",
        route="corporate",
        received_on="2025-06-02",
        team="early_help",
        stage1_responded_on="2025-07-15",
        stage1_outcome="partially_upheld",
        compensation="150",
        closed_on="2025-07-15",
    )
    sheet.add(  # historic: straight to stage 2, still open at the year's end
        record_kind="complaint",
        received_on="2025-07-01",
        stage2_received_on="2025-07-01",
    )
    sheet.add(  # received the year before, answered in this one (15 working days)
        record_kind="complaint",
        received_on="2025-03-20",
        team="fostering",
        stage1_responded_on="2025-04-10",
        stage1_outcome="resolved",
    )
    for reason in NotLoggedReason:
        sheet.add(
            record_kind="complaint", route="not_logged", not_logged_reason=reason.value,
            received_on="2025-09-01",
        )  # fmt: skip


def test_the_seeds_tables_from_known_cases(organised: Engine, load) -> None:
    sheet = Sheet()
    known_year(sheet)
    assert load(sheet).rejected == []
    report, figures = build_report(organised, YEAR, today=TODAY)
    value = figures.get
    assert (value("stage1.closed"), value("stage1.within_10_working_days")) == (3, 1)
    assert (value("stage1.within_20_working_days"), value("stage1.beyond_20_working_days")) == (3, 0)  # fmt: skip
    assert value("stage1.within_20_working_days_pct") == 100
    assert value("corporate_stage1.beyond_20_working_days") == 1
    assert [value(f"stage1.outcome.{o}") for o in ("upheld", "not_upheld", "resolved")] == [1, 1, 1]
    assert value("stage1.fault_found_pct") == 33
    assert value("stage2.outcome.partially_upheld") == 1
    assert (value("stage1.open_at_start"), value("stage1.open_at_end")) == (1, 0)
    assert (value("stage2.open_at_start"), value("stage2.open_at_end")) == (0, 1)
    assert value("historic.received") == 1
    assert (value("complaint.statutory.received"), value("complaint.corporate.received")) == (3, 1)  # fmt: skip

    statutory = rows_of(report, "teams_statutory")
    assert statutory["Fostering"] == ["Children's Social Care", 2, 1, 1]
    assert rows_of(report, "teams_corporate")["Early Help"] == ["Early Help and Education", 1, 1, 0]
    directorates = rows_of(report, "upheld_by_directorate")
    assert directorates["Children's Social Care"] == [2, 2, 1, Percent(50)]
    assert directorates["Early Help and Education"] == [1, 1, 1, Percent(100)]
    bands = {
        (row[0], row[1]): row[2:] for row in table(report, "response_bands_by_directorate").rows
    }
    assert bands[("Children's Social Care", "Statutory")] == [3, 1, 2, 0, Percent(100)]
    assert bands[("Early Help and Education", "Corporate")] == [1, 0, 0, 1, Percent(0)]
    compensation = rows_of(report, "compensation_by_route")
    # a remedy the Ombudsman set is not known to have been paid (walker5: "Corporate: paid")
    assert compensation["Corporate: amount"][-1] == Pounds(150.0)
    assert compensation["Corporate: cases"][-1] == 1

    not_logged = rows_of(report, "not_logged")
    for reason in NotLoggedReason:  # every reason, each with the kind of case it covers
        assert not_logged[label(reason.value)][-2:] == [1, NOT_LOGGED_EXAMPLES[reason.value]]


def test_every_outcome_is_counted_in_its_own_row(engine: Engine, load) -> None:
    outcomes = {
        "upheld": "upheld", "partially_upheld": "partially_upheld", "not_upheld": "not_upheld",
        "inconclusive": "inconclusive", "resolved": "resolved", "withdrawn": "withdrawn",
        "not_applicable": "not_applicable",
    }  # fmt: skip
    sheet = Sheet()
    for n, outcome in enumerate(outcomes.values()):
        for _ in range(n + 1):
            sheet.add(
                record_kind="complaint", received_on="2025-05-01",
                stage1_responded_on="2025-05-09", stage1_outcome=outcome,
            )  # fmt: skip
    assert load(sheet).rejected == []
    report, figures = build_report(engine, YEAR, today=TODAY)
    assert [figures.get(f"stage1.outcome.{name}") for name in outcomes] == [1, 2, 3, 4, 5, 6, 7]
    by_year = table(report, "outcomes_stage1").rows[-1]
    assert by_year[:9] == ["2025/26 (part)", 28, 1, 2, 3, 4, 5, 6, 7]


def test_every_category_and_complainant_type_is_shown_by_its_label(
    engine: Engine, load, lists: CouncilLists
) -> None:
    """Every category in the shipped rule file's category_list and every complainant type in
    its complainant_type_list appears in the report with its label."""
    sheet = Sheet()
    types = list(lists.complainant_types)
    for n, category in enumerate(lists.categories):
        sheet.add(
            record_kind="complaint", received_on="2025-06-02", categories=category,
            complainant_type=types[n % len(types)], team="East",
        )  # fmt: skip
    for complainant in types:
        sheet.add(record_kind="complaint", received_on="2025-06-03", complainant_type=complainant)
    assert load(sheet).rejected == []
    options = ReportOptions(
        category_labels=lists.categories, complainant_labels=lists.complainant_types
    )
    report, _ = build_report(engine, YEAR, today=TODAY, options=options)
    categories = rows_of(report, "categories")
    assert all(categories[lists.categories[category]][0] == 1 for category in lists.categories)
    who = rows_of(report, "complainant_types")
    assert all(lists.complainant_types[kind] in who for kind in lists.complainant_types)


def test_a_category_a_complainant_type_and_a_sender_of_the_same_id_keep_their_own_words(
    settings, engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The shipped rule file names 'other' in both lists ("Other"; "Other (neighbour or member
    of the public)"), and 'parent' is a complainant type and a compliment's sender: through
    `heard import` and `heard report` each table prints its own list's words."""
    from tests.cli.cli_process import ok

    monkeypatch.setenv("HEARD_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    sheet = Sheet()
    sheet.add(record_kind="complaint", received_on="2025-06-02", categories="other",
              complainant_type="other")  # fmt: skip
    sheet.add(record_kind="compliment", received_on="2025-06-03", complainant_type="parent")
    sheet.add(record_kind="compliment", received_on="2025-06-04", complainant_type="other")
    ok("import", "cases", str(sheet.write(tmp_path / "cases.csv")))
    ok("report", "annual", "--year", "2025", "--out", str(tmp_path / "report"))
    markdown = (tmp_path / "report" / "report.md").read_text()
    categories = markdown.split("**Issues raised in complaints, by category**")[1].split("_")[0]
    assert "| Other | 1 | 100% |" in categories
    who = markdown.split("**Complaints received, by who made them and year**")[1].split("_")[0]
    assert "| Other (neighbour or member of the public) | 1 |" in who
    senders = markdown.split("by who sent them**")[1].split("_")[0]
    assert "| Parent | 1 | 50% |" in senders and "| Other | 1 | 50% |" in senders


def test_the_statement_on_child_sexual_exploitation(engine: Engine, load) -> None:
    """Made only when the council names the category that marks such complaints."""
    sheet = Sheet()
    sheet.add(record_kind="complaint", received_on="2025-05-01", categories="communication")
    sheet.add(record_kind="complaint", received_on="2025-05-02", categories="financial")
    assert load(sheet).rejected == []
    report, _ = build_report(engine, YEAR, today=TODAY)
    assert not any("sexual exploitation" in p for s in report.sections for p in s.paragraphs)
    said = {}
    for category in ("communication", "health_wellbeing"):
        options = ReportOptions(cse_category=category)
        report, _ = build_report(engine, YEAR, today=TODAY, options=options)
        said[category] = next(
            p for s in report.sections for p in s.paragraphs if "sexual exploitation" in p
        )
    assert said["communication"] == (
        "1 complaint handled under the statutory procedure during 2025/26 involved child "
        "sexual exploitation."
    )
    assert said["health_wellbeing"].startswith("No complaints handled under the statutory")


def test_report_refuses_a_cse_category_not_in_the_rule_file(
    settings, engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A misspelt HEARD_REPORT_CSE_CATEGORY counted nothing, and the report then stated to
    councillors that no complaint involved child sexual exploitation."""
    from cli.main import app
    from tests.reports.worked import runner

    monkeypatch.setenv("HEARD_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("HEARD_REPORT_CSE_CATEGORY", "child_exploitaton")
    for command in (
        ["annual", "--year", "2025"],
        ["quarterly", "--year", "2025", "--quarter", "1"],
    ):
        out = tmp_path / command[0]
        result = runner.invoke(app, ["report", *command, "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert result.output.startswith(
            "heard: HEARD_REPORT_CSE_CATEGORY: 'child_exploitaton' is not a category in the "
            "rule file's category_list ("
        )
        assert len(result.output.splitlines()) == 1 and not out.exists()


def test_config_check_names_a_cse_category_not_in_the_rule_file(settings, monkeypatch) -> None:
    from cli.checks import check_rules

    monkeypatch.setattr(settings, "report_cse_category", "no_such_category")
    (problem,) = check_rules(settings)
    assert problem.startswith("HEARD_REPORT_CSE_CATEGORY: 'no_such_category' is not a category")
    monkeypatch.setattr(settings, "report_cse_category", "communication")
    assert check_rules(settings) == []


def test_the_reasons_for_delay_table_says_it_leaves_out_pre_complaints(
    engine: Engine, load, tmp_path: Path
) -> None:
    """A late pre-complaint's reason is not in the table (store.reports.breakdowns.delay_reasons
    counts complaints): the table says so beneath it in every file the report is written as,
    so nobody reads its counts as every late answer (tidy, issue 23)."""
    from docx import Document
    from openpyxl import load_workbook

    from reports.render import write_all

    sheet = Sheet()
    for kind in ("complaint", "pre_complaint"):
        sheet.add(
            record_kind=kind,
            received_on="2025-05-01",
            stage1_responded_on="2025-08-01",
            stage1_reason_for_delay="Staff absence",
        )
    load(sheet)
    report, figures = build_report(engine, YEAR, today=TODAY)
    table = next(t for s in report.sections for t in s.tables if t.key == "delay_reasons")
    assert table.rows == [["Staff absence", 1]]  # the pre-complaint's is left out
    said = "Pre-complaints answered late are not counted in this table."
    out = tmp_path / "report"
    write_all(report, figures, out)
    assert said in (out / "report.html").read_text(encoding="utf-8")
    assert said in (out / "report.md").read_text(encoding="utf-8").replace("\\", "")
    assert any(said in p.text for p in Document(str(out / "report.docx")).paragraphs)
    workbook = load_workbook(out / "report.xlsx")
    cells = (c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row)
    assert any(isinstance(value, str) and said in value for value in cells)


def test_remedies_as_a_share_of_the_complaints_answered_at_each_stage(
    engine: Engine, load, tmp_path: Path
) -> None:
    """Telford's chart 9 ('47% were to provide an explanation and no remedy was required'):
    each remedy as a share of the complaints answered at a stage. A response recording two
    remedies counts under each; a professional complaint's response is not a complaint's."""
    from reports.render import write_all

    sheet = Sheet()
    answered = {"received_on": "2025-05-01", "stage1_responded_on": "2025-05-09"}
    sheet.add(record_kind="complaint", stage1_outcome="upheld",
              stage1_remedies="apology;explanation", **answered)  # fmt: skip
    sheet.add(record_kind="complaint", stage1_outcome="not_upheld",
              stage1_remedies="explanation", **answered)  # fmt: skip
    sheet.add(record_kind="complaint", stage1_outcome="not_upheld", **answered)
    sheet.add(record_kind="complaint", route="corporate", stage1_outcome="upheld",
              stage1_remedies="financial", **answered)  # fmt: skip
    sheet.add(record_kind="professional", route="corporate", stage1_outcome="upheld",
              stage1_remedies="financial", **answered)  # fmt: skip
    sheet.add(record_kind="complaint", received_on="2026-04-02",
              stage1_responded_on="2026-04-09", stage1_remedies="apology")  # next year
    assert load(sheet).rejected == []
    report, figures = build_report(engine, YEAR, today=TODAY)
    found = table(report, "remedies_by_stage")
    assert found.caption == "Remedies recorded with complaints answered in 2025/26, by stage"
    assert found.columns == [
        "Remedy", "Statutory stage 1: number", "Statutory stage 1: % of those answered",
        "Corporate stage 1: number", "Corporate stage 1: % of those answered",
    ]  # fmt: skip
    assert found.rows == [
        ["Apology", 1, Percent(33), 0, Percent(0)],
        ["Explanation", 2, Percent(67), 0, Percent(0)],
        ["Financial", 0, Percent(0), 1, Percent(100)],
        ["Complaints answered", 3, "", 1, ""],
    ]
    written = write_all(report, figures, tmp_path / "report")
    from openpyxl import load_workbook

    workbook = load_workbook(next(p for p in written if p.suffix == ".xlsx"), read_only=True)
    assert "Remedies by stage" in workbook.sheetnames


def test_an_upheld_complaint_with_no_learning_is_listed_once(engine: Engine, load) -> None:
    """Upheld at stage 1 and again at stage 2 in the year, with no learning recorded: one
    complaint, listed once with both stages (walkerH: the demo's 2025/26 said '98 complaints
    ... have no learning recorded yet' of 95 complaints, three listed twice)."""
    sheet = Sheet()
    sheet.add(
        record_kind="complaint", received_on="2025-05-01", stage1_responded_on="2025-05-09",
        stage1_outcome="upheld", stage2_received_on="2025-05-20",
        stage2_responded_on="2025-06-20", stage2_outcome="partially_upheld",
    )  # fmt: skip
    sheet.add(record_kind="complaint", received_on="2025-06-01",
              stage1_responded_on="2025-06-09", stage1_outcome="upheld")  # fmt: skip
    sheet.add(record_kind="complaint", received_on="2025-06-01",
              stage1_responded_on="2025-06-09", stage1_outcome="not_upheld")  # fmt: skip
    assert load(sheet).rejected == []
    report, _ = build_report(engine, YEAR, today=TODAY)
    listed = table(report, "no_learning")
    assert listed.caption == "Upheld complaints with no learning recorded (2)"
    assert listed.rows == [
        ["T00001", "Statutory stage 1, Statutory stage 2"],
        ["T00002", "Statutory stage 1"],
    ]
    (learning,) = [s for s in report.sections if s.key == "learning"]
    assert "2 complaints upheld or partially upheld in 2025/26 have no learning" in " ".join(
        learning.paragraphs
    )
