"""Stages running across a period's ends: carried over from the year before (open on its
first day) and still open on its last. A stage has ended when it was answered; one never
answered ended when it was left for the next stage (superseded) or its case was closed or
withdrawn."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from store.reports.sql import Span, StageKinds, cases, count_if, counted, of_kinds, stages


def _open_on(day: date) -> ColumnElement[bool]:
    """The stage was open at the end of `day`."""
    after = datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)
    return sa.and_(
        stages.c.opened_on <= day,
        sa.or_(
            stages.c.responded_on > day,  # answered later: open that day whatever else
            sa.and_(
                stages.c.responded_on.is_(None),
                sa.or_(stages.c.superseded_on.is_(None), stages.c.superseded_on > day),
                sa.or_(cases.c.closed_at.is_(None), cases.c.closed_at >= after),
            ),
        ),
    )


def open_at(
    connection: Connection, days: Sequence[date], kinds: list[tuple[str, str]]
) -> dict[date, dict[str, int]]:
    """Day -> stage kind -> stages open at the end of that day, for the (record kind, stage
    kind) pairs given. One pass over the stages for all the days (the annual report asks for
    three: the ends of the year, of the year before and of the one before that), reading only
    the stages opened by the last day and not answered by the first."""
    days = sorted(set(days))
    if not days:
        return {}
    rows = connection.execute(
        sa.select(stages.c.kind, *(count_if(_open_on(day)) for day in days))
        .select_from(stages.join(cases, cases.c.id == stages.c.case_id))
        .where(
            counted(),
            stages.c.opened_on <= days[-1],
            sa.or_(stages.c.responded_on > days[0], stages.c.responded_on.is_(None)),
            sa.tuple_(cases.c.record_kind, stages.c.kind).in_(kinds),
        )
        .group_by(stages.c.kind)
    )
    found: dict[date, dict[str, int]] = {day: {} for day in days}
    for kind, *counts in rows:
        for day, count in zip(days, counts, strict=True):
            if count:
                found[day][str(kind)] = int(count)
    return found


def withdrawn(
    connection: Connection, periods: Sequence[Span], kinds: StageKinds
) -> list[tuple[str, date]]:
    """(stage kind, day) for each stage left unanswered because its case was withdrawn in the
    periods: casework.closing.withdraw marks the stage then running 'withdrawn', with no response,
    and closes the case. Counted by the day the case closed (UTC, as open_at counts), so a
    stage's carried over, received, answered, withdrawn and open at the end add up."""
    start = datetime.combine(min(p.start for p in periods), time(0), tzinfo=UTC)
    end = datetime.combine(max(p.end for p in periods) + timedelta(days=1), time(0), tzinfo=UTC)
    rows = connection.execute(
        sa.select(stages.c.kind, cases.c.closed_at)
        .select_from(stages.join(cases, cases.c.id == stages.c.case_id))
        .where(
            counted(),
            of_kinds(kinds),
            stages.c.outcome == "withdrawn",
            stages.c.responded_on.is_(None),
            cases.c.closed_at >= start,
            cases.c.closed_at < end,
        )
    )
    return [(str(kind), _utc_day(closed)) for kind, closed in rows]


def _utc_day(moment: datetime) -> date:
    """SQLite gives the stored UTC moment back without its zone; PostgreSQL with it."""
    return (moment if moment.tzinfo is None else moment.astimezone(UTC)).date()
