"""heard import cases / export cases: validation by row number, no duplicates, round trip."""

from __future__ import annotations

import csv
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook
from sqlalchemy.engine import Engine

from cases.calendar import WorkingCalendar
from cases.enums import CaseStatus, Channel, RecordKind, Route
from cases.timescales import TimescalePolicy
from reports.annual import build_report
from reports.case_export import export_rows, write_csv
from reports.case_rows import CouncilLists, LayoutError, export_columns
from reports.importing import import_cases
from reports.periods import financial_year
from store.db import make_engine, session_scope
from store.models import Case, Deadline, Issue, Stage
from tests.reports.datasets import Sheet


def _count(engine: Engine, table: sa.Table) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_malformed_rows_are_reported_by_row_number_and_write_nothing(engine: Engine, load) -> None:
    sheet = Sheet()
    sheet.add(record_kind="complaint", received_on="2023-05-02", team="East")  # row 2: good
    sheet.add(record_kind="complain", received_on="2023-05-02")  # row 3
    sheet.add(
        record_kind="complaint",
        received_on="02/05/2023",
        stage1_responded_on="2023-13-01",
        closed_on="last week",
    )  # row 4: three bad dates, each listed (a bad received_on used to hide the others)
    sheet.add(
        record_kind="complaint",
        received_on="2023-05-02",
        stage1_responded_on="2023-04-01",
        stage1_outcome="sort of",
    )  # row 5: two problems
    sheet.add(record_kind="complaint", received_on="2023-05-02", route="not_logged")  # row 6
    sheet.add(record_kind="complaint", received_on="2023-05-02", compensation="lots")  # row 7
    bad = sheet.add(record_kind="enquiry", received_on="2023-05-02")  # row 8: duplicate ref
    bad["reference"] = "T00001"
    sheet.add(record_kind="complaint", received_on="2023-05-02", stage3_received_on="2023-06-01")
    report = load(sheet)
    messages = {rejected.row_number: str(rejected) for rejected in report.rejected}
    assert sorted(messages) == [3, 4, 5, 6, 7, 8, 9]
    assert "record_kind: 'complain' is not one of" in messages[3]
    assert "received_on: '02/05/2023' is not a date" in messages[4]
    assert "stage1_responded_on: '2023-13-01' is not a date" in messages[4]
    assert "closed_on: 'last week' is not a date" in messages[4]
    assert "stage1_responded_on: 2023-04-01 is before" in messages[5]
    assert "stage1_outcome: 'sort of'" in messages[5]
    assert "not_logged_reason: needed" in messages[6]
    assert "compensation" in messages[7]
    assert "also on row 2" in messages[8]
    assert "stage 3 follows a stage 2" in messages[9]
    assert report.created == 1
    assert _count(engine, Case.__table__) == 1
    assert _count(engine, Stage.__table__) == 1


