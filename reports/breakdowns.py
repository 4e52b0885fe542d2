"""The report's tables that break figures down (by team, category, outcome, reason…), each one
GROUP BY query in the database (store.reports.breakdowns). Definitions live here, beside the
labels the queries' rows are given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Connection

from reports.periods import Period
from store.reports import breakdowns as queries
from store.reports.breakdowns import (
    CASE_LIST_LIMIT,
    COMPLAINT_ROUTES,
    RESPONSE_STAGES,
    UPHELD,
    advocacy_outcomes,
    by_case_column,
    by_category,
    by_directorate,
    by_team,
    delay_reasons,
    lgsco_recommendation_status,
    upheld_themes,
    upheld_without_learning,
)
from store.reports.reading import earliest_day

__all__ = [
    "CASE_LIST_LIMIT",
    "COMPLAINT_ROUTES",
    "DEFINITIONS",
    "RESPONSE_STAGES",
    "UPHELD",
    "StageCase",
    "advocacy_outcomes",
    "by_case_column",
    "by_category",
    "by_directorate",
    "by_team",
    "compliments_by",
    "cost_totals",
    "delay_reasons",
    "earliest_day",
    "issue_outcome_counts",
    "learning_by_stage",
    "lgsco_decisions",
    "lgsco_recommendation_status",
    "outcomes",
    "stage_cases",
    "upheld_themes",
    "upheld_without_learning",
]

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


def outcomes(connection: Connection, period: Period) -> dict[str, dict[str, int]]:
    """stage kind -> outcome -> complaints."""
    found: dict[str, dict[str, int]] = {}
    for kind, outcome, count in queries.outcomes(connection, period):
        found.setdefault(str(kind), {})[str(outcome or "not_recorded")] = count
    return found


def issue_outcome_counts(connection: Connection, period: Period) -> dict[str, dict[str, int]]:
    """stage kind -> outcome -> issues."""
    found: dict[str, dict[str, int]] = {}
    for kind, outcome, count in queries.issue_outcome_counts(connection, period):
        found.setdefault(str(kind), {})[str(outcome)] = count
    return found


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
    rows, total = queries.stage_cases(connection, period)
    listed = [
        StageCase(
            reference=row.reference,
            stage=str(row.kind),
            opened_on=_day(row.opened_on),
            responded_on=_day(row.responded_on) or "not yet",
            working_days=row.working_days,
            outcome=str(row.outcome) if row.outcome else "",
            teams=", ".join(sorted(row.teams)),
            escalated=(
                "Next stage" if row.escalated_further else ("LGSCO" if row.to_lgsco else "No")
            ),
        )
        for row in rows
    ]
    return listed, total


def lgsco_decisions(connection: Connection, period: Period) -> list[tuple[str, int, float]]:
    return [
        (str(decision or "not_recorded"), count, (cost or 0) / 100)
        for decision, count, cost in queries.lgsco_decisions(connection, period)
    ]


def cost_totals(connection: Connection, periods: Sequence[Period]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for index, kind, pence in queries.cost_totals(connection, periods):
        if index is not None:
            found.setdefault(str(kind), [0.0] * len(periods))[index] += (pence or 0) / 100
    return found


def learning_by_stage(connection: Connection, period: Period) -> dict[str, dict[str, int]]:
    """stage (or "ombudsman") -> status -> actions."""
    found: dict[str, dict[str, int]] = {}
    for stage, status, count in queries.learning_by_stage(connection, period):
        found.setdefault(str(stage or "not_recorded"), {})[str(status)] = count
    return found


def compliments_by(connection: Connection, period: Period, column: str) -> list[tuple[str, int]]:
    """Compliments (record kind compliment) by the team or source recorded for them."""
    return [
        (str(name) if name else "Not recorded", count)
        for name, count in queries.compliments_by(connection, period, column)
    ]


def _day(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)  # or SQLite's text
