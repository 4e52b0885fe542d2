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

from store.reports.sql import cases, count_if, counted, stages


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