def test_missing_column_rejects_the_whole_file(
    tmp_path: Path, engine: Engine, lists: CouncilLists
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("reference,received_on\nA1,2023-05-02\n")
    with pytest.raises(LayoutError, match="missing column"):
        import_cases(
            engine, path, calendar=WorkingCalendar(), policy=TimescalePolicy(), lists=lists
        )
    assert _count(engine, Case.__table__) == 0


@pytest.mark.parametrize(
    ("header", "says"),
    [
        ("reference,record_kind,received_on,stage1_outcom", "did you mean stage1_outcome?"),
        ("Reference,Record_Kind,Received_On,Stage 1 Outcome", "did you mean stage1_outcome?"),
        ("reference,record_kind,received_on,team,team", "column 'team' is named twice"),
    ],
)
def test_a_column_named_nearly_or_twice_rejects_the_whole_file(
    tmp_path: Path, engine: Engine, lists: CouncilLists, header: str, says: str
) -> None:
    """A slip in a column's name dropped its values without a word ('2 rows checked: 2
    valid'): the stage 1 outcomes of a whole year, say. Columns nothing like heard's (a
    council's own notes) are still ignored."""
    path = tmp_path / "slip.csv"
    path.write_text(f"{header}\nA1,complaint,2023-05-02,upheld,x\n")
    with pytest.raises(LayoutError, match=re.escape(says)):
        import_cases(
            engine, path, calendar=WorkingCalendar(), policy=TimescalePolicy(), lists=lists
        )
    assert _count(engine, Case.__table__) == 0
    path.write_text("reference,record_kind,received_on,our notes\nA1,complaint,2023-05-02,x\n")
    report = import_cases(
        engine, path, calendar=WorkingCalendar(), policy=TimescalePolicy(), lists=lists
    )
    assert report.created == 1


def test_importing_twice_creates_no_duplicates(engine: Engine, load) -> None:
    sheet = Sheet()
    sheet.add(
        record_kind="complaint",
        received_on="2023-05-02",
        team="East",
        categories="communication;staff conduct/attitude",
        stage1_responded_on="2023-05-10",
        stage1_outcome="upheld",
        compensation="£150.00",
    )
    first = load(sheet)
    second = load(sheet)
    assert (first.created, first.replaced, second.created, second.replaced) == (1, 0, 0, 1)
    assert _count(engine, Case.__table__) == 1
    assert _count(engine, Issue.__table__) == 2
    assert _count(engine, Stage.__table__) == 1
    assert _count(engine, Deadline.__table__) == 1


def test_imported_cases_are_marked_and_closed(engine: Engine, load) -> None:
    sheet = Sheet()
    sheet.add(record_kind="complaint", received_on="2023-05-02", stage1_responded_on="2023-05-10")
    sheet.add(record_kind="complaint", received_on="2023-05-02")  # still open at stage 1
    load(sheet)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(Case.__table__.c.imported, Case.__table__.c.status).order_by("reference")
        ).all()
    assert rows == [(True, CaseStatus.CLOSED), (True, CaseStatus.OPEN)]


def test_a_live_case_is_never_overwritten(engine: Engine, load) -> None:
    with session_scope(engine) as session:
        session.add(
            Case(
                reference="T00001",
                record_kind=RecordKind.COMPLAINT,
                route=Route.STATUTORY,
                channel=Channel.EMAIL,
                status=CaseStatus.OPEN,
                received_at=datetime(2023, 5, 2, 10, tzinfo=UTC),
                receipt_day=date(2023, 5, 2),
            )
        )
    sheet = Sheet()
    sheet.add(record_kind="enquiry", received_on="2023-05-02")
    report = load(sheet)
    assert [str(r) for r in report.rejected] == [
        "row 2: reference T00001 is a case heard logged itself"
    ]


def test_xlsx_with_real_dates_imports(tmp_path: Path, engine: Engine, lists: CouncilLists) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(export_columns()))
    row = {name: None for name in export_columns()}
    row |= {
        "reference": "X1",
        "record_kind": "complaint",
        "received_on": datetime(2023, 5, 2),
        "stage1_responded_on": datetime(2023, 5, 12),
        "compensation": 100,
    }
    sheet.append([row[name] for name in export_columns()])
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    report = import_cases(
        engine, path, calendar=WorkingCalendar(), policy=TimescalePolicy(), lists=lists
    )
    assert (report.created, report.rejected) == (1, [])


