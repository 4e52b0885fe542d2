"""Writing cases imported from past years' spreadsheets, a batch per transaction.

The reference is the key: a row whose case was imported before replaces that case's imported
details (so importing the same file twice changes nothing); a reference that belongs to a case
heard logged itself is refused rather than overwritten. Imported cases get no reminders (the
deadline listeners are not told) and are marked `imported`, so nothing ever chases them.
Rows are written with a few multi-row statements per batch, not one ORM object at a time.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, cast
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from cases.actor import IMPORTER
from cases.compliments import compliment_source
from cases.enums import (
    AdvocacyStatus,
    AuditAction,
    CaseStatus,
    Channel,
    CostKind,
    DeadlineRule,
    IssueCategory,
    LgscoDecision,
    NotLoggedReason,
    Outcome,
    RecordKind,
    RemedyKind,
    Route,
    StageKind,
    Timeliness,
)
from store import audit
from store.models import (
    Advocacy,
    AuditDetail,
    AuditEntry,
    Case,
    Compliment,
    Cost,
    Deadline,
    Issue,
    IssueOutcome,
    LearningAction,
    LgscoCase,
    LgscoRecommendation,
    Remedy,
    Stage,
    Team,
)
from store.references import raise_counters_past
from store.types import table_of

_cases, _stages, _deadlines = table_of(Case), table_of(Stage), table_of(Deadline)
_audit = table_of(AuditEntry)
_issues, _teams = table_of(Issue), table_of(Team)
# Deleted in this order when a case is imported again (children before what they point to).
_CHILDREN = (
    table_of(Cost),  # only the kinds the import writes (IMPORTED_COSTS): see _delete_children
    table_of(Compliment),
    table_of(Advocacy),
    table_of(Remedy),
    table_of(IssueOutcome),
    table_of(LgscoRecommendation),
    _deadlines,
    _issues,
    _stages,
    table_of(LgscoCase),
)


# The costs a row writes (compensation, the Ombudsman's remedy, the independent people's fees):
# a re-import replaces them.
IMPORTED_COSTS = (
    CostKind.COMPENSATION.value,
    CostKind.LGSCO_REMEDY.value,
    CostKind.INDEPENDENT_INVESTIGATOR.value,
    CostKind.INDEPENDENT_PERSON.value,
    CostKind.PANEL_MEMBERS.value,
)


@dataclass(frozen=True)
class StageRow:
    number: int
    kind: StageKind
    received_on: date
    due_on: date
    maximum_on: date | None
    extended_to: date | None
    extension_agreed_on: date | None
    responded_on: date | None
    outcome: Outcome | None
    reason_for_delay: str | None
    working_days_taken: int | None
    rule: DeadlineRule  # the stage's clock
    timeliness: Timeliness | None  # None until responded
    remedies: tuple[RemedyKind, ...] = ()
    manager_contacted: bool | None = None  # None: not recorded
    financial_remedy_pence: int | None = None  # the sum its financial remedy offered


@dataclass(frozen=True)
class AdvocacyRow:
    """The advocacy offer staff made, and what came of it."""

    status: AdvocacyStatus
    offered_on: date
    decided_on: date | None
    organisation: str | None = None  # the advocacy service named


@dataclass(frozen=True)
class CaseRow:
    row_number: int
    reference: str
    record_kind: RecordKind
    route: Route
    not_logged_reason: NotLoggedReason | None
    channel: Channel
    complainant_type: str  # an id from the council's complainant_type_list
    team: str | None
    categories: tuple[str, ...]  # ids from the council's category_list
    received_on: date
    stages: tuple[StageRow, ...] = ()
    lgsco_received_on: date | None = None
    lgsco_decided_on: date | None = None
    lgsco_finding: LgscoDecision | None = None
    compensation_pence: int | None = None
    lgsco_remedy_cost_pence: int | None = None  # what the Ombudsman's decision asked for
    stage_costs: tuple[tuple[CostKind, int, date], ...] = ()  # independent people's fees
    closed_on: date | None = None
    advocacy_owed: bool = False  # a child or young person: owed an advocacy offer
    advocacy: AdvocacyRow | None = None

    @property
    def last_response(self) -> date | None:
        answered = [s.responded_on for s in self.stages if s.responded_on is not None]
        return max(answered) if answered else None

    @property
    def final_outcome(self) -> Outcome | None:
        answered = [s for s in self.stages if s.outcome is not None]
        return answered[-1].outcome if answered else None


@dataclass
class BatchResult:
    created: int = 0
    replaced: int = 0
    refused: list[tuple[int, str]] | None = None  # (row number, why)


def write_batch(
    connection: Connection, rows: Sequence[CaseRow], *, zone: ZoneInfo, now: datetime
) -> BatchResult:
    """Write valid rows in the caller's transaction."""
    result = BatchResult(refused=[])
    existing = {
        reference: (case_id, imported)
        for case_id, reference, imported in connection.execute(
            sa.select(_cases.c.id, _cases.c.reference, _cases.c.imported).where(
                _cases.c.reference.in_([row.reference for row in rows])
            )
        )
    }
    to_write: list[CaseRow] = []
    replaced_ids: dict[str, int] = {}
    worked_on = _worked_on(
        connection, [case_id for case_id, imported in existing.values() if imported]
    )
    for row in rows:
        found = existing.get(row.reference)
        if found is None:
            to_write.append(row)
        elif not found[1]:
            assert result.refused is not None
            result.refused.append(
                (row.row_number, f"reference {row.reference} is a case heard logged itself")
            )
        elif found[0] in worked_on:
            # Replacing it would delete (or trip over) what staff recorded on it since.
            assert result.refused is not None
            result.refused.append(
                (
                    row.row_number,
                    f"reference {row.reference}: staff have worked on this case since it was "
                    "imported, so it is not replaced (change it in heard)",
                )
            )
        else:
            replaced_ids[row.reference] = found[0]
            to_write.append(row)
    if not to_write:
        return result
    team_ids = _ensure_teams(connection, {row.team for row in to_write if row.team})
    _delete_children(connection, list(replaced_ids.values()))
    fresh = [row for row in to_write if row.reference not in replaced_ids]
    ids: dict[str, int] = dict(replaced_ids)
    if fresh:
        # Plain executemany, then the ids by reference: RETURNING in parameter order would
        # make SQLite run one statement per row.
        _insert(
            connection,
            _cases,
            [_case_values(row, zone=zone, now=now) | {"created_at": now} for row in fresh],
        )
        ids.update(
            (reference, case_id)
            for case_id, reference in connection.execute(
                sa.select(_cases.c.id, _cases.c.reference).where(
                    _cases.c.reference.in_([row.reference for row in fresh])
                )
            )
        )
        # A reference in heard's own pattern (heard's export read back, CSC-2026-000002) must
        # never be handed out again: the counters move past it.
        raise_counters_past(connection, [row.reference for row in fresh])
    replaced = [row for row in to_write if row.reference in replaced_ids]
    if replaced:
        connection.execute(
            sa.update(_cases).where(_cases.c.id == sa.bindparam("case_id")),
            [
                _case_values(row, zone=zone, now=now) | {"case_id": ids[row.reference]}
                for row in replaced
            ],
        )
    _write_children(connection, to_write, ids=ids, team_ids=team_ids, now=now)
    entries, details = audit.rows_and_details(
        [
            audit.entry(
                case_id=ids[row.reference],
                actor=IMPORTER,
                action=(
                    AuditAction.REIMPORTED
                    if row.reference in replaced_ids
                    else AuditAction.IMPORTED
                ),
                reason=f"row {row.row_number}",
                at=now,
            )
            for row in to_write
        ],
    )
    _insert(connection, _audit, entries)
    _insert(connection, table_of(AuditDetail), details)
    result.created, result.replaced = len(fresh), len(replaced_ids)
    return result


