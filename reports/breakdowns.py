"""The report's tables that break figures down (by team, category, outcome, reason…), each one
GROUP BY query in the database. Definitions live beside the queries, as for the metrics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from reports.periods import Period
from reports.sql import (
    bucket,
    cases,
    compliments,
    costs,
    counted,
    directorates,
    issues,
    learning,
    lgsco,
    stages,
    teams,
    within,
)
from store.models import Advocacy, IssueOutcome, LgscoRecommendation
from store.types import table_of

advocacy = table_of(Advocacy)
issue_outcomes = table_of(IssueOutcome)
recommendations = table_of(LgscoRecommendation)

COMPLAINT_ROUTES = ("statutory", "corporate")
RESPONSE_STAGES = ("statutory_1", "statutory_2", "statutory_3", "corporate_1", "corporate_2")
UPHELD = ("upheld", "partially_upheld")
CASE_LIST_LIMIT = 500

DEFINITIONS = {
    "not_logged": "Contacts received in the period that were not logged as complaints, by the "
    "reason recorded.",
    "complainant_types": "Complaints received in the period, by who made them.",
    "channels": "Complaints received in the period, by how they reached the council.",
    "teams": "Complaints received in the period, by team: a complaint with issues for several "
    "teams counts once for each team, and once only however many issues a team has.",
    "directorates": "Complaints received in the period, by directorate (once per directorate).",
    "categories": "Issues raised in complaints received in the period, by category "
    "(a complaint may raise several).",
    "outcomes": "Complaints responded to in the period, by the outcome of the stage, with the "
    "percentage of those responded to at that stage.",
    "issue_outcomes": "Issues in complaints responded to in the period, by the outcome for "
    "that issue at that stage.",
    "upheld_themes": "Issues upheld or partially upheld at a stage responded to in the period, "
    "by category.",
    "stage_cases": "Stage 2 and stage 3 complaints responded to in the period, or still open "
    "at the end of it.",
    "lgsco_decisions": "LGSCO decisions made in the period, by finding.",
    "lgsco_recommendations": "Recommendations in LGSCO decisions made in the period, by "
    "whether the council has carried them out.",
    "costs": "Costs incurred in the period, by kind, in pounds.",
    "delay_reasons": "Complaints responded to late in the period, by the reason for the delay "
    "recorded (the 10 most frequent).",
    "learning": "Learning actions identified in the period, by the stage that identified them "
    "and their status now.",
    "no_learning": "Complaints upheld or partially upheld at a stage responded to in the "
    "period with no learning action recorded.",
    "compliment_teams": "Compliments received in the period, by the team praised.",
    "compliment_sources": "Compliments received in the period, by who sent them.",
    "advocacy": "Advocacy offers made in the period, by what came of them.",
}


def _complaints_received(periods: Sequence[Period]) -> sa.ColumnElement[bool]:
    return sa.and_(
        counted(),
        cases.c.record_kind == "complaint",
        cases.c.route.in_(COMPLAINT_ROUTES),
        within(cases.c.receipt_day, periods),
    )


def by_case_column(connection: Connection, period: Period, column: str) -> list[tuple[str, int]]:
    """Complaints received in the period grouped by one of the case's own columns."""
    grouped = cases.c[column]
    rows = connection.execute(
        sa.select(grouped, sa.func.count())
        .where(_complaints_received([period]))
        .group_by(grouped)
        .order_by(sa.func.count().desc(), grouped)
    )
    return [(str(value), count) for value, count in rows]


def by_team(connection: Connection, period: Period) -> list[tuple[str, str, int]]:
    """(team name, directorate name, complaints): once per team however many issues."""
    team_name = sa.func.coalesce(teams.c.name, issues.c.team_id, "Not routed")
    directorate_name = sa.func.coalesce(directorates.c.name, "")
    rows = connection.execute(
        sa.select(team_name, directorate_name, sa.func.count(sa.distinct(issues.c.case_id)))
        .select_from(
            issues.join(cases, cases.c.id == issues.c.case_id)
            .outerjoin(teams, teams.c.id == issues.c.team_id)
            .outerjoin(directorates, directorates.c.id == teams.c.directorate_id)
        )
        .where(_complaints_received([period]))
        .group_by(team_name, directorate_name)
        .order_by(sa.func.count(sa.distinct(issues.c.case_id)).desc(), team_name)
    )
    return [(str(team), str(directorate), count) for team, directorate, count in rows]