def test_export_reads_back_the_same(tmp_path: Path, engine: Engine, load) -> None:
    sheet = Sheet()
    sheet.add(
        record_kind="complaint",
        route="statutory",
        channel="email",
        complainant_type="parent",
        received_on="2023-05-02",
        team="East",
        categories="communication;staff_conduct",
        stage1_received_on="2023-05-02",
        stage1_due_on="2023-05-16",
        stage1_extended_to="2023-05-30",
        stage1_extension_agreed_on="2023-05-15",
        stage1_responded_on="2023-05-25",
        stage1_outcome="not_upheld",
        stage2_received_on="2023-06-01",
        stage2_due_on="2023-07-06",
        stage2_responded_on="2023-07-01",
        stage2_outcome="resolved",
        lgsco_received_on="2023-09-01",
        lgsco_decided_on="2023-12-01",
        lgsco_finding="upheld_with_injustice",
        compensation="250.00",
        closed_on="2023-07-01",
    )
    sheet.add(
        record_kind="professional", received_on="2023-06-02", stage1_responded_on="2023-06-05"
    )
    load(sheet)
    path = tmp_path / "out.csv"
    assert write_csv(export_rows(engine), path) == 2
    with path.open(newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert {k: v for k, v in exported[0].items() if v} == {
        k: v for k, v in sheet.rows[0].items() if v
    }
    assert exported[1]["record_kind"] == "professional"
    assert exported[1]["stage1_due_on"]  # computed when the sheet left it empty


NEW_COLUMN_ENDINGS = (
    "_remedies", "_manager_contacted", "advocacy_owed", "advocacy_offered_on", "advocacy_outcome",
    "advocacy_decided_on",
)  # fmt: skip


def test_remedies_manager_contact_and_advocacy_are_imported_counted_and_exported(
    tmp_path: Path, engine: Engine, load
) -> None:
    """The layout holds what each response offered to put things right, whether a manager
    called or met the complainant, and the advocacy a child was owed and offered: the seeds
    count all three, and a past year's sheet had nowhere to put them (nor did heard's own
    export, so its remedies, advocacy and manager contact figures did not come back)."""
    sheet = Sheet()
    sheet.add(
        record_kind="complaint", received_on="2025-05-01", complainant_type="child_in_need",
        team="East", stage1_responded_on="2025-05-09", stage1_outcome="upheld",
        stage1_remedies="apology;Financial", stage1_manager_contacted="yes",
        stage2_received_on="2025-05-20", stage2_responded_on="2025-06-20",
        stage2_outcome="partially_upheld", stage2_remedies="practice_change",
        advocacy_owed="yes", advocacy_offered_on="2025-05-02", advocacy_outcome="taken_up",
        advocacy_decided_on="2025-05-06",
    )  # fmt: skip
    sheet.add(
        record_kind="complaint", received_on="2025-05-01", team="East",
        stage1_responded_on="2025-05-09", stage1_outcome="not_upheld",
        stage1_remedies="explanation", stage1_manager_contacted="no",
        advocacy_offered_on="2025-05-05",
    )  # fmt: skip
    assert load(sheet).rejected == []
    _, figures = build_report(engine, financial_year(2025), today=date(2026, 5, 1))
    assert {
        name: figures.get(name)
        for name in (
            "remedy.apology", "remedy.financial", "remedy.explanation", "remedy.practice_change",
            "stage1.manager_contact", "stage1.manager_contact_recorded", "advocacy.flagged",
            "advocacy.recorded",
        )
    } == {
        "remedy.apology": 1, "remedy.financial": 1, "remedy.explanation": 1,
        "remedy.practice_change": 1, "stage1.manager_contact": 1,
        "stage1.manager_contact_recorded": 2, "advocacy.flagged": 1, "advocacy.recorded": 2,
    }  # fmt: skip

    path = tmp_path / "out.csv"
    assert write_csv(export_rows(engine), path) == 2
    with path.open(newline="") as handle:
        exported = list(csv.DictReader(handle))
    new_columns = [name for name in export_columns() if name.endswith(NEW_COLUMN_ENDINGS)]
    given = [{k: row[k] for k in new_columns if row[k]} for row in sheet.rows]
    given[0]["stage1_remedies"] = "apology;financial"  # the label is written as its id
    given[1]["advocacy_outcome"] = "offered"  # an offer with no outcome is still open
    assert [{k: row[k] for k in new_columns if row[k]} for row in exported] == given


def test_remedies_manager_contact_and_advocacy_refuse_what_they_cannot_hold(load) -> None:
    sheet = Sheet()
    sheet.add(record_kind="complaint", received_on="2025-05-01", stage1_responded_on="2025-05-09",
              stage1_remedies="apology;a hug", stage1_manager_contacted="maybe")  # row 2
    sheet.add(record_kind="complaint", received_on="2025-05-01",
              stage1_remedies="apology")  # row 3: no response
    sheet.add(record_kind="complaint", received_on="2025-05-01",
              advocacy_outcome="declined", advocacy_owed="perhaps")  # row 4
    sheet.add(record_kind="complaint", received_on="2025-05-01", advocacy_offered_on="2025-04-30",
              advocacy_decided_on="2025-05-02")  # row 5  # fmt: skip
    messages = {rejected.row_number: str(rejected) for rejected in load(sheet).rejected}
    assert sorted(messages) == [2, 3, 4, 5]
    assert "stage1_remedies: 'a hug' is not one of apology, explanation, service_provided, " \
        "financial, practice_change, no_remedy_required" in messages[2]
    assert "stage1_manager_contacted: 'maybe' is not one of yes, no" in messages[2]
    assert "stage1_remedies: given without stage1_responded_on" in messages[3]
    assert "advocacy_outcome: given without advocacy_offered_on" in messages[4]
    assert "advocacy_owed: 'perhaps' is not one of yes, no" in messages[4]
    assert "advocacy_offered_on: 2025-04-30 is before received_on 2025-05-01" in messages[5]
    assert "advocacy_decided_on: the offer was not taken up or declined" in messages[5]


def test_a_financial_remedys_sum_and_the_advocacy_service_are_imported_shown_and_exported(
    tmp_path: Path, engine: Engine, load
) -> None:
    """A past year's sheet could say a response offered a financial remedy but not how much,
    and an advocacy offer but not which service (Coram Voice, NYAS): the report's case list
    printed 'Financial' with no sum for imported cases, and heard's own export dropped both."""
    sheet = Sheet()
    sheet.add(
        record_kind="complaint", route="corporate", received_on="2025-05-01", team="East",
        stage1_responded_on="2025-05-09", stage1_outcome="not_upheld",
        stage2_received_on="2025-05-20", stage2_responded_on="2025-06-10",
        stage2_outcome="upheld", stage2_remedies="apology;financial",
        stage2_financial_remedy="£350.50", compensation="350.50",
        advocacy_offered_on="2025-05-02", advocacy_organisation="Coram Voice",
    )  # fmt: skip
    assert load(sheet).rejected == []
    report, figures = build_report(engine, financial_year(2025), today=date(2026, 5, 1))
    assert figures.get("remedy.financial") == 1
    listed = next(
        t for t in report.tables() if t.caption.startswith("Corporate stage 2 complaints")
    )
    assert [row[4] for row in listed.rows] == ["Apology; Financial (£350.50)"]
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT organisation FROM advocacy")).scalar_one() == (
            "Coram Voice"
        )
    path = tmp_path / "out.csv"
    assert write_csv(export_rows(engine), path) == 1
    with path.open(newline="") as handle:
        (exported,) = list(csv.DictReader(handle))
    assert exported["stage2_financial_remedy"] == "350.50"
    assert exported["stage1_financial_remedy"] == ""
    assert exported["advocacy_organisation"] == "Coram Voice"
    assert exported["compensation"] == "350.50"  # the money paid, apart from what was offered


