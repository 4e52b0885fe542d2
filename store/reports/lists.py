"""The lists an annual report prints in its appendix and workbook, case by case: the corporate
stage 2 complaints with their remedies, the Ombudsman's decisions with its references, its
recommendations with due dates, the learning recorded, and the short examples staff chose. Each
is bounded (LIST_LIMIT rows) and says how many there are in all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from store.reports.sql import (
    Span,
    cases,
    compliments,
    counted,
    examples,
    issues,
    learning,
    lgsco,
    recommendations,
    remedies,
    stages,
    teams,
)

LIST_LIMIT = 500
Day = date | str | None  # SQLite may give a date back as text


T = TypeVar("T")


@dataclass(frozen=True)
class Listed(Generic[T]):
    rows: list[T]
    total: int


@dataclass(frozen=True)
class StageWithRemedies:
    reference: str
    kind: str
    opened_on: Day
    responded_on: Day
    outcome: str | None
    teams: list[str]
    categories: list[str]
    remedies: list[tuple[str, int | None]]  # (remedy kind, amount in pence)
    to_lgsco: bool


@dataclass(frozen=True)
class OmbudsmanDecision:
    reference: str
    lgsco_reference: str | None
    received_on: Day
    decided_on: Day
    decision: str | None
    remedy: str | None
    remedy_cost_pence: int | None


@dataclass(frozen=True)
class Recommendation:
    reference: str
    lgsco_reference: str | None
    text: str
    due_on: Day
    status: str
    completed_on: Day


@dataclass(frozen=True)
class Learning:
    reference: str
    stage: str | None  # a stage kind, or None when the Ombudsman found it
    source: str
    team: str | None
    text: str
    status: str
    identified_on: Day
    due_on: Day
    implemented_on: Day
    why_not: str | None


@dataclass(frozen=True)
class Example:
    """A complaint or compliment received in the period that staff chose as an example."""

    reference: str
    record_kind: str
    text: str
    received_on: Day
    chosen_on: Day
    chosen_by: str
    categories: list[str]  # a complaint's issues' categories, in the order raised
    teams: list[str]  # the teams answering it, or the team a compliment praises
    source: str | None  # who sent a compliment


def _limited(connection: Connection, query: sa.Select[Any]) -> tuple[list[sa.Row[Any]], int]:
    total: int = connection.execute(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    ).scalar_one()
    return list(connection.execute(query.limit(LIST_LIMIT))), total


def corporate_stage2(connection: Connection, period: Span) -> Listed[StageWithRemedies]:
    """Corporate stage 2 complaints answered in the period or open at its end."""
    query = (
        sa.select(
            stages.c.id,
            stages.c.case_id,
            cases.c.reference,
            stages.c.kind,
            stages.c.opened_on,
            stages.c.responded_on,
            stages.c.outcome,
            sa.exists().where(lgsco.c.case_id == stages.c.case_id).label("to_lgsco"),
        )
        .select_from(stages.join(cases, cases.c.id == stages.c.case_id))
        .where(
            counted(),
            stages.c.kind == "corporate_2",
            _answered_in_or_open_at_end(period),
        )
        .order_by(stages.c.opened_on, cases.c.reference)
    )
    rows, total = _limited(connection, query)
    case_ids = [row.case_id for row in rows]
    team_names = _teams_of(connection, case_ids)
    categories: dict[int, list[str]] = {}
    for case_id, category in connection.execute(
        sa.select(issues.c.case_id, issues.c.category)
        .where(issues.c.case_id.in_(case_ids))
        .order_by(issues.c.id)
    ):
        if category not in categories.setdefault(case_id, []):
            categories[case_id].append(str(category))
    given: dict[int, list[tuple[str, int | None]]] = {}
    for stage_id, kind, pence in connection.execute(
        sa.select(remedies.c.stage_id, remedies.c.kind, remedies.c.amount_pence)
        .where(remedies.c.stage_id.in_([row.id for row in rows]))
        .order_by(remedies.c.id)
    ):
        given.setdefault(stage_id, []).append((str(kind), pence))
    return Listed(
        [
            StageWithRemedies(
                reference=row.reference,
                kind=str(row.kind),
                opened_on=row.opened_on,
                responded_on=row.responded_on,
                outcome=None if row.outcome is None else str(row.outcome),
                teams=team_names.get(row.case_id, []),
                categories=categories.get(row.case_id, []),
                remedies=given.get(row.id, []),
                to_lgsco=bool(row.to_lgsco),
            )
            for row in rows
        ],
        total,
    )


def ombudsman_decisions(connection: Connection, period: Span) -> Listed[OmbudsmanDecision]:
    """The Ombudsman's decisions made in the period, and its enquiries still open at the end."""
    query = (
        sa.select(
            cases.c.reference,
            lgsco.c.lgsco_reference,
            lgsco.c.received_on,
            lgsco.c.decided_on,
            sa.cast(lgsco.c.decision, sa.String).label("decision"),
            lgsco.c.remedy,
            lgsco.c.remedy_cost_pence,
        )
        .select_from(lgsco.join(cases, cases.c.id == lgsco.c.case_id))
        .where(
            counted(),
            sa.or_(
                lgsco.c.decided_on.between(period.start, period.end),
                sa.and_(
                    lgsco.c.received_on <= period.end,
                    sa.or_(lgsco.c.decided_on.is_(None), lgsco.c.decided_on > period.end),
                ),
            ),
        )
        .order_by(lgsco.c.decided_on.is_(None), lgsco.c.decided_on, cases.c.reference)
    )
    rows, total = _limited(connection, query)
    return Listed([OmbudsmanDecision(**row._asdict()) for row in rows], total)


