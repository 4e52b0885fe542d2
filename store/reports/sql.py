"""SQL building blocks the report queries share, portable between SQLite and PostgreSQL.

Every figure is counted by the database (GROUP BY), once for all the periods a table shows, so
one scan serves the current year and the seven before it. The large tables (cases, stages) are
counted per day (GROUP BY the date column itself, a few thousand rows back) and the caller adds
the days up into periods (reports.periods.PeriodOf): SQLite then walks a covering index in order
and never sorts, where a CASE per row naming the period would cost more than the scan. Small
tables use `bucket`, the period's index computed in SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from store.models import (
    Advocacy,
    Case,
    CaseExample,
    Compliment,
    Cost,
    Deadline,
    Directorate,
    Issue,
    IssueOutcome,
    LearningAction,
    LgscoCase,
    LgscoRecommendation,
    Remedy,
    Stage,
    Team,
)
from store.types import table_of

cases = table_of(Case)
stages = table_of(Stage)
deadlines = table_of(Deadline)
issues = table_of(Issue)
teams = table_of(Team)
directorates = table_of(Directorate)
lgsco = table_of(LgscoCase)
costs = table_of(Cost)
compliments = table_of(Compliment)
learning = table_of(LearningAction)
advocacy = table_of(Advocacy)
issue_outcomes = table_of(IssueOutcome)
recommendations = table_of(LgscoRecommendation)
remedies = table_of(Remedy)
examples = table_of(CaseExample)


class Span(Protocol):
    """A run of days, both ends included (a reports.periods.Period)."""

    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...


def _day(value: object) -> ColumnElement[object]:
    # Dates are written into the SQL text, not bound: PostgreSQL (server-side parameters)
    # would otherwise see the CASE in SELECT and in GROUP BY as two different expressions.
    return sa.literal_column(f"'{value}'")


def bucket(column: ColumnElement[object], periods: Sequence[Span]) -> ColumnElement[int]:
    """The index in `periods` of the period `column` falls in (NULL when in none)."""
    return sa.case(
        *[
            (sa.and_(column >= _day(p.start), column <= _day(p.end)), sa.literal_column(str(i)))
            for i, p in enumerate(periods)
        ],
        else_=sa.null(),
    )


# Records whose statutory and corporate stages count as complaints' stages: a pre-complaint the
# family took to a formal complaint keeps its kind (it is counted once as a pre-complaint) and
# counts at each formal stage it reaches (a professional complaint's stage 1 does not).
FORMAL_STAGE_RECORD_KINDS = ("complaint", "pre_complaint")
# (record kind, stage kind): a stage of that kind on a record of that kind is counted; the
# stage kinds are distinct, so the stage kind alone names the pair in the rows returned.
StageKinds = Sequence[tuple[str, str]]


def of_kinds(kinds: StageKinds) -> ColumnElement[bool]:
    """Stages of the given kinds of record (a professional complaint's statutory stage 1 is not
    a stage 1 complaint)."""
    return sa.and_(
        stages.c.kind.in_([stage_kind for _, stage_kind in kinds]),
        sa.tuple_(cases.c.record_kind, stages.c.kind).in_(list(kinds)),
    )


def within(column: ColumnElement[object], periods: Sequence[Span]) -> ColumnElement[bool]:
    """`column` falls in the span of all the periods (lets the database use an index)."""
    return column.between(min(p.start for p in periods), max(p.end for p in periods))


def counted() -> ColumnElement[bool]:
    """Automated mail (auto-replies, bounces) is kept apart and never counted."""
    return cases.c.automated.is_(False)


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return sa.func.sum(sa.case((condition, 1), else_=0))


def response_rule_of_stage() -> ColumnElement[str]:
    """The deadline a stage's response is judged on: its own clock, except at statutory stage
    3, where the panel and the chair's report come first and the stage is in time when the
    council's response to the panel is (cases.timescales.response_rule)."""
    return sa.case((stages.c.kind == "statutory_3", "council_response"), else_=stages.c.kind)


def stage_deadline_join() -> ColumnElement[bool]:
    """The stage's response deadline (response_rule_of_stage). A stage's deadlines belong to
    its case, and saying so lets PostgreSQL merge stages, their cases and their deadlines in
    case order, three index-only scans (ix_stage_case_report, ix_case_report_join,
    ix_deadline_case_stage), instead of hashing a million rows twice."""
    return sa.and_(
        deadlines.c.case_id == stages.c.case_id,
        deadlines.c.stage_id == stages.c.id,
        deadlines.c.rule == response_rule_of_stage(),
        deadlines.c.cancelled.is_(False),
    )


def first_of_its_kind() -> ColumnElement[bool]:
    """The case's first stage of this kind. A stage opened again on the same case (the
    Ombudsman sent the complaint back as premature, and it restarts at a stage it had reached)
    is the same complaint, not a new one received."""
    earlier = stages.alias("earlier")
    return ~sa.exists().where(
        earlier.c.case_id == stages.c.case_id,
        earlier.c.kind == stages.c.kind,
        earlier.c.id < stages.c.id,
    )


def within_target() -> ColumnElement[bool]:
    return stages.c.responded_on <= deadlines.c.due_on


def within_extension() -> ColumnElement[bool]:
    """Answered after the target but by an extended date that was agreed in time (on or before
    the original due date; no agreement date recorded: the council's own extension)."""
    return sa.and_(
        stages.c.responded_on > deadlines.c.due_on,
        deadlines.c.extended_to.is_not(None),
        sa.or_(
            deadlines.c.extension_agreed_on.is_(None),
            deadlines.c.extension_agreed_on <= deadlines.c.due_on,
        ),
        stages.c.responded_on <= deadlines.c.extended_to,
    )


def late() -> ColumnElement[bool]:
    """Neither within the target nor within an extension agreed in time (no deadline: late)."""
    return sa.and_(
        sa.not_(sa.func.coalesce(within_target(), False)),
        sa.not_(sa.func.coalesce(within_extension(), False)),
    )