def test_a_financial_remedy_sum_and_an_advocacy_service_refuse_what_they_cannot_hold(
    load,
) -> None:
    sheet = Sheet()
    sheet.add(
        record_kind="complaint",
        received_on="2025-05-01",
        stage1_responded_on="2025-05-09",
        stage1_remedies="apology",
        stage1_financial_remedy="100",
    )  # row 2: not financial
    sheet.add(
        record_kind="complaint",
        received_on="2025-05-01",
        stage1_responded_on="2025-05-09",
        stage1_remedies="financial",
        stage1_financial_remedy="a lot",
    )  # row 3
    sheet.add(
        record_kind="complaint", received_on="2025-05-01", advocacy_organisation="NYAS"
    )  # row 4: no offer
    sheet.add(record_kind="complaint", received_on="2025-05-01", advocacy_offered_on="2025-05-02",
              advocacy_organisation="x" * 201)  # row 5  # fmt: skip
    messages = {rejected.row_number: str(rejected) for rejected in load(sheet).rejected}
    assert sorted(messages) == [2, 3, 4, 5]
    assert "stage1_financial_remedy: give financial in stage1_remedies too" in messages[2]
    assert "stage1_financial_remedy: 'a lot' is not an amount in pounds" in messages[3]
    assert "advocacy_organisation: given without advocacy_offered_on" in messages[4]
    assert "advocacy_organisation" in messages[5]


