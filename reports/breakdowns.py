"""The report's tables that break figures down (by team, category, outcome, reason…), each one
GROUP BY query in the database (store.reports.breakdowns). Definitions live here, beside the
labels the queries' rows are given."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from reports.metric_registry import PRE_COMPLAINTS_TAKEN_ON
from reports.periods import Period
from store.reports import breakdowns as queries
from store.reports.breakdowns import (
    CASE_LIST_LIMIT,
    COMPLAINT_ROUTES,
    RESPONSE_STAGES,
    UPHELD,
    advocacy_outcomes,
    by_category,
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
    "advocacy_outcomes",
    "by_category",
    "compliments_by",
    "delay_reasons",
    "earliest_day",
    "issue_outcome_counts",
    "learning_by_stage",
    "lgsco_recommendation_status",
    "outcomes",
    "remedies_by_stage",
    "upheld_themes",
    "upheld_without_learning",
]

DEFINITIONS = {
    "not_logged": "Contacts received in the period that were not logged as complaints, by the "
    "reason recorded.",
    "complainant_types": "Complaints received in the period, by who made them."
    + PRE_COMPLAINTS_TAKEN_ON,
    "channels": "Complaints received in the period, by how they reached the council."
    + PRE_COMPLAINTS_TAKEN_ON,
    "teams": "Complaints received in the period, by team: a complaint with issues for several "
    "teams counts once for each team, and once only however many issues a team has."
    + PRE_COMPLAINTS_TAKEN_ON,
    "directorates": "Complaints received in the period, by directorate (once per directorate)."
    + PRE_COMPLAINTS_TAKEN_ON,
    "categories": "Issues raised in complaints received in the period, by category "
    "(a complaint may raise several)." + PRE_COMPLAINTS_TAKEN_ON,
    "outcomes": "Complaints responded to in the period, by the outcome of the stage, with the "
    "percentage of those responded to at that stage.",
    "issue_outcomes": "Issues in complaints responded to in the period, by the outcome for "
    "that issue at that stage.",
    "remedies_by_stage": "Complaints responded to in the period, by each remedy the response "
    "recorded, as a percentage of those responded to at that stage. A response may record "
    "several remedies (an explanation and an apology), so a stage's percentages may add up to "
    "more than 100%.",
    "upheld_themes": "Issues upheld or partially upheld at a stage responded to in the period, "
    "by category: each issue once, however many of its stages upheld it in the period.",
    "stage_cases": "Stage 2 and stage 3 complaints responded to in the period, or still open "
    "at the end of it.",
    "lgsco_decisions": "LGSCO decisions made in the period, by finding.",
    "lgsco_recommendations": "Recommendations in LGSCO decisions made in the period, by "
    "whether the council has carried them out.",
    "costs": "Costs incurred in the period, by kind, in pounds.",
    "delay_reasons": "Complaints responded to late in the period, by the reason for the delay "
    "recorded (the 10 most frequent). Pre-complaints answered late are not counted in this "
    "table.",
    "learning": "Learning actions identified in the period, by the stage that identified them "
    "and their status now.",
    "no_learning": "Complaints upheld or partially upheld at a stage responded to in the "
    "period with no learning action recorded, each once with the stages that upheld it.",
    "compliment_teams": "Compliments received in the period, by the team praised.",
    "compliment_sources": "Compliments received in the period, by who sent them.",
    "compliment_themes": "Compliments received in the period, by what they praise (the "
    "category of each thing triage found in them): a compliment praising two things is counted "
    "under each, so the rows may add up to more than the compliments received.",
    "advocacy": "Advocacy offers staff recorded as made in the period, by what came of them "
    "(advocacy.recorded in metrics.json). Complaints marked as owed an offer, whose letters "
    "tell them about advocacy, are counted apart (advocacy.flagged).",
    "upheld_by_team": "Complaints received in the period, by team (once per team), with how "
    "many were answered at the first stage (statutory or corporate stage 1) and how many of "
    "those had an issue for that team upheld or partially upheld there; % of those answered.",
    "upheld_by_directorate": "Complaints received in the period, by directorate (once per "
    "directorate), with how many were answered at the first stage and how many had an issue "
    "for that directorate upheld or partially upheld there; % of those answered.",
    "teams_by_route": "Complaints received in the period under this procedure, by team (once "
    "per team): fault found means an issue for that team upheld or partially upheld at the "
    "first stage; escalated means the complaint went on to stage 2.",
    "response_bands_by_directorate": "First-stage responses (statutory or corporate stage 1) "
    "in the period, by directorate (once per directorate) and working days from the start of "
    "the stage; % of those with their working days recorded answered within 20.",
    "compensation_by_route": "Compensation and remedies the Ombudsman asked for, as recorded "
    "in the period (not known to have been paid), by the procedure the complaint followed, "
    "with the number of cases.",
    "complaint_examples": "Complaints received in the period that staff chose as examples, in "
    "their own anonymised words, with the categories of the issues raised and the teams "
    "answering them.",
    "compliment_examples": "Compliments received in the period that staff chose as examples, in "
    "their own anonymised words, with the team praised and who sent them.",
    "learning_list": "Learning actions identified in the period, and those from earlier "
    "periods not yet implemented at its start: the period's own first, each in the order "
    "identified.",
    "corporate_stage2_cases": "Corporate stage 2 complaints answered in the period or open at "
    "the end of it, with the remedies recorded at stage 2.",
    "lgsco_decision_list": "The Ombudsman's decisions made in the period and its enquiries "
    "still open at the end of it, with the Ombudsman's reference.",
    "lgsco_recommendation_list": "Recommendations from the Ombudsman's decisions made in the "
    "period, due in it, or outstanding at its end; met means completed on or before the date "
    "the Ombudsman set.",
}


def outcomes(connection: Connection, period: Period) -> dict[str, dict[str, int]]:
    """stage kind -> outcome -> complaints."""
    found: dict[str, dict[str, int]] = {}
    for kind, outcome, count in queries.outcomes(connection, period):
        found.setdefault(str(kind), {})[str(outcome or "not_recorded")] = count
    return found


def remedies_by_stage(connection: Connection, period: Period) -> dict[str, dict[str, int]]:
    """stage kind -> remedy kind -> complaints whose response recorded it."""
    found: dict[str, dict[str, int]] = {}
    for kind, remedy, count in queries.remedies_by_stage(connection, period):
        found.setdefault(kind, {})[remedy] = count
    return found


def issue_outcome_counts(connection: Connection, period: Period) -> dict[str, dict[str, int]]:
    """stage kind -> outcome -> issues."""
    found: dict[str, dict[str, int]] = {}
    for kind, outcome, count in queries.issue_outcome_counts(connection, period):
        found.setdefault(str(kind), {})[str(outcome)] = count
    return found


def learning_by_stage(connection: Connection, period: Period) -> dict[str, dict[str, int]]:
    """stage (or "ombudsman") -> status -> actions."""
    found: dict[str, dict[str, int]] = {}
    for stage, status, count in queries.learning_by_stage(connection, period):
        found.setdefault(str(stage or "not_recorded"), {})[str(status)] = count
    return found


def compliments_by_theme(connection: Connection, period: Period) -> list[tuple[str, int]]:
    """Compliments by the category of what they praise (one compliment may praise two)."""
    found = queries.compliments_by_theme(connection, period)
    # Largest first; among equals by name, nothing recorded last (the engines order NULL apart).
    ordered = sorted(found, key=lambda row: (-row[1], row[0] is None, row[0] or ""))
    return [(name or "not_recorded", count) for name, count in ordered]


def compliments_by(connection: Connection, period: Period, column: str) -> list[tuple[str, int]]:
    """Compliments (record kind compliment) by the team or source recorded for them."""
    return [
        (str(name) if name else "Not recorded", count)
        for name, count in queries.compliments_by(connection, period, column)
    ]
