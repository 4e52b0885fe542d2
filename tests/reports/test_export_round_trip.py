"""heard's own export reads back (issue 29, minor: "a Sunday receipt, a line break"): cases made
by heard itself (received at weekends, on bank holidays and out of hours, with multi-line and
hostile text staff typed) and cases imported from generated sheets (every record kind, stage and
outcome, empty and hostile cells) are exported, imported into an empty database of each engine
with nothing refused, and exported again: the same file, as CSV and as XLSX."""

from __future__ import annotations

import csv
import itertools
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from cases.calendar import WorkingCalendar
from cases.clock import SettableClock
from cases.timescales import TimescalePolicy
from heard.context import build_context
from heard.wiring import build_case_service
from reports.case_export import export_rows, write_csv, write_xlsx
from reports.case_rows import OUTCOMES, RECORD_KINDS, CouncilLists, export_columns, read_file
from reports.importing import import_cases
from store.db import session_scope
from store.models import Case, Stage
from testkit.slack_cases import new_case

_counter = itertools.count(1)
# Sundays, a bank holiday, a Saturday night and a weekday evening (out of hours), and the
# clock change: when heard's own cases were received.
RECEIVED_AT = [
    datetime(2024, 3, 3, 14, 0, tzinfo=UTC),  # Sunday
    datetime(2024, 3, 31, 0, 30, tzinfo=UTC),  # Sunday, the night the clocks go forward
    datetime(2023, 12, 25, 10, 0, tzinfo=UTC),  # Christmas Day
    datetime(2024, 5, 4, 23, 45, tzinfo=UTC),  # Saturday night (Sunday in London)
    datetime(2024, 5, 7, 18, 30, tzinfo=UTC),  # Tuesday evening
    datetime(2024, 10, 27, 1, 30, tzinfo=UTC),  # Sunday, the night the clocks go back
]
HOSTILE = st.sampled_from(
    [
        "=SUM(A1)",
        "+44 20",
        "-x",
        "@cmd",
        "'=quoted",
        "''=x",
        "'plain",
        " padded ",
        "\ttab",
        "line one\nline two",
        "crlf\r\nline",
        "cr\ronly",
        "naïve café ✓",
        "",
        "‮bidi",
        "a;b",
    ]
)
TEXT = st.one_of(
    HOSTILE,
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    st.lists(HOSTILE, min_size=1, max_size=3).map("".join),
)
DAYS = st.dates(date(2021, 4, 1), date(2025, 12, 31))
ROUTES = {"complaint": ["statutory", "corporate"], "pre_complaint": ["informal"]}


@st.composite
def sheet_row(draw: st.DrawFn, lists: CouncilLists) -> dict[str, str]:
    kind = draw(st.sampled_from(sorted(RECORD_KINDS)))
    row = {name: "" for name in export_columns()}
    received = draw(DAYS)
    row |= {
        "reference": f"RT{next(_counter):06d}",
        "record_kind": kind,
        "received_on": received.isoformat(),
        "channel": draw(st.sampled_from(["", "email", "phone", "letter", "web", "in_person"])),
        "team": draw(TEXT).replace("\n", " ").replace("\r", " ")[:200],
        "categories": ";".join(
            draw(st.lists(st.sampled_from(sorted(lists.category_keys())), max_size=2))
        ),
        "compensation": draw(st.sampled_from(["", "0.00", "12.50", "250.00", "1000000.01"])),
    }
    if kind in ROUTES:
        row["route"] = draw(st.sampled_from(ROUTES[kind]))
        day = received
        for n in range(1, draw(st.integers(1, 3 if row["route"] == "statutory" else 2)) + 1):
            start = day + timedelta(days=draw(st.integers(0, 20)))
            responded = start + timedelta(days=draw(st.integers(0, 90)))
            row |= {
                f"stage{n}_received_on": start.isoformat(),
                f"stage{n}_responded_on": responded.isoformat(),
                f"stage{n}_outcome": draw(st.sampled_from(sorted(OUTCOMES))),
                f"stage{n}_reason_for_delay": draw(TEXT),
            }
            day = responded
        if draw(st.booleans()):
            row["closed_on"] = day.isoformat()
    return row


@pytest.fixture(scope="module")
def made_by_heard(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> tuple[Engine, Any, Any]:
    """A database of heard's own cases and imports: the one each round exports from."""
    path = tmp_path_factory.mktemp("made") / "heard.db"
    shutil.copy(sqlite_template, path)
    from heard.settings import load_settings

    settings = load_settings(environment="test", database_url=f"sqlite:///{path}")
    context = build_context(settings)
    return context.engine, context, build_case_service(context)


def _rows(path: Path, references: set[str]) -> list[dict[str, Any]]:
    return [dict(cells) for _, cells in read_file(path) if cells["reference"] in references]


def _import(engine: Engine, path: Path, lists: CouncilLists) -> list[Any]:
    report = import_cases(
        engine, path, calendar=WorkingCalendar(), policy=TimescalePolicy(), lists=lists
    )
    return report.rejected


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_heards_own_export_reads_back_the_same(
    data: st.DataObject,
    made_by_heard: tuple[Engine, Any, Any],
    engine: Engine,
    lists: CouncilLists,
    tmp_path: Path,
) -> None:
    source, context, service = made_by_heard
    rows = data.draw(st.lists(sheet_row(lists), min_size=1, max_size=8), label="sheet")
    sheet = tmp_path / f"sheet{next(_counter)}.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(export_columns()))
        writer.writeheader()
        writer.writerows(rows)
    refused = {r.row_number for r in _import(source, sheet, lists)}
    references = {row["reference"] for n, row in enumerate(rows, start=2) if n not in refused}
    # Cases heard received itself, at awkward moments, with a multi-line reason for delay.
    for when in data.draw(st.lists(st.sampled_from(RECEIVED_AT), max_size=2), label="received"):
        reference = new_case(
            engine=source,
            service=service,
            rulebook=context.rulebook,
            clock=SettableClock(when),
            body=data.draw(TEXT, label="body") or "My son's social worker is rude.",
            subject=data.draw(TEXT, label="subject")[:200],
        )
        references.add(reference)
        with session_scope(source) as session:
            case = session.execute(sa.select(Case).where(Case.reference == reference)).scalar_one()
            for stage in session.execute(
                sa.select(Stage).where(Stage.case_id == case.id)
            ).scalars():
                stage.reason_for_delay = data.draw(TEXT, label="reason")
    for suffix, write in ((".csv", write_csv), (".xlsx", write_xlsx)):
        first = tmp_path / f"first{next(_counter)}{suffix}"
        write(export_rows(source), first)
        exported = _rows(first, references)
        assert len(exported) == len(references)
        # Into an empty database (each reference new to it): nothing refused.
        only_ours = tmp_path / f"ours{next(_counter)}.csv"
        with only_ours.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(export_columns()))
            writer.writeheader()
            writer.writerows(exported)
        if suffix == ".csv":
            assert _import(engine, only_ours, lists) == []
        second = tmp_path / f"second{next(_counter)}{suffix}"
        write(export_rows(engine), second)
        assert _rows(second, references) == exported