def by_directorate(connection: Connection, period: Period) -> list[tuple[str, int]]:
    name = sa.func.coalesce(directorates.c.name, "Not recorded")
    rows = connection.execute(
        sa.select(name, sa.func.count(sa.distinct(issues.c.case_id)))
        .select_from(
            issues.join(cases, cases.c.id == issues.c.case_id)
            .outerjoin(teams, teams.c.id == issues.c.team_id)
            .outerjoin(directorates, directorates.c.id == teams.c.directorate_id)
        )
        .where(_complaints_received([period]))
        .group_by(name)
        .order_by(sa.func.count(sa.distinct(issues.c.case_id)).desc(), name)
    )
    return [(str(value), count) for value, count in rows]


def by_category(connection: Connection, period: Period) -> list[tuple[str, int]]:
    rows = connection.execute(
        sa.select(issues.c.category, sa.func.count())
        .select_from(issues.join(cases, cases.c.id == issues.c.case_id))
        .where(_complaints_received([period]))
        .group_by(issues.c.category)
        .order_by(sa.func.count().desc(), issues.c.category)
    )
    return [(str(value), count) for value, count in rows]


def _responded(period: Period) -> sa.ColumnElement[bool]:
    return sa.and_(
        counted(),
        cases.c.record_kind == "complaint",
        stages.c.kind.in_(RESPONSE_STAGES),
        within(stages.c.responded_on, [period]),
    )


def outcomes(connection: Connection, period: Period) -> dict[str, dict[str, int]]:
    """stage kind -> outcome -> complaints."""
    found: dict[str, dict[str, int]] = {}
    for kind, outcome, count in connection.execute(
        sa.select(stages.c.kind, stages.c.outcome, sa.func.count())
        .select_from(stages.join(cases, cases.c.id == stages.c.case_id))
        .where(_responded(period))
        .group_by(stages.c.kind, stages.c.outcome)
    ):
        found.setdefault(str(kind), {})[str(outcome or "not_recorded")] = count
    return found


def issue_outcome_counts(connection: Connection, period: Period) -> dict[str, dict[str, int]]:
    """stage kind -> outcome -> issues."""
    found: dict[str, dict[str, int]] = {}
    for kind, outcome, count in connection.execute(
        sa.select(stages.c.kind, issue_outcomes.c.outcome, sa.func.count())
        .select_from(
            issue_outcomes.join(stages, stages.c.id == issue_outcomes.c.stage_id).join(
                cases, cases.c.id == stages.c.case_id
            )
        )
        .where(_responded(period))
        .group_by(stages.c.kind, issue_outcomes.c.outcome)
    ):
        found.setdefault(str(kind), {})[str(outcome)] = count
    return found


def upheld_themes(connection: Connection, period: Period) -> list[tuple[str, int]]:
    rows = connection.execute(
        sa.select(issues.c.category, sa.func.count(sa.distinct(issues.c.id)))
        .select_from(
            issue_outcomes.join(stages, stages.c.id == issue_outcomes.c.stage_id)
            .join(cases, cases.c.id == stages.c.case_id)
            .join(issues, issues.c.id == issue_outcomes.c.issue_id)
        )
        .where(_responded(period), issue_outcomes.c.outcome.in_(UPHELD))
        .group_by(issues.c.category)
        .order_by(sa.func.count(sa.distinct(issues.c.id)).desc(), issues.c.category)
    )
    return [(str(value), count) for value, count in rows]


@dataclass
class StageCase:
    reference: str
    stage: str
    opened_on: str
    responded_on: str
    working_days: int | None
    outcome: str
    teams: str
    escalated: str