IMPORTED_TABLES = (
    _cases, _stages, _deadlines, _issues, table_of(IssueOutcome), table_of(LgscoCase),
    table_of(Cost), table_of(Compliment), table_of(Remedy), table_of(Advocacy), _audit,
    table_of(AuditDetail),
)  # fmt: skip


def refresh_statistics(engine: Engine) -> None:
    """After a large import, PostgreSQL's planner would go on using the row counts of the
    tables before it (autovacuum gets to them minutes later) and choose nested loops over a
    million rows for the next report: ANALYZE the tables the import wrote. VACUUM them too, so
    their pages are marked all-visible and the report's index-only scans read only the indexes
    (until autovacuum came, each row looked at its table page as well: the 1M-case report took
    about 1.4 times as long). A second or two at 1M rows; VACUUM runs outside a transaction.
    SQLite keeps no statistics unless asked, and the reports' indexes are chosen without them."""
    if engine.dialect.name == "postgresql":
        names = ", ".join(table.name for table in IMPORTED_TABLES)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {names}")


def _case_values(row: CaseRow, *, zone: ZoneInfo, now: datetime) -> dict[str, Any]:
    status, stage = _status(row)
    closed_day = row.closed_on or (row.last_response if status != CaseStatus.OPEN else None)
    return {
        "reference": row.reference,
        "record_kind": row.record_kind,
        "route": row.route,
        "channel": row.channel,
        "status": status,
        "stage": stage,
        "received_at": _moment(row.received_on, zone),
        "receipt_day": row.received_on,
        "not_logged_reason": row.not_logged_reason,
        "complainant_type": row.complainant_type,
        "safeguarding": row.not_logged_reason is not None
        and row.not_logged_reason.value == "safeguarding_referral",
        "advocacy_offer": row.advocacy_owed,
        "historic": bool(row.stages) and row.stages[0].number == 2,
        "out_of_time": False,
        "automated": False,
        "needs_attention": False,
        "imported": True,
        "subject": "",
        "closed_at": _moment(closed_day, zone) if closed_day else None,
        "version": 1,
        "updated_at": now,
    }


