"""A case's stage 2 reports (the investigating officer's and the independent person's), as the
case page, `heard cases show`, the use cases and the response letter read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from cases.enums import ReportKind, StageKind
from cases.numbering import not_on_the_list
from store.models import Case, Stage, StageReport
from store.types import table_of


def stage_two(session: Session, *, case: Case) -> Stage | None:
    """The case's latest statutory stage 2, if it reached one."""
    statement = select(Stage).where(Stage.case_id == case.id, Stage.kind == StageKind.STATUTORY_2)
    return session.exec(statement.order_by(col(Stage.id).desc())).first()


def reports_of(session: Session, *, case: Case) -> list[StageReport]:
    """Every report uploaded, in the order uploaded: `heard cases show` and the case page number
    them 1, 2, ... and `heard cases report REF N` reads the N-th."""
    statement = select(StageReport).where(StageReport.case_id == case.id)
    return list(session.exec(statement.order_by(col(StageReport.id))))


def latest_reports(session: Session, *, stage: Stage) -> dict[ReportKind, StageReport]:
    """The stage's latest report of each kind: a later upload replaces an earlier draft."""
    statement = select(StageReport).where(StageReport.stage_id == stage.id)
    return {row.kind: row for row in session.exec(statement.order_by(col(StageReport.id)))}


def enclosed_reports(session: Session, *, stage: Stage) -> list[StageReport]:
    """What the stage's response encloses (staff chose it), investigating officer's first."""
    statement = select(StageReport).where(
        StageReport.stage_id == stage.id, col(StageReport.enclosed).is_(True)
    )
    return sorted(session.exec(statement), key=lambda row: list(ReportKind).index(row.kind))


@dataclass(frozen=True)
class ReportRow:
    """A report as a case's page and `heard cases show` list it: never its bytes."""

    number: int
    kind: ReportKind
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime
    uploaded_by: str
    enclosed: bool


def report_rows(session: Session, *, case_id: int) -> list[ReportRow]:
    table = table_of(StageReport)
    statement = (
        sa.select(
            table.c.kind, table.c.filename, table.c.content_type, table.c.size,
            table.c.uploaded_at, table.c.uploaded_by, table.c.enclosed,
        )
        .where(table.c.case_id == case_id)
        .order_by(table.c.id)
    )  # fmt: skip
    return [
        ReportRow(number, ReportKind(row.kind), row.filename, row.content_type, row.size,
                  row.uploaded_at, row.uploaded_by, row.enclosed)
        for number, row in enumerate(session.connection().execute(statement), start=1)
    ]  # fmt: skip


def report_content(session: Session, *, case: Case, number: int) -> tuple[StageReport, bytes]:
    """The n-th report of the case (1 upwards), or LookupError saying why not."""
    listed = reports_of(session, case=case)
    if not 1 <= number <= len(listed):
        raise LookupError(not_on_the_list(case.reference, "report", number, len(listed)))
    row = listed[number - 1]
    if row.content is None:
        raise LookupError(f"report {number} of {case.reference} is no longer kept")
    return row, row.content
