"""The report's tables that break figures down (by team, category, outcome, reason…), each one
GROUP BY query (reports.breakdowns defines and labels them). Each counts complaints of one
period; the costs count several."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from store.reports.sql import (
    FORMAL_STAGE_RECORD_KINDS,
    Span,
    advocacy,
    cases,
    compliments,
    counted,
    deadlines,
    issue_outcomes,
    issues,
    late,
    learning,
    lgsco,
    recommendations,
    remedies,
    stage_deadline_join,
    stages,
    teams,
    within,
)
from store.reports.trends import CaseIds, among, complaints_received

COMPLAINT_ROUTES = ("statutory", "corporate")
RESPONSE_STAGES = ("statutory_1", "statutory_2", "statutory_3", "corporate_1", "corporate_2")
UPHELD = ("upheld", "partially_upheld")
CASE_LIST_LIMIT = 500


def by_category(connection: Connection, period: Span, span: CaseIds) -> list[tuple[str, int]]:
    """Issues of the complaints received in the period by category (`span`: those complaints'
    ids, trends.complaints_span)."""
    rows = connection.execute(
        sa.select(issues.c.category, sa.func.count())
        .select_from(issues.join(cases, cases.c.id == issues.c.case_id))
        .where(complaints_received([period]), among(issues.c.case_id, span))
        .group_by(issues.c.category)
        .order_by(sa.func.count().desc(), issues.c.category)
    )
    return [(str(value), count) for value, count in rows]


def _responded(period: Span) -> sa.ColumnElement[bool]:
    return sa.and_(
        counted(),
        cases.c.record_kind.in_(FORMAL_STAGE_RECORD_KINDS),
        stages.c.kind.in_(RESPONSE_STAGES),
        within(stages.c.responded_on, [period]),
    )


def outcomes(connection: Connection, period: Span) -> list[tuple[str, str | None, int]]:
    """(stage kind, outcome, complaints)."""
    rows = connection.execute(
        sa.select(stages.c.kind, stages.c.outcome, sa.func.count())
        .select_from(stages.join(cases, cases.c.id == stages.c.case_id))
        .where(_responded(period))
        .group_by(stages.c.kind, stages.c.outcome)
    )
    return [(kind, outcome, count) for kind, outcome, count in rows]


def issue_outcome_counts(connection: Connection, period: Span) -> list[tuple[str, str, int]]:
    """(stage kind, outcome, issues)."""
    rows = connection.execute(
        sa.select(stages.c.kind, issue_outcomes.c.outcome, sa.func.count())
        .select_from(
            issue_outcomes.join(stages, stages.c.id == issue_outcomes.c.stage_id).join(
                cases, cases.c.id == stages.c.case_id
            )
        )
        .where(_responded(period))
        .group_by(stages.c.kind, issue_outcomes.c.outcome)
    )
    return [(kind, outcome, count) for kind, outcome, count in rows]


def remedies_by_stage(connection: Connection, period: Span) -> list[tuple[str, str, int]]:
    """(stage kind, remedy kind, complaints whose response at that stage recorded it, once
    each however many of its issues it was for), over the responses the outcome tables count."""
    rows = connection.execute(
        sa.select(stages.c.kind, remedies.c.kind, sa.func.count(sa.distinct(stages.c.id)))
        .select_from(
            # By the case too, always the stage's: SQLite then finds a stage's remedies by
            # ix_remedy_case_id instead of reading every remedy for each stage (remedy.stage_id
            # has no index; the figures are in 0b5a650's message).
            stages.join(cases, cases.c.id == stages.c.case_id).join(
                remedies,
                sa.and_(
                    remedies.c.case_id == stages.c.case_id, remedies.c.stage_id == stages.c.id
                ),
            )
        )
        .where(_responded(period))
        .group_by(stages.c.kind, remedies.c.kind)
    )
    return [(str(stage), str(remedy), count) for stage, remedy, count in rows]


def upheld_themes(connection: Connection, period: Span) -> list[tuple[str, int]]:
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


@dataclass(frozen=True)
class StageCase:
    """A stage 2 or 3 complaint as the report lists it."""

    reference: str
    kind: str  # a StageKind value
    opened_on: date | str  # SQLite may give dates back as text
    responded_on: date | str | None
    working_days: int | None
    outcome: str | None
    teams: list[str]  # in the order found, each once
    escalated_further: bool  # a later stage of the same case
    to_lgsco: bool


def stage_cases(connection: Connection, period: Span) -> tuple[list[StageCase], int]:
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
    total: int = connection.execute(
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
            kind=row.kind,
            opened_on=row.opened_on,
            responded_on=row.responded_on,
            working_days=row.working_days_taken,
            outcome=row.outcome,
            teams=team_names.get(row.case_id, []),
            escalated_further=bool(row[7]),
            to_lgsco=bool(row[8]),
        )
        for row in rows
    ]
    return listed, total


def lgsco_recommendation_status(connection: Connection, period: Span) -> list[tuple[str, int]]:
    rows = connection.execute(
        sa.select(recommendations.c.status, sa.func.count())
        .select_from(recommendations.join(lgsco, lgsco.c.id == recommendations.c.lgsco_case_id))
        .where(within(lgsco.c.decided_on, [period]))
        .group_by(recommendations.c.status)
        .order_by(recommendations.c.status)
    )
    return [(str(status), count) for status, count in rows]


def delay_reasons(connection: Connection, period: Span) -> list[tuple[str, int]]:
    """Complaints answered late in the period by the reason recorded (the 11 most frequent)."""
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
        .where(_responded(period), late())
        .group_by(reason)
        .order_by(sa.func.count().desc(), reason)
        .limit(11)
    )
    return [(str(text), count) for text, count in rows]


def learning_by_stage(connection: Connection, period: Span) -> list[tuple[str | None, str, int]]:
    """(stage, or the source when there is none, status, learning actions)."""
    # Plain text: a stage kind or a source ("ombudsman"), not one enum's values.
    where = sa.func.coalesce(learning.c.stage, learning.c.source, type_=sa.String)
    rows = connection.execute(
        sa.select(where, learning.c.status, sa.func.count())
        .select_from(learning.join(cases, cases.c.id == learning.c.case_id))
        .where(counted(), within(learning.c.identified_on, [period]))
        .group_by(where, learning.c.status)
    )
    return [(stage, status, count) for stage, status, count in rows]


def upheld_without_learning(
    connection: Connection, period: Span
) -> tuple[list[tuple[str, list[str]]], int]:
    """(reference, the stages that upheld it in the period) of each upheld complaint with no
    learning recorded, listed once however many of its stages upheld it (at most
    CASE_LIST_LIMIT, by the first of those responses), and how many there are."""
    no_learning = ~sa.exists().where(learning.c.case_id == stages.c.case_id)
    where = sa.and_(_responded(period), stages.c.outcome.in_(UPHELD), no_learning)
    joined = stages.join(cases, cases.c.id == stages.c.case_id)
    total: int = connection.execute(
        sa.select(sa.func.count(sa.distinct(stages.c.case_id))).select_from(joined).where(where)
    ).scalar_one()
    first = sa.func.min(stages.c.responded_on)
    listed = connection.execute(
        sa.select(cases.c.id, cases.c.reference)
        .select_from(joined)
        .where(where)
        .group_by(cases.c.id, cases.c.reference)
        .order_by(first, cases.c.reference)
        .limit(CASE_LIST_LIMIT)
    ).all()
    kinds: dict[int, list[str]] = {case_id: [] for case_id, _ in listed}
    for case_id, kind in connection.execute(
        sa.select(stages.c.case_id, stages.c.kind)
        .select_from(joined)
        .where(where, stages.c.case_id.in_(list(kinds)))
        .order_by(stages.c.responded_on, stages.c.id)
    ):
        kinds[case_id].append(str(kind))
    return [(reference, kinds[case_id]) for case_id, reference in listed], total


def compliments_by(
    connection: Connection, period: Span, column: str
) -> list[tuple[str | None, int]]:
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
    return [(name, count) for name, count in rows]


def compliments_by_theme(connection: Connection, period: Span) -> list[tuple[str | None, int]]:
    """Compliments by what they praise: the category of each thing triage found in them (a
    compliment praising two things counts once under each; None: nothing found)."""
    count = sa.func.count(sa.distinct(cases.c.id))
    rows = connection.execute(
        sa.select(issues.c.category, count)
        .select_from(cases.outerjoin(issues, issues.c.case_id == cases.c.id))
        .where(
            counted(), cases.c.record_kind == "compliment", within(cases.c.receipt_day, [period])
        )
        .group_by(issues.c.category)
        .order_by(count.desc(), issues.c.category)
    )
    return [(None if category is None else str(category), n) for category, n in rows]


def advocacy_outcomes(connection: Connection, period: Span) -> list[tuple[str, int]]:
    rows = connection.execute(
        sa.select(advocacy.c.status, sa.func.count())
        .select_from(advocacy.join(cases, cases.c.id == advocacy.c.case_id))
        .where(counted(), within(advocacy.c.offered_on, [period]))
        .group_by(advocacy.c.status)
        .order_by(advocacy.c.status)
    )
    return [(str(status), count) for status, count in rows]