def test_remedies_count_the_responses_the_outcome_tables_count(engine: Engine, load) -> None:
    """A professional complaint's response is not a complaint's response: the outcome tables
    leave it out, and so do the remedies (walkerH: heard demo seed's 2025/26 counted 40 of
    its professional complaints' remedies among 'complaint responses')."""
    sheet = Sheet()
    common = {"received_on": "2025-05-01", "stage1_responded_on": "2025-05-09"}
    sheet.add(record_kind="complaint", stage1_outcome="upheld", stage1_remedies="apology",
              **common)  # fmt: skip
    sheet.add(record_kind="pre_complaint", stage1_outcome="resolved",
              stage1_remedies="apology;explanation", **common)  # fmt: skip
    sheet.add(record_kind="professional", route="corporate", stage1_outcome="upheld",
              stage1_remedies="apology;practice_change", **common)  # fmt: skip
    assert load(sheet).rejected == []
    _, figures = build_report(engine, financial_year(2025), today=date(2026, 5, 1))
    assert [figures.get(f"remedy.{kind}") for kind in (
        "apology", "explanation", "practice_change")] == [2, 1, 0]  # fmt: skip
    answered = figures.get("stage1.closed") + figures.get("pre_complaint.closed")
    assert answered == 2  # the outcome tables' responses, whose remedies are counted


def test_the_ombudsmans_remedy_cost_is_imported_counted_and_exported(
    tmp_path: Path, engine: Engine, load
) -> None:
    """Bradford's costs table has a row 'LGSCO remedies £3,100': a past year's sheet had no
    column for what the Ombudsman asked the council to pay, so it could not be imported, and
    heard's own export dropped it (lgsco.remedy_cost was listed as not coming back)."""
    sheet = Sheet()
    sheet.add(
        record_kind="complaint", received_on="2025-05-01", stage1_responded_on="2025-05-09",
        stage1_outcome="not_upheld", lgsco_received_on="2025-07-01",
        lgsco_decided_on="2025-10-01", lgsco_finding="upheld_with_injustice",
        lgsco_remedy_cost="£3,100", compensation="100",
    )  # fmt: skip
    sheet.add(record_kind="complaint", received_on="2025-05-01",
              lgsco_received_on="2025-07-01", lgsco_remedy_cost="50")  # fmt: skip
    report = load(sheet)
    assert [str(r) for r in report.rejected] == [
        "row 3: lgsco_remedy_cost: given without lgsco_decided_on"
    ]
    built, figures = build_report(engine, financial_year(2025), today=date(2026, 5, 1))
    assert figures.get("lgsco.remedy_cost") == 3100
    costs = next(t for t in built.tables() if t.key == "costs")
    by_kind = {row[0]: row[-1] for row in costs.rows}
    assert str(by_kind["LGSCO remedies"]) == "£3,100" and str(by_kind["Compensation"]) == "£100"
    path = tmp_path / "out.csv"
    assert write_csv(export_rows(engine), path) == 1
    with path.open(newline="") as handle:
        (exported,) = list(csv.DictReader(handle))
    assert (exported["lgsco_remedy_cost"], exported["compensation"]) == ("3100.00", "100.00")
    load(sheet, "again.csv")  # importing the same sheet again replaces, never adds
    again, figures = build_report(engine, financial_year(2025), today=date(2026, 5, 1))
    costs = next(t for t in again.tables() if t.key == "costs")
    assert figures.get("lgsco.remedy_cost") == 3100
    assert [str(row[-1]) for row in costs.rows if row[0] == "LGSCO remedies"] == ["£3,100"]


