"""Exact figures from datasets whose tables are known, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from reports.metrics import METRICS, compute, percent
from reports.periods import financial_year
from store.models import Case
from tests.reports.datasets import BRADFORD, Sheet, bradford

SEED_HEADLINE = {  # Bradford 2022/23 (seed 000): metric -> (2021/22, 2022/23)
    "pre_complaint.received": (72, 36),
    "pre_complaint.closed": (37, 41),
    "pre_complaint.in_time_pct": (5, 2),
    "stage1.received": (363, 369),
    "stage1.closed": (272, 326),
    "stage1.in_time_pct": (60, 39),
    "stage2.received": (11, 19),
    "stage2.closed": (12, 33),
    "stage2.in_time_pct": (67, 21),
    "stage3.received": (4, 14),
    "stage3.closed": (2, 11),
    "stage3.in_time_pct": (50, 64),
    "lgsco.received": (11, 18),
    "lgsco.detailed_investigations": (3, 6),
    "lgsco.upheld": (3, 5),
    "lgsco.decided": (10, 22),
    "professional.received": (16, 10),
    "enquiry.received": (51, 38),
    "compliment.received": (76, 31),
}


def test_percentages_round_half_up() -> None:
    assert percent(1, 8) == 13  # 12.5
    assert percent(5, 8) == 63  # 62.5: round() would give 62
    assert percent(1, 40) == 3  # 2.5
    assert percent(0, 0) is None


def test_every_metric_has_a_definition() -> None:
    for name in (
        "pre_complaint.received", "pre_complaint.closed", "pre_complaint.in_time_pct",
        "stage1.received", "stage1.closed", "stage1.in_time_pct",
        "stage2.received", "stage2.closed", "stage2.in_time_pct",
        "stage3.received", "stage3.closed", "stage3.in_time_pct",
        "lgsco.received", "lgsco.decided", "lgsco.detailed_investigations", "lgsco.upheld",
        "professional.received", "enquiry.received", "compliment.received",
        "escalation.stage1_to_stage2_pct", "escalation.stage2_to_stage3_pct",
    ):  # fmt: skip
        assert METRICS[name].definition.endswith(".")


def test_bradford_headline_table(engine: Engine, load) -> None:
    sheet = Sheet()
    bradford(sheet)
    report = load(sheet)
    assert report.rejected == []
    with engine.connect() as connection:
        figures = compute(connection, [financial_year(2022), financial_year(2021)])
    found = {name: (figures.get(name, 1), figures.get(name, 0)) for name in SEED_HEADLINE}
    assert found == SEED_HEADLINE
    assert figures.get("escalation.stage1_to_stage2_pct") == percent(19, 369) == 5
    assert figures.get("escalation.stage2_to_stage3_pct") == percent(14, 19) == 74
    assert figures.get("stage1.within_target") + figures.get("stage1.late") == 326
    assert BRADFORD["stage1"][2022][0] == 369


def test_automated_mail_is_never_counted(engine: Engine, load) -> None:
    sheet = Sheet()
    for _ in range(3):
        sheet.add(record_kind="enquiry", received_on=date(2023, 5, 2))
    load(sheet)
    with engine.begin() as connection:
        connection.execute(
            sa.update(Case.__table__)
            .where(Case.__table__.c.reference == "T00001")
            .values(automated=True)
        )
        figures = compute(connection, [financial_year(2023)])
    assert figures.get("enquiry.received") == 2


@pytest.mark.parametrize(
    ("responded", "extended_to", "agreed_on", "expected"),
    [
        (date(2024, 1, 8), None, None, "within_target"),  # the 10th working day
        (date(2024, 1, 9), None, None, "late"),
        (date(2024, 1, 9), date(2024, 1, 19), date(2024, 1, 5), "within_extension"),
        (date(2024, 1, 9), date(2024, 1, 19), date(2024, 1, 10), "late"),  # agreed too late
        (date(2024, 1, 22), date(2024, 1, 19), date(2024, 1, 5), "late"),
    ],
)
def test_in_time_extended_or_late_across_christmas(
    engine: Engine,
    load,
    responded: date,
    extended_to: date | None,
    agreed_on: date | None,
    expected: str,
) -> None:
    """Received Wednesday 20 December 2023: Christmas, Boxing Day and New Year's Day are bank
    holidays, so the 10th working day is Monday 8 January 2024."""
    sheet = Sheet()
    row = sheet.add(
        record_kind="complaint",
        received_on=date(2023, 12, 20),
        stage1_responded_on=responded,
        stage1_outcome="upheld",
    )
    if extended_to:
        row["stage1_extended_to"] = extended_to.isoformat()
        row["stage1_extension_agreed_on"] = agreed_on.isoformat() if agreed_on else ""
    assert load(sheet).rejected == []
    with engine.connect() as connection:
        figures = compute(connection, [financial_year(2023)])
        due = connection.execute(sa.text("SELECT due_on FROM deadline")).scalar_one()
    assert str(due) == "2024-01-08"
    counts = {
        name: figures.get(f"stage1.{name}")
        for name in ("within_target", "within_extension", "late")
    }
    assert counts == {name: int(name == expected) for name in counts}
    assert figures.get("stage1.in_time_pct") == (0 if expected == "late" else 100)


def test_an_issue_counts_once_per_team(engine: Engine, load) -> None:
    """Two issues for East and one for West in one complaint: East 1, West 1; three issues."""
    from reports import breakdowns
    from store.models import Issue
    from store.reports import trends

    sheet = Sheet()
    sheet.add(
        record_kind="complaint",
        received_on=date(2023, 5, 2),
        team="East",
        categories="communication;staff_conduct",
    )
    sheet.add(record_kind="complaint", received_on=date(2023, 6, 2), team="East")
    load(sheet)
    with engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO team (id, name, active) VALUES ('west', 'West', false)")
        )
        case_id = connection.execute(
            sa.select(Case.__table__.c.id).where(Case.__table__.c.reference == "T00001")
        ).scalar_one()
        connection.execute(
            sa.insert(Issue.__table__).values(case_id=case_id, category="financial", team_id="west")
        )
    period = financial_year(2023)
    with engine.connect() as connection:
        teams = trends.received_by_team(connection, [period])
        categories = dict(
            breakdowns.by_category(connection, period, trends.complaints_span(connection, [period]))
        )
    per_team: dict[str, int] = {}
    for row in teams:
        per_team[row.team] = per_team.get(row.team, 0) + row.number
    assert per_team == {"East": 2, "West": 1}
    assert categories == {"communication": 1, "staff_conduct": 1, "financial": 1, "other": 1}


def test_previous_periods_keep_their_kind() -> None:
    from reports.periods import custom, previous_years, quarter, week_of

    assert [
        p.label for p in previous_years(financial_year(2022), count=7, earliest=date(2020, 5, 1))
    ] == [
        "2021/22",
        "2020/21",
    ]
    assert [
        p.label for p in previous_years(quarter(2022, 1), count=2, earliest=date(2000, 1, 1))
    ] == [
        "2021/22 Q4",
        "2021/22 Q3",
    ]
    assert previous_years(week_of(date(2022, 10, 5)), count=1, earliest=date(2000, 1, 1))[
        0
    ].start == date(2022, 9, 26)
    month = previous_years(custom(date(2022, 1, 1), date(2022, 1, 31)), count=1, earliest=None)
    assert month == []  # no data at all: no earlier columns
    assert quarter(2022, 4).start == date(2023, 1, 1) and quarter(2022, 4).end == date(2023, 3, 31)
