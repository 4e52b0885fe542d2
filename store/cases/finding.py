"""Finding cases for the web view: full-text search, filters and the queues, in Core.

Search looks in every message's subject, text and sender address and in each party's name,
email, address and phone (migration 0014: SQLite FTS5, PostgreSQL GIN indexes over
to_tsvector), and matches a reference exactly. Every word must occur in one message or in one
party's details; store/cases/matching.py reads the ids of the cases found, once, and the page
and its count look those cases up by key. Filters narrow that set; the list is newest first (or soonest due first for a
manager's queue), a page at a time, with the total counted up to COUNT_CAP.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from cases.enums import CaseStatus, RecordKind, Route, StageKind
from store.cases.matching import matching_case_ids
from store.cases.unread import not_yet_read
from store.types import UTCDateTime, enum_type

OPEN_STATUSES = (CaseStatus.RECEIVED, CaseStatus.OPEN, CaseStatus.RESPONDED)
COUNT_CAP = 1000  # "more than 1,000 cases": counting further costs time and tells staff nothing
MAX_SEARCH_WORDS = 12

CASES = sa.table(
    "cases",
    sa.column("id", sa.Integer()),
    sa.column("reference", sa.String()),
    sa.column("record_kind", enum_type(RecordKind)),
    sa.column("route", enum_type(Route)),
    sa.column("status", enum_type(CaseStatus)),
    sa.column("stage", enum_type(StageKind)),
    sa.column("received_at", UTCDateTime()),
    sa.column("closed_at", UTCDateTime()),
    sa.column("subject", sa.String()),
    sa.column("assignee", sa.String()),
    sa.column("safeguarding", sa.Boolean()),
    sa.column("needs_attention", sa.Boolean()),
    sa.column("automated", sa.Boolean()),
    sa.column("imported", sa.Boolean()),
    sa.column("acknowledged_at", UTCDateTime()),
    sa.column("triage_confirmed_at", UTCDateTime()),
)
DEADLINES = sa.table(
    "deadline",
    sa.column("case_id", sa.Integer()),
    sa.column("due_on", sa.Date()),
    sa.column("extended_to", sa.Date()),
    sa.column("met_on", sa.Date()),
    sa.column("paused_on", sa.Date()),
    sa.column("cancelled", sa.Boolean()),
)
ISSUES = sa.table("issue", sa.column("case_id", sa.Integer()), sa.column("team_id", sa.String()))
TEAMS = sa.table("team", sa.column("id", sa.String()), sa.column("directorate_id", sa.String()))


class Order(StrEnum):
    NEWEST = "newest"
    DUE = "due"


@dataclass(frozen=True)
class CaseFilter:
    """What the list is narrowed to; every field empty means every case (automated mail is
    never listed: it is kept apart)."""

    words: str = ""
    teams: frozenset[str] = frozenset()
    stage: StageKind | None = None
    status: CaseStatus | None = None
    open_only: bool = False
    overdue: bool = False
    due_this_week: bool = False
    unassigned: bool = False
    assigned_to: frozenset[str] = frozenset()  # the names the signed-in person is known by
    needs_attention: bool = False
    safeguarding: bool = False
    not_yet_read: bool = False
    triage_to_confirm: bool = False
    directorates: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class FoundCase:
    id: int
    reference: str
    received_at: datetime
    record_kind: RecordKind
    route: Route
    status: CaseStatus
    stage: StageKind | None
    subject: str
    assignee: str | None
    safeguarding: bool
    needs_attention: bool
    due_on: date | None
    teams: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Page:
    cases: list[FoundCase]
    total: int  # up to COUNT_CAP + 1

    @property
    def more_than_counted(self) -> bool:
        return self.total > COUNT_CAP


def find_cases(
    connection: sa.Connection,
    *,
    wanted: CaseFilter,
    today: date,
    week_end: date,
    order: Order = Order.NEWEST,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    words = search_words(wanted.words)
    if words and connection.dialect.name == "postgresql":
        # Plan each statement for the ids it is given: psycopg prepares a statement run five
        # times, and PostgreSQL's plan for any ids walked every case for the one a reference
        # finds (600 ms at 1M, against 20 ms). For this transaction only.
        connection.execute(
            sa.text("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)")
        )
    conditions = _conditions(connection, wanted=wanted, words=words, today=today, week_end=week_end)
    due = _next_due()
    columns: tuple[sa.ColumnElement[Any], ...] = (
        CASES.c.id,
        CASES.c.reference,
        CASES.c.received_at,
        CASES.c.record_kind,
        CASES.c.route,
        CASES.c.status,
        CASES.c.stage,
        CASES.c.subject,
        CASES.c.assignee,
        CASES.c.safeguarding,
        CASES.c.needs_attention,
        due.label("due_on"),
    )
    ordering: tuple[sa.ColumnElement[Any], ...]
    if order is Order.DUE:
        ordering = (due.asc().nulls_last(), CASES.c.id)
    else:
        ordering = (CASES.c.received_at.desc(), CASES.c.id.desc())
    if words:
        rows = _found_page(
            connection,
            columns=columns,
            page=sa.select(CASES.c.id).where(*conditions).order_by(*ordering),
            limit=limit,
            offset=offset,
        )
    else:
        statement = sa.select(*columns).where(*conditions).order_by(*ordering)
        rows = list(connection.execute(statement.limit(limit).offset(offset)))
    counted = sa.select(sa.literal(1)).select_from(CASES).where(*conditions).limit(COUNT_CAP + 1)
    if words:  # the newest first (along search_case_listed): the page just read them
        counted = counted.order_by(CASES.c.id.desc())
    total = int(
        connection.execute(sa.select(sa.func.count()).select_from(counted.subquery())).scalar_one()
    )
    teams = _teams_of(connection, [row.id for row in rows])
    return Page(
        cases=[FoundCase(**row._mapping, teams=teams.get(row.id, ())) for row in rows],
        total=total,
    )


def _found_page(
    connection: sa.Connection,
    *,
    columns: tuple[sa.ColumnElement[Any], ...],
    page: sa.Select[tuple[int]],
    limit: int,
    offset: int,
) -> list[sa.Row[Any]]:
    """A page of the cases a search found: their ids in order first, then their rows. The ids
    come from PostgreSQL's index search_case_received alone (migration 0028: no row read) when
    no filter needs more; reading whole rows in order instead walks many cases newest first
    for the few newest of a middling word (figures in commit 81af8be)."""
    ids = list(connection.execute(page.limit(limit).offset(offset)).scalars())
    if not ids:
        return []
    rows: list[sa.Row[Any]] = list(
        connection.execute(sa.select(*columns).where(CASES.c.id.in_(ids)))
    )
    by_id = {row.id: row for row in rows}
    return [by_id[case_id] for case_id in ids if case_id in by_id]


def search_words(text: str) -> list[str]:
    """The words of a search, as typed: letters, digits and the marks inside email addresses
    and references. Quotes and search operators are not passed to the database."""
    return re.findall(r"[\w][\w@.+'\-]*", text)[:MAX_SEARCH_WORDS]


def overdue_by_directorate(connection: sa.Connection, *, today: date) -> dict[str, int]:
    """How many open cases are overdue per directorate (a case counts once per directorate,
    in each directorate one of its issues is routed to)."""
    overdue_cases = sa.select(CASES.c.id).where(*_open(), _overdue(today))
    statement = (
        sa.select(TEAMS.c.directorate_id, sa.func.count(sa.distinct(ISSUES.c.case_id)))
        .select_from(ISSUES.join(TEAMS, TEAMS.c.id == ISSUES.c.team_id))
        .where(ISSUES.c.case_id.in_(overdue_cases))
        .group_by(TEAMS.c.directorate_id)
    )
    return {str(directorate): int(count) for directorate, count in connection.execute(statement)}


def _conditions(
    connection: sa.Connection,
    *,
    wanted: CaseFilter,
    words: list[str],
    today: date,
    week_end: date,
) -> list[sa.ColumnElement[bool]]:
    found: list[sa.ColumnElement[bool]] = [CASES.c.automated.is_(False)]
    if words:
        found.append(_among(connection.dialect.name, matching_case_ids(connection, words)))
    if wanted.teams:
        found.append(_in_teams(wanted.teams))
    if wanted.directorates:
        in_directorates = sa.select(TEAMS.c.id).where(
            TEAMS.c.directorate_id.in_(sorted(wanted.directorates))
        )
        found.append(
            CASES.c.id.in_(sa.select(ISSUES.c.case_id).where(ISSUES.c.team_id.in_(in_directorates)))
        )
    if wanted.stage is not None:
        found.append(CASES.c.stage == wanted.stage)
    if wanted.status is not None:
        found.append(CASES.c.status == wanted.status)
    if wanted.open_only or wanted.overdue or wanted.due_this_week:
        found.extend(_open())
    if wanted.overdue:
        found.append(_overdue(today))
    if wanted.due_this_week:
        found.append(_due_between(today, week_end))
    if wanted.unassigned:
        found.append(CASES.c.assignee.is_(None))
    if wanted.assigned_to:
        found.append(CASES.c.assignee.in_(sorted(wanted.assigned_to)))
    if wanted.needs_attention:
        found.append(CASES.c.needs_attention.is_(True))
    if wanted.safeguarding:
        found.append(CASES.c.safeguarding.is_(True))
    if wanted.not_yet_read:  # the reading queue: not-logged contacts too (store/cases/unread.py)
        found.append(not_yet_read(CASES))
    if wanted.triage_to_confirm:
        found.extend(_open())
        found.append(CASES.c.triage_confirmed_at.is_(None))
    return found


def _open() -> list[sa.ColumnElement[bool]]:
    return [CASES.c.status.in_(OPEN_STATUSES), CASES.c.imported.is_(False)]


def _open_deadline() -> list[sa.ColumnElement[bool]]:
    return [
        DEADLINES.c.case_id == CASES.c.id,
        DEADLINES.c.met_on.is_(None),
        DEADLINES.c.cancelled.is_(False),
    ]


def _effective_due() -> sa.ColumnElement[date]:
    return sa.func.coalesce(DEADLINES.c.extended_to, DEADLINES.c.due_on)


def _overdue(today: date) -> sa.ColumnElement[bool]:
    """An open deadline already past (a paused case's clocks are stopped: not overdue)."""
    return sa.exists().where(
        *_open_deadline(),
        DEADLINES.c.paused_on.is_(None),
        DEADLINES.c.due_on < today,  # the index's column: an extension only moves it later
        _effective_due() < today,
    )


def _due_between(first: date, last: date) -> sa.ColumnElement[bool]:
    return sa.exists().where(*_open_deadline(), _effective_due().between(first, last))


def _next_due() -> sa.ScalarSelect[date]:
    return sa.select(sa.func.min(_effective_due())).where(*_open_deadline()).scalar_subquery()


def _in_teams(teams: Iterable[str]) -> sa.ColumnElement[bool]:
    return CASES.c.id.in_(sa.select(ISSUES.c.case_id).where(ISSUES.c.team_id.in_(sorted(teams))))


def _among(dialect: str, case_ids: list[int]) -> sa.ColumnElement[bool]:
    """The cases with these ids, as one bound value however many there are (up to 10,001)."""
    if not case_ids:
        return sa.false()
    if dialect == "postgresql":
        return CASES.c.id == sa.any_(sa.bindparam("matched", case_ids, type_=ARRAY(sa.Integer())))
    listed = sa.text("SELECT value FROM json_each(:matched)").bindparams(
        matched=json.dumps(case_ids)
    )
    return CASES.c.id.in_(listed.columns(sa.column("value", sa.Integer())))


def _teams_of(connection: sa.Connection, case_ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not case_ids:
        return {}
    statement = (
        sa.select(ISSUES.c.case_id, ISSUES.c.team_id)
        .where(ISSUES.c.case_id.in_(case_ids), ISSUES.c.team_id.is_not(None))
        .distinct()
    )
    teams: dict[int, list[str]] = {}
    for case_id, team_id in connection.execute(statement):
        teams.setdefault(case_id, []).append(team_id)
    return {case_id: tuple(sorted(found)) for case_id, found in teams.items()}