def _status(row: CaseRow) -> tuple[CaseStatus, Any]:
    last = row.stages[-1] if row.stages else None
    if row.route == Route.NOT_LOGGED:
        return CaseStatus.NOT_LOGGED, None
    if row.final_outcome == Outcome.WITHDRAWN:
        return CaseStatus.WITHDRAWN, last.kind if last else None
    if last is None or row.closed_on is not None or last.responded_on is not None:
        return CaseStatus.CLOSED, last.kind if last else None
    return CaseStatus.OPEN, last.kind


def _moment(day: Any, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=zone).astimezone(UTC)


# What the audit log records without anyone changing a case: reads, refusals, imports.
_NOT_WORK = (
    AuditAction.IMPORTED,
    AuditAction.REIMPORTED,
    AuditAction.CASE_VIEWED,
    AuditAction.CASE_SUMMARY_VIEWED,
    AuditAction.CASES_SEARCHED,
    AuditAction.ATTACHMENT_DOWNLOADED,
    AuditAction.CASES_EXPORTED,
    AuditAction.CASES_REPORTED,
    AuditAction.SUBJECT_ACCESS_EXPORTED,
    AuditAction.CORRESPONDENCE_READ,
    AuditAction.REFUSED,
)


def _worked_on(connection: Connection, case_ids: list[int]) -> set[int]:
    """The imported cases someone has changed since they were imported."""
    if not case_ids:
        return set()
    statement = sa.select(_audit.c.case_id).where(
        _audit.c.case_id.in_(case_ids),
        _audit.c.actor != str(IMPORTER),
        _audit.c.action.not_in([str(action) for action in _NOT_WORK]),
    )
    return set(connection.execute(statement.distinct()).scalars())


def _delete_children(connection: Connection, case_ids: list[int]) -> None:
    """What a previous import wrote; learning staff recorded since is kept, unlinked."""
    if not case_ids:
        return
    learning = table_of(LearningAction)
    connection.execute(
        sa.update(learning)
        .where(learning.c.case_id.in_(case_ids))
        .values(stage_id=None, lgsco_case_id=None)
    )
    for table in _CHILDREN:
        condition: sa.ColumnElement[bool] = table.c.case_id.in_(case_ids)
        if table is table_of(Cost):
            condition = sa.and_(condition, table.c.kind.in_(IMPORTED_COSTS))
        connection.execute(sa.delete(table).where(condition))