def stage_cases(connection: Connection, period: Period) -> tuple[list[StageCase], int]:
    """Stage 2 and 3 complaints answered in the period or open at its end (at most
    CASE_LIST_LIMIT listed), and how many there are in all."""
    later = stages.alias("later")
    relevant = sa.and_(
        counted(),
        stages.c.kind.in_(("statutory_2", "statutory_3")),
        sa.or_(
            within(stages.c.responded_on, [period]),
            sa.and_(
                stages.c.opened_on <= period.end,
                sa.or_(stages.c.responded_on.is_(None), stages.c.responded_on > period.end),
            ),
        ),
    )
    escalated_further = sa.exists().where(
        later.c.case_id == stages.c.case_id,
        later.c.opened_on >= stages.c.opened_on,
        later.c.id != stages.c.id,
    )
    to_lgsco = sa.exists().where(lgsco.c.case_id == stages.c.case_id)
    joined = stages.join(cases, cases.c.id == stages.c.case_id)
    total = connection.execute(
        sa.select(sa.func.count()).select_from(joined).where(relevant)
    ).scalar_one()
    rows = list(
        connection.execute(
            sa.select(
                stages.c.case_id,
                cases.c.reference,
                stages.c.kind,
                stages.c.opened_on,
                stages.c.responded_on,
                stages.c.working_days_taken,
                stages.c.outcome,
                escalated_further,
                to_lgsco,
            )
            .select_from(joined)
            .where(relevant)
            .order_by(stages.c.kind, stages.c.opened_on, cases.c.reference)
            .limit(CASE_LIST_LIMIT)
        )
    )
    team_names: dict[int, list[str]] = {}
    if rows:
        for case_id, name in connection.execute(
            sa.select(issues.c.case_id, sa.func.coalesce(teams.c.name, issues.c.team_id))
            .outerjoin(teams, teams.c.id == issues.c.team_id)
            .where(issues.c.case_id.in_([row.case_id for row in rows]))
            .distinct()
        ):
            if name and name not in team_names.setdefault(case_id, []):
                team_names[case_id].append(str(name))
    listed = [
        StageCase(
            reference=row.reference,
            stage=str(row.kind),
            opened_on=_day(row.opened_on),
            responded_on=_day(row.responded_on) or "not yet",
            working_days=row.working_days_taken,
            outcome=str(row.outcome) if row.outcome else "",
            teams=", ".join(sorted(team_names.get(row.case_id, []))),
            escalated=("Next stage" if row[7] else ("LGSCO" if row[8] else "No")),
        )
        for row in rows
    ]
    return listed, total


def lgsco_decisions(connection: Connection, period: Period) -> list[tuple[str, int, float]]:
    rows = connection.execute(
        sa.select(lgsco.c.decision, sa.func.count(), sa.func.sum(lgsco.c.remedy_cost_pence))
        .select_from(lgsco.join(cases, cases.c.id == lgsco.c.case_id))
        .where(counted(), within(lgsco.c.decided_on, [period]))
        .group_by(lgsco.c.decision)
        .order_by(sa.func.count().desc(), lgsco.c.decision)
    )
    return [
        (str(decision or "not_recorded"), count, (cost or 0) / 100)
        for decision, count, cost in rows
    ]


def lgsco_recommendation_status(connection: Connection, period: Period) -> list[tuple[str, int]]:
    rows = connection.execute(
        sa.select(recommendations.c.status, sa.func.count())
        .select_from(recommendations.join(lgsco, lgsco.c.id == recommendations.c.lgsco_case_id))
        .where(within(lgsco.c.decided_on, [period]))
        .group_by(recommendations.c.status)
        .order_by(recommendations.c.status)
    )
    return [(str(status), count) for status, count in rows]


def cost_totals(connection: Connection, periods: Sequence[Period]) -> dict[str, list[float]]:
    b = bucket(costs.c.incurred_on, periods)
    found: dict[str, list[float]] = {}
    for index, kind, pence in connection.execute(
        sa.select(b, costs.c.kind, sa.func.sum(costs.c.amount_pence))
        .select_from(costs.join(cases, cases.c.id == costs.c.case_id))
        .where(counted(), within(costs.c.incurred_on, periods))
        .group_by(b, costs.c.kind)
    ):
        if index is not None:
            found.setdefault(str(kind), [0.0] * len(periods))[int(index)] += (pence or 0) / 100
    return found


