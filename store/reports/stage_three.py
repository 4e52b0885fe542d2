"""Stage 3's steps, each against its own clock (cases.timescales.STAGE_THREE_CLOCKS): the
review panel within 30 working days of the request, the chair's report within 5 of the panel,
the council's response within 15 of the report. Counted over every stage 3 of every counted
complaint: the steps taken per day, how many by their due day, and the steps still to be taken
past their due day at each period's end, which are late whatever happens next."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from cases.enums import DeadlineRule
from store.reports.sql import (
    Span,
    StageKinds,
    cases,
    count_if,
    counted,
    deadlines,
    of_kinds,
    stages,
    within,
)

# The clocks of cases.timescales.STAGE_THREE_CLOCKS (store may not read the timescales).
STEP_RULES = tuple(
    rule.value
    for rule in (
        DeadlineRule.STAGE_3_PANEL,
        DeadlineRule.PANEL_REPORT,
        DeadlineRule.COUNCIL_RESPONSE,
    )
)


class StepsTaken(NamedTuple):
    rule: str  # a DeadlineRule value of STEP_RULES
    day: date  # the day the step was taken (the panel met, the report came, the response went)
    taken: int
    in_time: int | None  # on or before the due day (an extended one, if extended)


def _effective_due() -> ColumnElement[date]:
    return sa.func.coalesce(deadlines.c.extended_to, deadlines.c.due_on)


def _of_stage_three(kinds: StageKinds) -> sa.Select[tuple[object, ...]]:
    """The steps' deadlines that still apply, on stage 3s of the kinds of record counted."""
    return (
        sa.select()
        .select_from(
            deadlines.join(stages, stages.c.id == deadlines.c.stage_id).join(
                cases, cases.c.id == stages.c.case_id
            )
        )
        .where(
            counted(),
            of_kinds(kinds),
            deadlines.c.rule.in_(STEP_RULES),
            deadlines.c.cancelled.is_(False),
        )
    )


def steps_taken(
    connection: Connection, periods: Sequence[Span], kinds: StageKinds
) -> list[StepsTaken]:
    """Stage 3 steps taken per day, by step, with how many were in time."""
    rows = connection.execute(
        _of_stage_three(kinds)
        .add_columns(
            deadlines.c.rule,
            deadlines.c.met_on,
            sa.func.count(),
            count_if(deadlines.c.met_on <= _effective_due()),
        )
        .where(within(deadlines.c.met_on, periods))
        .group_by(deadlines.c.rule, deadlines.c.met_on)
    )
    return [StepsTaken(*row) for row in rows]


def overdue_at(
    connection: Connection, days: Sequence[date], kinds: StageKinds
) -> dict[date, dict[str, int]]:
    """Day -> step -> steps not yet taken at the end of that day though due before it."""
    days = sorted(set(days))
    if not days:
        return {}

    def overdue_on(day: date) -> ColumnElement[bool]:
        return sa.and_(
            _effective_due() < day,
            sa.or_(deadlines.c.met_on.is_(None), deadlines.c.met_on > day),
        )

    rows = connection.execute(
        _of_stage_three(kinds)
        .add_columns(deadlines.c.rule, *(count_if(overdue_on(day)) for day in days))
        .where(
            deadlines.c.due_on < days[-1],
            sa.or_(deadlines.c.met_on.is_(None), deadlines.c.met_on > days[0]),
        )
        .group_by(deadlines.c.rule)
    )
    found: dict[date, dict[str, int]] = {day: {} for day in days}
    for rule, *counts in rows:
        for day, count in zip(days, counts, strict=True):
            if count:
                found[day][str(rule)] = int(count)
    return found