def _write_children(
    connection: Connection,
    rows: Sequence[CaseRow],
    *,
    ids: dict[str, int],
    team_ids: dict[str, str],
    now: datetime,
) -> None:
    stage_values: list[dict[str, Any]] = []
    stage_rows: list[tuple[int, StageRow]] = []
    issue_values: list[dict[str, Any]] = []
    lgsco_values: list[dict[str, Any]] = []
    cost_values: list[dict[str, Any]] = []
    compliment_values: list[dict[str, Any]] = []
    advocacy_values: list[dict[str, Any]] = []
    remedy_values: list[dict[str, Any]] = []
    for row in rows:
        case_id = ids[row.reference]
        team_id = team_ids.get(row.team) if row.team else None
        for stage in row.stages:
            stage_rows.append((case_id, stage))
            stage_values.append(
                {
                    "case_id": case_id,
                    "kind": stage.kind,
                    "opened_on": stage.received_on,
                    "responded_on": stage.responded_on,
                    "outcome": stage.outcome,
                    "timeliness": stage.timeliness,
                    "working_days_taken": stage.working_days_taken,
                    "reason_for_delay": stage.reason_for_delay,
                    "manager_contacted": stage.manager_contacted,
                }
            )
        categories = row.categories or ((IssueCategory.OTHER,) if team_id else ())
        if row.record_kind == RecordKind.COMPLIMENT:
            # What it praises (compliments by theme); its team is the compliment's own.
            categories = row.categories
        if row.record_kind in (
            RecordKind.COMPLAINT,
            RecordKind.PROFESSIONAL_COMPLAINT,
            RecordKind.PRE_COMPLAINT,
            RecordKind.COMPLIMENT,
        ):
            for category in categories:
                issue_values.append(
                    {
                        "case_id": case_id,
                        "category": category,
                        "team_id": team_id,
                        "outcome": row.final_outcome,
                        "rule_id": "import",
                    }
                )
        if row.lgsco_received_on is not None:
            lgsco_values.append(
                {
                    "case_id": case_id,
                    "received_on": row.lgsco_received_on,
                    "decided_on": row.lgsco_decided_on,
                    "decision": row.lgsco_finding,
                    "remedy_cost_pence": row.lgsco_remedy_cost_pence,
                }
            )
        if row.lgsco_remedy_cost_pence and row.lgsco_decided_on is not None:
            cost_values.append(  # as casework.ombudsman records the Ombudsman's remedy
                {
                    "case_id": case_id,
                    "kind": CostKind.LGSCO_REMEDY,
                    "amount_pence": row.lgsco_remedy_cost_pence,
                    "incurred_on": row.lgsco_decided_on,
                    "description": "imported",
                }
            )
        if row.compensation_pence:
            cost_values.append(
                {
                    "case_id": case_id,
                    "kind": CostKind.COMPENSATION,
                    "amount_pence": row.compensation_pence,
                    "incurred_on": row.closed_on or row.last_response or row.received_on,
                    "description": "imported",
                }
            )
        cost_values.extend(
            {
                "case_id": case_id,
                "kind": kind,
                "amount_pence": pence,
                "incurred_on": incurred_on,
                "description": "imported",
            }
            for kind, pence, incurred_on in row.stage_costs
        )
        if row.advocacy is not None:
            advocacy_values.append(
                {
                    "case_id": case_id,
                    "status": row.advocacy.status,
                    "offered_on": row.advocacy.offered_on,
                    "decided_on": row.advocacy.decided_on,
                    "organisation": row.advocacy.organisation,
                    "recorded_by": str(IMPORTER),
                }
            )
        if row.record_kind == RecordKind.COMPLIMENT:
            compliment_values.append(
                {
                    "case_id": case_id,
                    "team_id": team_id,
                    "source": compliment_source(row.complainant_type),
                    "received_on": row.received_on,
                }
            )
    answered: dict[int, list[tuple[int, Outcome]]] = {}  # case id -> (stage id, outcome)
    if stage_values:
        _insert(connection, _stages, stage_values)
        # Each imported case has at most one stage of each kind: (case, kind) finds its id.
        by_kind = {
            (case_id, str(kind)): stage_id
            for stage_id, case_id, kind in connection.execute(
                sa.select(_stages.c.id, _stages.c.case_id, _stages.c.kind).where(
                    _stages.c.case_id.in_(list(ids.values()))
                )
            )
        }
        stage_ids = [by_kind[(case_id, str(stage.kind))] for case_id, stage in stage_rows]
        deadline_values = [
            {
                "case_id": case_id,
                "stage_id": stage_id,
                "rule": stage.rule.value,
                "start_on": stage.received_on,
                "due_on": stage.due_on,
                "maximum_on": stage.maximum_on,
                "extended_to": stage.extended_to,
                "extension_agreed_on": stage.extension_agreed_on,
                "extension_reason": "imported" if stage.extended_to else None,
                "met_on": stage.responded_on,
                "cancelled": False,
                "created_at": now,
            }
            for (case_id, stage), stage_id in zip(stage_rows, stage_ids, strict=True)
        ]
        _insert(connection, _deadlines, deadline_values)
        for (case_id, stage), stage_id in zip(stage_rows, stage_ids, strict=True):
            if stage.outcome is not None:
                answered.setdefault(case_id, []).append((stage_id, stage.outcome))
            remedy_values.extend(
                {
                    "case_id": case_id,
                    "stage_id": stage_id,
                    "kind": kind,
                    "amount_pence": (
                        stage.financial_remedy_pence if kind == RemedyKind.FINANCIAL else None
                    ),
                }
                for kind in stage.remedies
            )
    if issue_values:
        _insert(connection, _issues, issue_values)
        # The sheet has one outcome per stage: each issue of the case takes it at that stage.
        outcome_values = [
            {"case_id": case_id, "stage_id": stage_id, "issue_id": issue_id, "outcome": outcome}
            for issue_id, case_id in connection.execute(
                sa.select(_issues.c.id, _issues.c.case_id).where(
                    _issues.c.case_id.in_(list(answered))
                )
            )
            for stage_id, outcome in answered.get(case_id, [])
        ]
        _insert(connection, table_of(IssueOutcome), outcome_values)
    for table, values in (
        (table_of(LgscoCase), lgsco_values),
        (table_of(Cost), cost_values),
        (table_of(Compliment), compliment_values),
        (table_of(Remedy), remedy_values),
        (table_of(Advocacy), advocacy_values),
    ):
        _insert(connection, table, values)