def ombudsman_recommendations(connection: Connection, period: Span) -> Listed[Recommendation]:
    """Recommendations made in the period, due in it, or still outstanding at its end."""
    query = (
        sa.select(
            cases.c.reference,
            lgsco.c.lgsco_reference,
            recommendations.c.text,
            recommendations.c.due_on,
            sa.cast(recommendations.c.status, sa.String).label("status"),
            recommendations.c.completed_on,
        )
        .select_from(
            recommendations.join(lgsco, lgsco.c.id == recommendations.c.lgsco_case_id).join(
                cases, cases.c.id == recommendations.c.case_id
            )
        )
        .where(
            counted(),
            sa.or_(
                lgsco.c.decided_on.between(period.start, period.end),
                recommendations.c.due_on.between(period.start, period.end),
                sa.and_(
                    lgsco.c.decided_on <= period.end,
                    sa.or_(
                        recommendations.c.completed_on.is_(None),
                        recommendations.c.completed_on > period.end,
                    ),
                ),
            ),
        )
        .order_by(recommendations.c.due_on, cases.c.reference)
    )
    rows, total = _limited(connection, query)
    return Listed([Recommendation(**row._asdict()) for row in rows], total)


def learning_recorded(connection: Connection, period: Span) -> Listed[Learning]:
    """Learning identified in the period, and learning from before it not yet implemented:
    the period's own first, so that earlier actions still open never crowd it out of the
    bounded list."""
    query = (
        sa.select(
            cases.c.reference,
            sa.cast(learning.c.stage, sa.String).label("stage"),
            sa.cast(learning.c.source, sa.String).label("source"),
            sa.func.coalesce(teams.c.name, learning.c.owner_team_id).label("team"),
            learning.c.text,
            sa.cast(learning.c.status, sa.String).label("status"),
            learning.c.identified_on,
            learning.c.due_on,
            learning.c.implemented_on,
            learning.c.why_not_implemented.label("why_not"),
        )
        .select_from(
            learning.join(cases, cases.c.id == learning.c.case_id).outerjoin(
                teams, teams.c.id == learning.c.owner_team_id
            )
        )
        .where(
            counted(),
            sa.or_(
                learning.c.identified_on.between(period.start, period.end),
                sa.and_(
                    learning.c.identified_on < period.start,
                    sa.or_(
                        learning.c.implemented_on.is_(None),
                        learning.c.implemented_on >= period.start,
                    ),
                    learning.c.status != "not_implemented",
                ),
            ),
        )
        .order_by(
            learning.c.identified_on < period.start,
            learning.c.identified_on,
            cases.c.reference,
            learning.c.id,
        )
    )
    rows, total = _limited(connection, query)
    return Listed([Learning(**row._asdict()) for row in rows], total)


def examples_chosen(connection: Connection, period: Span) -> Listed[Example]:
    """The examples staff chose among the complaints and compliments received in the period,
    complaints first (by category), then compliments."""
    query = (
        sa.select(
            cases.c.id,
            cases.c.reference,
            sa.cast(cases.c.record_kind, sa.String).label("record_kind"),
            examples.c.text,
            cases.c.receipt_day,
            examples.c.chosen_on,
            examples.c.chosen_by,
        )
        .select_from(examples.join(cases, cases.c.id == examples.c.case_id))
        .where(counted(), cases.c.receipt_day.between(period.start, period.end))
        .order_by(
            sa.case((cases.c.record_kind == "compliment", 1), else_=0),
            cases.c.receipt_day,
            cases.c.reference,
        )
    )
    rows, total = _limited(connection, query)
    case_ids = [row.id for row in rows]
    team_names = _teams_of(connection, case_ids)
    categories: dict[int, list[str]] = {}
    for case_id, category in connection.execute(
        sa.select(issues.c.case_id, issues.c.category)
        .where(issues.c.case_id.in_(case_ids))
        .order_by(issues.c.id)
    ):
        if str(category) not in categories.setdefault(case_id, []):
            categories[case_id].append(str(category))
    praised: dict[int, tuple[str | None, str]] = {}
    for case_id, team, source in connection.execute(
        sa.select(
            compliments.c.case_id,
            sa.func.coalesce(teams.c.name, compliments.c.team_id),
            sa.cast(compliments.c.source, sa.String),
        )
        .outerjoin(teams, teams.c.id == compliments.c.team_id)
        .where(compliments.c.case_id.in_(case_ids))
        .order_by(compliments.c.id)
    ):
        praised.setdefault(case_id, (team, str(source)))
    found = []
    for row in rows:
        team, source = praised.get(row.id, (None, None))
        found.append(
            Example(
                reference=row.reference,
                record_kind=str(row.record_kind),
                text=row.text,
                received_on=row.receipt_day,
                chosen_on=row.chosen_on,
                chosen_by=row.chosen_by,
                categories=categories.get(row.id, []),
                teams=[team] if team else team_names.get(row.id, []),
                source=source,
            )
        )
    return Listed(found, total)


def _answered_in_or_open_at_end(period: Span) -> sa.ColumnElement[bool]:
    return sa.or_(
        stages.c.responded_on.between(period.start, period.end),
        sa.and_(
            stages.c.opened_on <= period.end,
            sa.or_(stages.c.responded_on.is_(None), stages.c.responded_on > period.end),
            stages.c.superseded_on.is_(None),
        ),
    )


def _teams_of(connection: Connection, case_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if not case_ids:
        return found
    for case_id, name in connection.execute(
        sa.select(issues.c.case_id, sa.func.coalesce(teams.c.name, issues.c.team_id))
        .outerjoin(teams, teams.c.id == issues.c.team_id)
        .where(issues.c.case_id.in_(case_ids))
        .order_by(issues.c.id)
    ):
        if name and name not in found.setdefault(case_id, []):
            found[case_id].append(str(name))
    return found
