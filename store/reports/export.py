"""What `heard export cases` reads: every counted case (automated mail aside) with its stages
and their deadlines, remedies and manager contact, its issues' categories and teams, its
Ombudsman enquiry, its compensation and its advocacy offer, in batches by id, never all at once; each batch in a read-only transaction.
Subject access requests and data protection complaints are not in the import layout (their
clocks are calendar months and days, not stages): they are left out and counted apart, so an
export always reads back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from store.db import read_rows
from store.reports.sql import (
    Span,
    advocacy,
    cases,
    compliments,
    costs,
    counted,
    deadlines,
    issues,
    lgsco,
    remedies,
    response_rule_of_stage,
    stages,
    teams,
)

Day = date | str | None  # SQLite may give a date back as text


@dataclass(frozen=True, slots=True)
class ExportedCase:
    id: int
    reference: str
    record_kind: str
    route: str
    not_logged_reason: str | None
    channel: str
    complainant_type: str
    receipt_day: Day
    closed_at: datetime | None
    advocacy_offer: bool


@dataclass(frozen=True, slots=True)
class ExportedStage:
    kind: str
    opened_on: Day
    due_on: Day  # of the stage's response deadline (stage 3: the council's response)
    extended_to: Day
    extension_agreed_on: Day
    responded_on: Day
    outcome: str | None
    reason_for_delay: str | None
    manager_contacted: bool | None
    remedies: tuple[str, ...]  # each kind once, in the order recorded
    financial_remedy_pence: int | None  # the sum of its financial remedies' amounts


@dataclass(frozen=True, slots=True)
class ExportedAdvocacy:
    status: str
    offered_on: Day
    decided_on: Day
    organisation: str | None


@dataclass(frozen=True, slots=True)
class ExportedIssue:
    category: str
    team_name: str | None


@dataclass(frozen=True, slots=True)
class ExportedOmbudsman:
    received_on: Day
    decided_on: Day
    decision: str | None
    remedy_cost_pence: int | None


@dataclass
class ExportBatch:
    cases: list[ExportedCase]
    # by case id, each list in id order
    stages: dict[int, list[ExportedStage]] = field(default_factory=dict)
    issues: dict[int, list[ExportedIssue]] = field(default_factory=dict)
    ombudsman: dict[int, ExportedOmbudsman] = field(default_factory=dict)  # the last by id
    compensation_pence: dict[int, int] = field(default_factory=dict)
    costs_pence: dict[tuple[int, str], int] = field(default_factory=dict)  # (case, kind)
    compliment_team: dict[int, str] = field(default_factory=dict)  # the team praised
    advocacy: dict[int, ExportedAdvocacy] = field(default_factory=dict)


# Record kinds the import layout has no place for (cases.data_protection's records).
NOT_EXPORTED_KINDS = ("subject_access_request", "data_protection_complaint")


def _exported() -> sa.ColumnElement[bool]:
    return sa.and_(counted(), cases.c.record_kind.not_in(NOT_EXPORTED_KINDS))


def data_protection_records(engine: Engine, *, received: Span | None = None) -> int:
    """How many records an export over `received` leaves out, for its closing line."""
    query = sa.select(sa.func.count()).where(counted(), cases.c.record_kind.in_(NOT_EXPORTED_KINDS))
    if received is not None:
        query = query.where(cases.c.receipt_day.between(received.start, received.end))
    with read_rows(engine) as connection:
        return int(connection.execute(query).scalar_one())


def case_batches(
    engine: Engine, *, received: Span | None = None, batch_size: int = 2000
) -> Iterator[ExportBatch]:
    """Counted cases in id order (received in `received` when given), `batch_size` at a time."""
    last_id = 0
    while True:
        with read_rows(engine) as connection:  # reads only: never blocks a writer
            query = sa.select(cases).where(_exported(), cases.c.id > last_id)
            if received is not None:
                query = query.where(cases.c.receipt_day.between(received.start, received.end))
            batch = list(connection.execute(query.order_by(cases.c.id).limit(batch_size)))
            if not batch:
                return
            last_id = batch[-1].id
            yield _batch(connection, batch)


def _batch(connection: Connection, rows: list[sa.Row]) -> ExportBatch:
    found = ExportBatch(
        [
            ExportedCase(
                row.id,
                row.reference,
                row.record_kind,
                row.route,
                row.not_logged_reason,
                row.channel,
                row.complainant_type,
                row.receipt_day,
                row.closed_at,
                bool(row.advocacy_offer),
            )
            for row in rows
        ]
    )
    ids = [case.id for case in found.cases]
    remedies_of: dict[int, list[str]] = {}  # by stage id
    financial_of: dict[int, int] = {}  # by stage id: pence
    for stage_id, kind, pence in connection.execute(
        sa.select(remedies.c.stage_id, remedies.c.kind, remedies.c.amount_pence)
        .where(remedies.c.case_id.in_(ids), remedies.c.stage_id.is_not(None))
        .order_by(remedies.c.id)
    ):
        kinds = remedies_of.setdefault(stage_id, [])
        if str(kind) not in kinds:
            kinds.append(str(kind))
        if str(kind) == "financial" and pence:
            financial_of[stage_id] = financial_of.get(stage_id, 0) + pence
    for row in connection.execute(
        sa.select(
            stages, deadlines.c.due_on, deadlines.c.extended_to, deadlines.c.extension_agreed_on
        )
        .outerjoin(
            deadlines,
            sa.and_(
                deadlines.c.stage_id == stages.c.id,
                deadlines.c.rule == response_rule_of_stage(),
            ),
        )
        .where(stages.c.case_id.in_(ids))
        .order_by(stages.c.id)
    ):
        found.stages.setdefault(row.case_id, []).append(
            ExportedStage(
                row.kind,
                row.opened_on,
                row.due_on,
                row.extended_to,
                row.extension_agreed_on,
                row.responded_on,
                row.outcome,
                row.reason_for_delay,
                row.manager_contacted,
                tuple(remedies_of.get(row.id, ())),
                financial_of.get(row.id),
            )
        )
    for row in connection.execute(
        sa.select(issues.c.case_id, issues.c.category, teams.c.name)
        .outerjoin(teams, teams.c.id == issues.c.team_id)
        .where(issues.c.case_id.in_(ids))
        .order_by(issues.c.id)
    ):
        found.issues.setdefault(row.case_id, []).append(ExportedIssue(row.category, row.name))
    for row in connection.execute(
        sa.select(lgsco).where(lgsco.c.case_id.in_(ids)).order_by(lgsco.c.id)
    ):
        found.ombudsman[row.case_id] = ExportedOmbudsman(
            row.received_on, row.decided_on, row.decision, row.remedy_cost_pence
        )
    found.compensation_pence = {
        case_id: pence
        for case_id, pence in connection.execute(
            sa.select(costs.c.case_id, sa.func.sum(costs.c.amount_pence))
            .where(costs.c.case_id.in_(ids), costs.c.kind == "compensation")
            .group_by(costs.c.case_id)
        )
    }
    found.costs_pence = {
        (case_id, str(kind)): pence
        for case_id, kind, pence in connection.execute(
            sa.select(costs.c.case_id, costs.c.kind, sa.func.sum(costs.c.amount_pence))
            .where(costs.c.case_id.in_(ids))
            .group_by(costs.c.case_id, costs.c.kind)
        )
    }
    found.advocacy = {
        row.case_id: ExportedAdvocacy(row.status, row.offered_on, row.decided_on, row.organisation)
        for row in connection.execute(sa.select(advocacy).where(advocacy.c.case_id.in_(ids)))
    }
    found.compliment_team = {
        case_id: name
        for case_id, name in connection.execute(
            sa.select(compliments.c.case_id, sa.func.coalesce(teams.c.name, compliments.c.team_id))
            .outerjoin(teams, teams.c.id == compliments.c.team_id)
            .where(compliments.c.case_id.in_(ids), compliments.c.team_id.is_not(None))
            .order_by(compliments.c.id)
        )
    }
    return found