def delay_reasons(connection: Connection, period: Period) -> list[tuple[str, int]]:
    from reports.sql import deadlines, stage_deadline_join, within_extension, within_target

    late = sa.and_(
        sa.not_(sa.func.coalesce(within_target(), False)),
        sa.not_(sa.func.coalesce(within_extension(), False)),
    )
    reason = sa.func.coalesce(
        sa.func.nullif(sa.func.trim(stages.c.reason_for_delay), ""), "Not recorded"
    )
    rows = connection.execute(
        sa.select(reason, sa.func.count())
        .select_from(
            stages.join(cases, cases.c.id == stages.c.case_id).outerjoin(
                deadlines, stage_deadline_join()
            )
        )
        .where(_responded(period), late)
        .group_by(reason)
        .order_by(sa.func.count().desc(), reason)
        .limit(11)
    )
    return [(str(text), count) for text, count in rows]


def learning_by_stage(connection: Connection, period: Period) -> dict[str, dict[str, int]]:
    """stage (or "ombudsman") -> status -> actions."""
    where = sa.func.coalesce(learning.c.stage, learning.c.source)
    found: dict[str, dict[str, int]] = {}
    for stage, status, count in connection.execute(
        sa.select(where, learning.c.status, sa.func.count())
        .select_from(learning.join(cases, cases.c.id == learning.c.case_id))
        .where(counted(), within(learning.c.identified_on, [period]))
        .group_by(where, learning.c.status)
    ):
        found.setdefault(str(stage or "not_recorded"), {})[str(status)] = count
    return found


def upheld_without_learning(
    connection: Connection, period: Period
) -> tuple[list[tuple[str, str]], int]:
    """(reference, stage) of upheld complaints with no learning recorded, and the total."""
    no_learning = ~sa.exists().where(learning.c.case_id == stages.c.case_id)
    where = sa.and_(_responded(period), stages.c.outcome.in_(UPHELD), no_learning)
    joined = stages.join(cases, cases.c.id == stages.c.case_id)
    total = connection.execute(
        sa.select(sa.func.count()).select_from(joined).where(where)
    ).scalar_one()
    rows = connection.execute(
        sa.select(cases.c.reference, stages.c.kind)
        .select_from(joined)
        .where(where)
        .order_by(stages.c.responded_on, cases.c.reference)
        .limit(CASE_LIST_LIMIT)
    )
    return [(reference, str(kind)) for reference, kind in rows], total


def compliments_by(connection: Connection, period: Period, column: str) -> list[tuple[str, int]]:
    """Compliments (record kind compliment) by the team or source recorded for them."""
    value = (
        sa.func.coalesce(teams.c.name, compliments.c.team_id)
        if column == "team"
        else compliments.c.source
    )
    rows = connection.execute(
        sa.select(value, sa.func.count(sa.distinct(cases.c.id)))
        .select_from(
            cases.outerjoin(compliments, compliments.c.case_id == cases.c.id).outerjoin(
                teams, teams.c.id == compliments.c.team_id
            )
        )
        .where(
            counted(), cases.c.record_kind == "compliment", within(cases.c.receipt_day, [period])
        )
        .group_by(value)
        .order_by(sa.func.count(sa.distinct(cases.c.id)).desc(), value)
    )
    return [(str(name) if name else "Not recorded", count) for name, count in rows]


def advocacy_outcomes(connection: Connection, period: Period) -> list[tuple[str, int]]:
    rows = connection.execute(
        sa.select(advocacy.c.status, sa.func.count())
        .select_from(advocacy.join(cases, cases.c.id == advocacy.c.case_id))
        .where(counted(), within(advocacy.c.offered_on, [period]))
        .group_by(advocacy.c.status)
        .order_by(advocacy.c.status)
    )
    return [(str(status), count) for status, count in rows]


def earliest_day(connection: Connection) -> object:
    return connection.execute(sa.select(sa.func.min(cases.c.receipt_day)).where(counted())).scalar()


def _day(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)  # or SQLite's text
