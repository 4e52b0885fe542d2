"""Stages running across a period's ends: carried over from the year before (open on its
first day) and still open on its last. A stage has ended when it was answered; one never
answered ended when it was left for the next stage (superseded) or its case was closed or
withdrawn."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from store.reports.sql import cases, counted, stages


def open_at(connection: Connection, day: date, kinds: list[tuple[str, str]]) -> dict[str, int]:
    """Stage kind -> stages open at the end of `day`, for the (record kind, stage kind) pairs
    given. Looks only at stages not answered by then (ix_stage_responded)."""
    after = datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)
    rows = connection.execute(
        sa.select(stages.c.kind, sa.func.count())
        .select_from(stages.join(cases, cases.c.id == stages.c.case_id))
        .where(
            counted(),
            stages.c.opened_on <= day,
            sa.or_(
                stages.c.responded_on > day,  # answered later: open that day whatever else
                sa.and_(
                    stages.c.responded_on.is_(None),
                    sa.or_(stages.c.superseded_on.is_(None), stages.c.superseded_on > day),
                    sa.or_(cases.c.closed_at.is_(None), cases.c.closed_at >= after),
                ),
            ),
            sa.tuple_(cases.c.record_kind, stages.c.kind).in_(kinds),
        )
        .group_by(stages.c.kind)
    )
    return {str(kind): count for kind, count in rows}