def _insert(connection: Connection, table: sa.Table, values: list[dict[str, Any]]) -> None:
    """Insert many rows in the caller's transaction, through the driver's bulk path: COPY on
    PostgreSQL, the sqlite3 module's executemany on SQLite.

    SQLAlchemy's executemany costs more per row than the insert itself here (it builds and
    processes a parameter set per row), and psycopg sends it as one protocol message per row;
    multi-row VALUES pages are worse again (psycopg parses every placeholder of a long
    statement). Values go through the columns' own bind processors first, so enums, UTC
    timestamps, dates and the council's list values are stored exactly as an INSERT through
    SQLAlchemy would store them; Python-side scalar defaults are filled in the same way.
    """
    if not values:
        return
    given = values[0].keys()
    defaults = {
        column.name: column.default
        for column in table.columns
        if column.name not in given and column.default is not None
    }
    if connection.dialect.name not in ("postgresql", "sqlite") or any(
        not default.is_scalar for default in defaults.values()
    ):
        connection.execute(sa.insert(table), values)
        return
    columns = [
        column for column in table.columns if column.name in given or column.name in defaults
    ]
    names = [column.name for column in columns]
    # Only scalar defaults reach here (checked above), and a scalar default's value is its `arg`.
    fixed = {
        name: cast(ScalarElementColumnDefault, default).arg for name, default in defaults.items()
    }
    processors = [_processor(column, connection.dialect) for column in columns]
    rows = (
        [
            value if process is None else process(value)
            for value, process in zip(
                (row[name] if name in row else fixed[name] for name in names),
                processors,
                strict=True,
            )
        ]
        for row in values
    )
    preparer = connection.dialect.identifier_preparer
    target = f"{preparer.format_table(table)} ({', '.join(preparer.quote(n) for n in names)})"
    raw = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite":
        assert isinstance(raw, sqlite3.Connection)
        marks = ", ".join("?" for _ in names)
        raw.executemany(f"INSERT INTO {target} VALUES ({marks})", rows)
        return
    import psycopg  # the PostgreSQL driver: only that engine gets here

    assert isinstance(raw, psycopg.Connection)
    with raw.cursor() as cursor, cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _processor(column: sa.Column[Any], dialect: sa.Dialect) -> Callable[[Any], Any] | None:
    """What turns a Python value into what the driver stores for `column`. PostgreSQL's JSON
    is bound with a cast psycopg adds, which COPY has not: it gets the JSON text instead
    (None as JSON null, as SQLAlchemy stores it)."""
    if dialect.name == "postgresql" and isinstance(column.type, sa.JSON):
        return json.dumps
    return column.type.bind_processor(dialect)


def _ensure_teams(connection: Connection, names: set[str]) -> dict[str, str]:
    """Team names (or ids) in the sheet -> team ids; teams no longer in the rule file are added
    inactive, so past years report under the names they had."""
    if not names:
        return {}
    known = list(connection.execute(sa.select(_teams.c.id, _teams.c.name)))
    by_key = {_slug(name): team_id for team_id, name in known} | {
        _slug(team_id): team_id for team_id, _ in known
    }
    found: dict[str, str] = {}
    for name in sorted(names):
        key = _slug(name)
        if key not in by_key:
            connection.execute(sa.insert(_teams).values(id=key, name=name, active=False))
            by_key[key] = key
        found[name] = by_key[key]
    return found


def _slug(text: str) -> str:
    return (re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "team")[:60]
