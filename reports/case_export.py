"""`heard export cases`: every case (automated mail aside) in the import layout, so a sheet
exported from heard imports back unchanged. Read in batches by id, never all at once."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from reports.case_rows import EXPORTED_KIND, EXPORTED_OUTCOME, export_columns
from reports.periods import Period
from reports.sql import cases, costs, counted, deadlines, issues, lgsco, stages, teams
from store.db import read_rows

_STAGE_NUMBER = {
    "informal": 1,
    "statutory_1": 1,
    "corporate_1": 1,
    "statutory_2": 2,
    "corporate_2": 2,
    "statutory_3": 3,
}


def export_rows(
    engine: Engine, *, period: Period | None = None, batch_size: int = 2000
) -> Iterator[dict[str, str]]:
    last_id = 0
    while True:
        with read_rows(engine) as connection:  # reads only: never blocks a writer
            query = sa.select(cases).where(counted(), cases.c.id > last_id)
            if period is not None:
                query = query.where(cases.c.receipt_day.between(period.start, period.end))
            batch = list(connection.execute(query.order_by(cases.c.id).limit(batch_size)))
            if not batch:
                return
            last_id = batch[-1].id
            yield from _rows(connection, batch)


def _rows(connection: Connection, batch: list[Any]) -> Iterator[dict[str, str]]:
    ids = [case.id for case in batch]
    stage_rows: dict[int, list[Any]] = {}
    for row in connection.execute(
        sa.select(
            stages, deadlines.c.due_on, deadlines.c.extended_to, deadlines.c.extension_agreed_on
        )
        .outerjoin(
            deadlines,
            sa.and_(
                deadlines.c.stage_id == stages.c.id,
                deadlines.c.rule
                == sa.case((stages.c.kind == "statutory_3", "stage_3_panel"), else_=stages.c.kind),
            ),
        )
        .where(stages.c.case_id.in_(ids))
        .order_by(stages.c.id)
    ):
        stage_rows.setdefault(row.case_id, []).append(row)
    issue_rows: dict[int, list[Any]] = {}
    for row in connection.execute(
        sa.select(issues.c.case_id, issues.c.category, teams.c.name)
        .outerjoin(teams, teams.c.id == issues.c.team_id)
        .where(issues.c.case_id.in_(ids))
        .order_by(issues.c.id)
    ):
        issue_rows.setdefault(row.case_id, []).append(row)
    ombudsman = {
        row.case_id: row
        for row in connection.execute(
            sa.select(lgsco).where(lgsco.c.case_id.in_(ids)).order_by(lgsco.c.id)
        )
    }
    compensation = dict(
        connection.execute(
            sa.select(costs.c.case_id, sa.func.sum(costs.c.amount_pence))
            .where(costs.c.case_id.in_(ids), costs.c.kind == "compensation")
            .group_by(costs.c.case_id)
        ).all()
    )
    for case in batch:
        found = issue_rows.get(case.id, [])
        categories = list(dict.fromkeys(str(row.category) for row in found))
        team = next((row.name for row in found if row.name), "")
        out = {name: "" for name in export_columns()}
        kind = str(case.record_kind)
        out |= {
            "reference": case.reference,
            "record_kind": EXPORTED_KIND.get(kind, kind),
            "route": str(case.route),
            "not_logged_reason": str(case.not_logged_reason or ""),
            "channel": "" if str(case.channel) == "unknown" else str(case.channel),
            "complainant_type": str(case.complainant_type),
            "team": team,
            "categories": ";".join(
                c for c in categories if not (c == "other" and len(found) == 1 and team)
            ),
            "received_on": _day(case.receipt_day),
            "closed_on": _day(case.closed_at.date()) if case.closed_at else "",
        }
        for stage in stage_rows.get(case.id, []):
            prefix = f"stage{_STAGE_NUMBER[str(stage.kind)]}_"
            outcome = str(stage.outcome) if stage.outcome else ""
            out |= {
                prefix + "received_on": _day(stage.opened_on),
                prefix + "due_on": _day(stage.due_on),
                prefix + "extended_to": _day(stage.extended_to),
                prefix + "extension_agreed_on": _day(stage.extension_agreed_on),
                prefix + "responded_on": _day(stage.responded_on),
                prefix + "outcome": EXPORTED_OUTCOME.get(outcome, outcome),
                prefix + "reason_for_delay": stage.reason_for_delay or "",
            }
        if case.id in ombudsman:
            row = ombudsman[case.id]
            out |= {
                "lgsco_received_on": _day(row.received_on),
                "lgsco_decided_on": _day(row.decided_on),
                "lgsco_finding": str(row.decision or ""),
            }
        if compensation.get(case.id):
            out["compensation"] = f"{compensation[case.id] / 100:.2f}"
        yield out


def _day(value: date | str | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else value.isoformat()


def write_csv(rows: Iterator[dict[str, str]], path: Path) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(export_columns()))
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_xlsx(rows: Iterator[dict[str, str]], path: Path) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("cases")
    columns = list(export_columns())
    sheet.append(columns)
    count = 0
    for row in rows:
        sheet.append([row[name] for name in columns])
        count += 1
    workbook.save(path)
    return count
