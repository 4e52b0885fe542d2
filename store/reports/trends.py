"""Breakdowns over several periods at once, for the tables the seeds print year on year (who
complains, stage 1 by team, remedies, the Ombudsman's findings, historic complaints). Large
tables are counted per day (the caller adds the days up into periods, as reports.periods.PeriodOf
does); small ones per period with `bucket`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cases.enums import StageKind
from store.reports.sql import (
    Span,
    StageKinds,
    advocacy,
    bucket,
    cases,
    compliments,
    costs,
    counted,
    directorates,
    examples,
    issues,
    of_kinds,
    remedies,
    stages,
    teams,
    within,
)

COMPLAINT_ROUTES = ("statutory", "corporate")


class DayCount(NamedTuple):
    day: date
    value: str | None
    number: int


class TeamDayCount(NamedTuple):
    day: date
    route: str
    team: str
    directorate: str
    number: int


class RemedyCount(NamedTuple):
    period: int | None  # index of the period the stage's response falls in
    stage_kind: str
    remedy_kind: str
    responses: int  # stage responses recording this remedy (once each however many issues)
    amount_pence: int | None


def complaints_received(periods: Sequence[Span]) -> sa.ColumnElement[bool]:
    """Complaints (statutory or corporate) received in the span of `periods`, with each
    pre-complaint the family took to a formal stage: it is counted where it was received, as
    the stage figures count it at each formal stage it reaches (FORMAL_STAGE_RECORD_KINDS)."""
    # Both kinds by IN: two ranges of ix_case_kind_receipt, each with its days; the
    # pre-complaints read are then kept if they went further (the case's own stage: no
    # subquery, and the row is read for its route anyway).
    return sa.and_(
        counted(),
        cases.c.record_kind.in_(("complaint", "pre_complaint")),
        within(cases.c.receipt_day, periods),
        sa.or_(cases.c.record_kind == "complaint", went_formal()),
        cases.c.route.in_(COMPLAINT_ROUTES),
    )


def went_formal() -> sa.ColumnElement[bool]:
    """The case has got past an informal stage: a pre-complaint the family took further."""
    return cases.c.stage.is_not(None) & (cases.c.stage != StageKind.INFORMAL.value)


def pre_complaints_taken_on(connection: Connection, periods: Sequence[Span]) -> list[DayCount]:
    """Pre-complaints the family took on to a formal complaint, per day received and by route:
    the complaints received that `complaints_received` adds to the records of the kind
    'complaint', so the headline counts what the tables of complaints received count. Read by
    ix_case_kind_receipt, pre-complaints only."""
    rows = connection.execute(
        sa.select(cases.c.receipt_day, cases.c.route, sa.func.count())
        .where(
            counted(),
            cases.c.record_kind == "pre_complaint",
            within(cases.c.receipt_day, periods),
            went_formal(),
            cases.c.route.in_(COMPLAINT_ROUTES),
        )
        .group_by(cases.c.receipt_day, cases.c.route)
    )
    return [DayCount(day, str(route), n) for day, route, n in rows]


CaseIds = tuple[int, int] | None  # the lowest and highest id of some cases; None: there are none


def complaints_span(connection: Connection, periods: Sequence[Span]) -> CaseIds:
    """The lowest and highest id of the complaints received in `periods` (see `among`)."""
    low, high = connection.execute(
        sa.select(sa.func.min(cases.c.id), sa.func.max(cases.c.id)).where(
            complaints_received(periods)
        )
    ).one()
    return None if low is None else (int(low), int(high))


def among(column: sa.ColumnElement[int], span: CaseIds) -> sa.ColumnElement[bool]:
    """`column`, a case id, lies in `span`: true of every row of the complaints the span was
    taken from, so adding it changes no figure. It lets PostgreSQL read only that stretch of an
    index in case order (issues, stages) when it merges a year's complaints with it, where it
    read the whole index: at 1M cases, 1.1M issues and 0.9M stages for a year's 75,000
    complaints. Ids follow the order cases were recorded, so a year's complaints are mostly one
    stretch; when they are not, the stretch is longer, never wrong."""
    return sa.false() if span is None else column.between(*span)


def received_by_column(
    connection: Connection, periods: Sequence[Span], column: str
) -> list[DayCount]:
    """Complaints received per day by one of the case's own columns (complainant type,
    channel, route)."""
    value = cases.c[column]
    rows = connection.execute(
        sa.select(cases.c.receipt_day, value, sa.func.count())
        .where(complaints_received(periods))
        .group_by(cases.c.receipt_day, value)
    )
    return [DayCount(day, None if found is None else str(found), n) for day, found, n in rows]


def received_by_team(connection: Connection, periods: Sequence[Span]) -> list[TeamDayCount]:
    """Complaints received per day by route and team: a complaint counts once for each team
    its issues name, however many issues a team has."""
    team_name = sa.func.coalesce(teams.c.name, issues.c.team_id, "Not routed")
    directorate_name = sa.func.coalesce(directorates.c.name, "Not recorded")
    grouped = (cases.c.receipt_day, cases.c.route, team_name, directorate_name)
    rows = connection.execute(
        sa.select(*grouped, sa.func.count(sa.distinct(issues.c.case_id)))
        .select_from(
            issues.join(cases, cases.c.id == issues.c.case_id)
            .outerjoin(teams, teams.c.id == issues.c.team_id)
            .outerjoin(directorates, directorates.c.id == teams.c.directorate_id)
        )
        .where(complaints_received(periods))
        .group_by(*grouped)
    )
    return [TeamDayCount(*row) for row in rows]


def remedies_given(
    connection: Connection, periods: Sequence[Span], kinds: StageKinds
) -> list[RemedyCount]:
    """Remedies recorded with stage responses in each period, by stage and kind of remedy: the
    responses of `kinds`, those the outcome tables count (a professional complaint's is not a
    complaint's response)."""
    b = bucket(stages.c.responded_on, periods)
    rows = connection.execute(
        sa.select(
            b,
            stages.c.kind,
            remedies.c.kind,
            sa.func.count(sa.distinct(stages.c.id)),
            sa.func.sum(remedies.c.amount_pence),
        )
        .select_from(
            remedies.join(stages, stages.c.id == remedies.c.stage_id).join(
                cases, cases.c.id == stages.c.case_id
            )
        )
        .where(counted(), within(stages.c.responded_on, periods), of_kinds(kinds))
        .group_by(b, stages.c.kind, remedies.c.kind)
    )
    return [
        RemedyCount(None if index is None else int(index), str(stage), str(kind), n, pence)
        for index, stage, kind, n, pence in rows
    ]


def historic_received(connection: Connection, periods: Sequence[Span]) -> list[DayCount]:
    """Historic complaints (an adult about their time in care, say) received per day, by
    the stage they started at (ix_case_historic holds only these)."""
    first_stage = (
        sa.select(stages.c.kind)
        .where(stages.c.case_id == cases.c.id)
        .order_by(stages.c.id)
        .limit(1)
        .scalar_subquery()
    )
    rows = connection.execute(
        sa.select(cases.c.receipt_day, first_stage, sa.func.count())
        .where(cases.c.historic == sa.true(), complaints_received(periods))
        .group_by(cases.c.receipt_day, first_stage)
    )
    return [DayCount(day, None if kind is None else str(kind), n) for day, kind, n in rows]


def examples_received(connection: Connection, periods: Sequence[Span]) -> list[DayCount]:
    """Complaints and compliments staff chose as examples, per day received and record kind
    (the example table holds a few rows a year; each is joined to its case)."""
    rows = connection.execute(
        sa.select(cases.c.receipt_day, cases.c.record_kind, sa.func.count())
        .select_from(examples.join(cases, cases.c.id == examples.c.case_id))
        .where(counted(), within(cases.c.receipt_day, periods))
        .group_by(cases.c.receipt_day, cases.c.record_kind)
    )
    return [DayCount(day, str(kind), n) for day, kind, n in rows]


def advocacy_recorded(connection: Connection, periods: Sequence[Span]) -> list[DayCount]:
    """Advocacy offers staff recorded, per day offered, by what came of them: the rows the
    report's advocacy table counts (store.reports.breakdowns.advocacy_outcomes), for every
    period at once."""
    rows = connection.execute(
        sa.select(advocacy.c.offered_on, advocacy.c.status, sa.func.count())
        .select_from(advocacy.join(cases, cases.c.id == advocacy.c.case_id))
        .where(counted(), within(advocacy.c.offered_on, periods))
        .group_by(advocacy.c.offered_on, advocacy.c.status)
    )
    return [DayCount(day, str(status), n) for day, status, n in rows]


def complaints_about(connection: Connection, period: Span, category: str) -> int:
    """Complaints under the statutory procedure received in the period with an issue in
    `category` (the statutory statement on child sexual exploitation counts these)."""
    found: int = connection.execute(
        sa.select(sa.func.count(sa.distinct(cases.c.id)))
        .select_from(issues.join(cases, cases.c.id == issues.c.case_id))
        .where(
            complaints_received([period]),
            cases.c.route == "statutory",
            issues.c.category == category,
        )
    ).scalar_one()
    return found


class CostCount(NamedTuple):
    period: int | None
    route: str
    kind: str
    pence: int | None
    cases: int


def costs_by_route(connection: Connection, periods: Sequence[Span]) -> list[CostCount]:
    """Costs incurred in each period by the case's procedure and the kind of cost, with the
    number of cases they were incurred on."""
    b = bucket(costs.c.incurred_on, periods)
    rows = connection.execute(
        sa.select(
            b,
            cases.c.route,
            costs.c.kind,
            sa.func.sum(costs.c.amount_pence),
            sa.func.count(sa.distinct(cases.c.id)),
        )
        .select_from(costs.join(cases, cases.c.id == costs.c.case_id))
        .where(counted(), within(costs.c.incurred_on, periods))
        .group_by(b, cases.c.route, costs.c.kind)
    )
    return [
        CostCount(None if index is None else int(index), str(route), str(kind), pence, n)
        for index, route, kind, pence, n in rows
    ]


def compliments_by_day(
    connection: Connection, periods: Sequence[Span], column: str
) -> list[DayCount]:
    """Compliments received per day by the team praised, who sent them, or their theme."""
    value = {
        "team": sa.func.coalesce(teams.c.name, compliments.c.team_id),
        "source": compliments.c.source,
    }[column]
    rows = connection.execute(
        sa.select(cases.c.receipt_day, value, sa.func.count(sa.distinct(cases.c.id)))
        .select_from(
            cases.outerjoin(compliments, compliments.c.case_id == cases.c.id).outerjoin(
                teams, teams.c.id == compliments.c.team_id
            )
        )
        .where(counted(), cases.c.record_kind == "compliment", within(cases.c.receipt_day, periods))
        .group_by(cases.c.receipt_day, value)
    )
    return [DayCount(day, None if found is None else str(found), n) for day, found, n in rows]