def test_the_independent_peoples_fees_are_imported_counted_and_exported(
    tmp_path: Path, engine: Engine, load
) -> None:
    """Bradford's costs: 'Stage 2 Independent People £55,111', 'Stage 3 Independent People
    £10,128'. A past year's sheet had no column for them; each is now a cost on the day the
    stage it paid for was answered, and reads back."""
    sheet = Sheet()
    sheet.add(
        record_kind="complaint", received_on="2024-12-02", stage1_responded_on="2024-12-09",
        stage1_outcome="not_upheld", stage2_received_on="2025-01-06",
        stage2_responded_on="2025-04-10", stage2_outcome="upheld",
        stage3_received_on="2025-05-01", stage3_responded_on="2025-07-01",
        stage3_outcome="upheld", investigator_cost="55,111", independent_person_cost="900",
        panel_cost="£10,128",
    )  # fmt: skip
    sheet.add(record_kind="complaint", received_on="2025-05-01",
              stage1_responded_on="2025-05-09", investigator_cost="ten")  # fmt: skip
    report = load(sheet)
    assert [str(r) for r in report.rejected] == [
        "row 3: investigator_cost: 'ten' is not an amount in pounds"
    ]
    for _ in range(2):  # importing the same sheet again replaces, never adds
        built, _ = build_report(engine, financial_year(2025), today=date(2026, 5, 1))
        costs = next(t for t in built.tables() if t.key == "costs")
        by_kind = {row[0]: str(row[-1]) for row in costs.rows}
        assert by_kind["Independent investigators (stage 2)"] == "£55,111"  # answered 2025/26
        assert by_kind["Independent persons (stage 2)"] == "£900"
        assert by_kind["Review panel members (stage 3)"] == "£10,128"
        load(sheet, "again.csv")
    path = tmp_path / "out.csv"
    assert write_csv(export_rows(engine), path) == 1
    with path.open(newline="") as handle:
        (exported,) = list(csv.DictReader(handle))
    assert [exported[name] for name in (
        "investigator_cost", "independent_person_cost", "panel_cost")] == [
        "55111.00", "900.00", "10128.00"]  # fmt: skip


def test_a_compliment_keeps_its_team_and_what_it_praises(
    tmp_path: Path, engine: Engine, load
) -> None:
    """A compliment's categories are what it praises (the report's compliments by theme) and
    its team the one praised: both read back, however many times it goes round (the demo's
    2,854 compliments lost their themes on the first import and their teams on the second)."""
    from reports.annual import build_report
    from reports.periods import financial_year

    sheet = Sheet()
    sheet.add(record_kind="compliment", received_on="2025-05-02", complainant_type="parent",
              team="East", categories="communication;staff_conduct")  # fmt: skip
    sheet.add(record_kind="compliment", received_on="2025-05-03", team="West")
    load(sheet)
    for round_trip in range(2):
        path = tmp_path / f"out{round_trip}.csv"
        assert write_csv(export_rows(engine), path) == 2
        with path.open(newline="") as handle:
            exported = list(csv.DictReader(handle))
        assert [(row["team"], row["categories"]) for row in exported] == [
            ("East", "communication;staff_conduct"),
            ("West", ""),
        ]
        sheet.rows = exported
        load(sheet, name=f"again{round_trip}.csv")
    report, _ = build_report(engine, financial_year(2025), today=date(2026, 5, 1))
    themes = next(t for t in report.tables() if t.key == "compliment_themes").rows
    assert themes == [["Communication", 1], ["Staff conduct/attitude", 1], ["Not recorded", 1]]


