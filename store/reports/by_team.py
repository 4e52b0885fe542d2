"""What happened to each team's and each directorate's complaints in a period: received, fault
found at the first stage, escalated, and how many working days the first stage's responses
took (within 10, within 20, beyond). A complaint counts once for each team its issues name and
once for each directorate, however many issues it has there."""

from __future__ import annotations

from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from store.reports.sql import (
    FORMAL_STAGE_RECORD_KINDS,
    Span,
    cases,
    counted,
    directorates,
    issue_outcomes,
    issues,
    stages,
    teams,
)
from store.reports.trends import CaseIds, among, complaints_received

FIRST_STAGES = ("statutory_1", "corporate_1")
SECOND_STAGES = ("statutory_2", "corporate_2")
UPHELD = ("upheld", "partially_upheld")


class TeamOutcome(NamedTuple):
    route: str
    name: str  # the team's or the directorate's
    directorate: str  # the team's directorate (the directorate itself when grouping by it)
    received: int
    answered: int  # answered at the first stage, whenever
    fault_found: int  # an issue of theirs upheld or partially upheld at the first stage
    escalated: int  # went on to stage 2


class ResponseBand(NamedTuple):
    route: str
    directorate: str
    band: str  # within_10 | within_20 | beyond_20 | not_recorded
    responses: int


def _names() -> tuple[sa.ColumnElement[str], sa.ColumnElement[str]]:
    return (
        sa.func.coalesce(teams.c.name, issues.c.team_id, "Not routed"),
        sa.func.coalesce(directorates.c.name, "Not recorded"),
    )


def team_outcomes(
    connection: Connection, period: Span, *, by: str, span: CaseIds
) -> list[TeamOutcome]:
    """Complaints received in the period by route and team (`by="team"`) or directorate
    (`by="directorate"`), with what came of them at the first stage (`span`: their ids'
    trends.complaints_span)."""
    team_name, directorate_name = _names()
    grouped = (
        (cases.c.route, team_name, directorate_name)
        if by == "team"
        else (cases.c.route, directorate_name, directorate_name)
    )
    rows = connection.execute(
        _outcomes(grouped, period, span).group_by(*grouped).order_by(*grouped[:2])
    )
    return [TeamOutcome(*row) for row in rows]


def outcomes_by_team_and_directorate(
    connection: Connection, period: Span, *, span: CaseIds
) -> dict[str, list[TeamOutcome]]:
    """`team_outcomes` by team and by directorate ("team" and "directorate"): on PostgreSQL
    in one pass over the year's complaints (GROUPING SETS), on SQLite, which has none, two."""
    if connection.dialect.name != "postgresql":
        return {by: team_outcomes(connection, period, by=by, span=span) for by in BY}
    team_name, directorate_name = _names()
    by_directorate = sa.func.grouping(team_name)  # 1 in the rows of the directorates' set
    name = sa.case((by_directorate == 1, directorate_name), else_=team_name)
    rows = connection.execute(
        _outcomes((cases.c.route, name, directorate_name), period, span, by_directorate)
        .group_by(
            sa.func.grouping_sets(
                sa.tuple_(cases.c.route, team_name, directorate_name),
                sa.tuple_(cases.c.route, directorate_name),
            )
        )
        .order_by(by_directorate, cases.c.route, name)
    )
    found: dict[str, list[TeamOutcome]] = {by: [] for by in BY}
    for *row, in_directorate_set in rows:
        found[BY[in_directorate_set]].append(TeamOutcome(*row))
    return found


BY = ("team", "directorate")  # indexed by GROUPING(team name): 0 by team, 1 by directorate


def _outcomes(
    grouped: tuple[sa.ColumnElement[str], ...],
    period: Span,
    span: CaseIds,
    *more: sa.ColumnElement[int],
) -> sa.Select[*tuple[Any, ...]]:
    first = stages.alias("first_stage")
    second = stages.alias("second_stage")
    # The issue's own outcome at the first stage; a stage recorded without per-issue outcomes
    # (imported, say) gives its outcome to all its issues.
    outcome = sa.func.coalesce(issue_outcomes.c.outcome, first.c.outcome, type_=sa.String)
    escalated = sa.exists().where(second.c.case_id == cases.c.id, second.c.kind.in_(SECOND_STAGES))
    return (
        sa.select(
            *grouped,
            sa.func.count(sa.distinct(cases.c.id)),
            sa.func.count(sa.distinct(sa.case((first.c.responded_on.is_not(None), cases.c.id)))),
            sa.func.count(sa.distinct(sa.case((outcome.in_(UPHELD), cases.c.id)))),
            sa.func.count(sa.distinct(sa.case((escalated, cases.c.id)))),
            *more,
        )
        .select_from(
            issues.join(cases, cases.c.id == issues.c.case_id)
            .outerjoin(teams, teams.c.id == issues.c.team_id)
            .outerjoin(directorates, directorates.c.id == teams.c.directorate_id)
            .outerjoin(
                first,
                sa.and_(
                    first.c.case_id == cases.c.id,
                    among(first.c.case_id, span),
                    first.c.kind.in_(FIRST_STAGES),
                ),
            )
            .outerjoin(
                issue_outcomes,
                sa.and_(
                    issue_outcomes.c.issue_id == issues.c.id,
                    issue_outcomes.c.stage_id == first.c.id,
                ),
            )
        )
        .where(complaints_received([period]), among(issues.c.case_id, span))
    )


def response_bands(connection: Connection, period: Span) -> list[ResponseBand]:
    """First-stage responses in the period by route, directorate and working days taken."""
    _, directorate_name = _names()
    days = stages.c.working_days_taken
    band = sa.case(
        (days <= 10, "within_10"),
        (days <= 20, "within_20"),
        (days.is_not(None), "beyond_20"),
        else_="not_recorded",
    )
    grouped = (cases.c.route, directorate_name, band)
    rows = connection.execute(
        sa.select(*grouped, sa.func.count(sa.distinct(stages.c.id)))
        .select_from(
            stages.join(cases, cases.c.id == stages.c.case_id)
            .join(issues, issues.c.case_id == cases.c.id)
            .outerjoin(teams, teams.c.id == issues.c.team_id)
            .outerjoin(directorates, directorates.c.id == teams.c.directorate_id)
        )
        .where(
            counted(),
            cases.c.record_kind.in_(FORMAL_STAGE_RECORD_KINDS),
            stages.c.kind.in_(FIRST_STAGES),
            stages.c.responded_on.between(period.start, period.end),
        )
        .group_by(*grouped)
        .order_by(*grouped)
    )
    return [ResponseBand(*row) for row in rows]