def test_imported_open_cases_are_never_in_the_digest(
    settings, database_url: str, tmp_path: Path, lists: CouncilLists
) -> None:
    from heard.context import build_context
    from scheduler.digest import build_digest

    context = build_context(settings.model_copy(update={"database_url": database_url}))
    sheet = Sheet()
    sheet.add(record_kind="complaint", received_on="2023-05-02")  # overdue since 2023, unrouted
    report = import_cases(
        context.engine,
        sheet.write(tmp_path / "open.csv"),
        calendar=context.calendar,
        policy=context.timescales,
        lists=lists,
    )
    assert report.created == 1
    with context.engine.connect() as connection:
        digest = build_digest(
            connection,
            organisation=context.organisation,
            calendar=context.calendar,
            today=date(2024, 1, 8),
        )
    context.engine.dispose()
    assert digest.total.open == 0 and not digest.overdue and not digest.rows


def test_import_checks_categories_and_complainant_types_against_the_rule_file(
    settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The council's lists as `heard` loads them at start, not the categories heard ships."""
    from typer.testing import CliRunner

    from cli.main import app
    from heard.settings import DEFAULT_RULES_PATH

    rules = DEFAULT_RULES_PATH.read_text(encoding="utf-8")
    rules = rules.replace(
        "category_list:\n",
        'category_list:\n  - {id: school_transport, label: "School transport"}\n',
        1,
    ).replace(
        "complainant_type_list:\n",
        'complainant_type_list:\n  - {id: virtual_school_head, label: "Virtual school head"}\n',
        1,
    )
    (tmp_path / "rules.yaml").write_text(rules, encoding="utf-8")
    monkeypatch.setenv("HEARD_RULES_PATH", str(tmp_path / "rules.yaml"))
    sheet = Sheet()
    sheet.add(
        record_kind="complaint",
        received_on="2025-05-02",
        team="East",
        complainant_type="Virtual school head",  # the label works as well as the id
        categories="school_transport;communication",
    )  # row 2: both lists from the rule file
    sheet.add(record_kind="complaint", received_on="2025-05-02", categories="parking")  # row 3
    sheet.add(record_kind="complaint", received_on="2025-05-02", complainant_type="landlord")
    result = CliRunner().invoke(app, ["import", "cases", str(sheet.write(tmp_path / "c.csv"))])
    assert result.exit_code == 1, result.output
    assert "row 3: categories: 'parking' is not a category in the rule file" in result.output
    assert "row 4: complainant_type: 'landlord' is not one of" in result.output
    assert "virtual_school_head" in result.output  # the problem lists the council's types
    assert "1 cases imported" in result.output
    engine = make_engine("sqlite:///./heard.db")
    with engine.connect() as connection:
        assert connection.execute(sa.select(Case.complainant_type)).scalars().all() == [
            "virtual_school_head"
        ]
        categories = connection.execute(sa.select(Issue.category)).scalars().all()
    engine.dispose()
    assert sorted(categories) == ["communication", "school_transport"]


def test_an_imported_stage_3_is_timed_on_the_councils_response(engine: Engine, load) -> None:
    """Its due date defaults to the panel's 30, the report's 5 and the response's 15 working
    days; migration 0013 relabels the panel deadlines older imports wrote."""
    from alembic import command

    from store.migrate import alembic_config

    sheet = Sheet()
    sheet.add(
        record_kind="complaint",
        received_on="2023-05-02",
        stage1_responded_on="2023-05-10",
        stage2_received_on="2023-05-15",
        stage2_responded_on="2023-06-15",
        stage3_received_on="2023-06-19",
        stage3_responded_on="2023-08-25",  # the 49th working day
    )
    assert load(sheet).rejected == []
    query = sa.select(Deadline.__table__.c.rule, Deadline.__table__.c.due_on).where(
        Deadline.__table__.c.rule.in_(["stage_3_panel", "council_response"])
    )
    with engine.connect() as connection:
        rule, due = connection.execute(query).one()
    assert (rule, str(due)) == ("council_response", "2023-08-29")
    config = alembic_config(engine)
    for revision, expected in (("0012_mailbox_sync", "stage_3_panel"), ("head", rule)):
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            if revision == "head":
                command.upgrade(config, revision)
            else:
                command.downgrade(config, revision)
        with engine.connect() as connection:
            assert connection.execute(query).one()[0] == expected
