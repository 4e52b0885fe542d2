"""The headline figures' aggregates (reports.metrics defines and adds them up): stages opened
and answered per day, contacts received per day, and the Ombudsman's enquiries and decisions
per period. Each is one GROUP BY over all the periods a report shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from store.reports.sql import (
    Span,
    StageKinds,
    bucket,
    cases,
    count_if,
    counted,
    deadlines,
    first_of_its_kind,
    lgsco,
    of_kinds,
    stage_deadline_join,
    stages,
    within,
    within_extension,
    within_target,
)


class StagesOpened(NamedTuple):
    kind: str  # a StageKind value
    day: date
    opened: int


class StagesClosed(NamedTuple):
    kind: str  # a StageKind value
    day: date
    outcome: str | None  # the stage's outcome
    closed: int
    within_target: int | None
    within_extension: int | None
    late_with_reason: int | None
    working_days: int | None  # summed over the stages that have them
    with_working_days: int
    within_10: int | None  # answered within 10 working days of the start
    within_20: int | None  # within 20 (those within 10 included)
    manager_contact: int | None  # a manager called or met the complainant
    manager_recorded: int  # whether one did is recorded


class ContactsReceived(NamedTuple):
    day: date
    record_kind: str
    route: str
    not_logged_reason: str | None
    received: int
    advocacy_offered: int | None


class LgscoDecided(NamedTuple):
    period: int | None  # index of the period the decision falls in
    decision: str | None
    decided: int
    remedy_cost_pence: int | None


def stages_opened(
    connection: Connection, periods: Sequence[Span], kinds: StageKinds
) -> list[StagesOpened]:
    """Stages opened per day, by kind, each complaint's first of a kind only (SQLite walks
    ix_stage_kind_opened in order)."""
    rows = connection.execute(
        sa.select(stages.c.kind, stages.c.opened_on, sa.func.count())
        .select_from(stages.join(cases, cases.c.id == stages.c.case_id))
        .where(
            counted(), within(stages.c.opened_on, periods), of_kinds(kinds), first_of_its_kind()
        )
        .group_by(stages.c.kind, stages.c.opened_on)
    )
    return [StagesOpened(*row) for row in rows]


def stages_closed(
    connection: Connection, periods: Sequence[Span], kinds: StageKinds
) -> list[StagesClosed]:
    """Stages answered per day, by kind and outcome, with how many in time, within an
    extension, late with a reason, their working days and whether a manager called or met the
    complainant (SQLite walks ix_stage_kind_responded in order, which covers all of it)."""
    target, extension = within_target(), within_extension()
    late = sa.and_(
        sa.not_(sa.func.coalesce(target, False)), sa.not_(sa.func.coalesce(extension, False))
    )
    days = stages.c.working_days_taken
    rows = connection.execute(
        sa.select(
            stages.c.kind,
            stages.c.responded_on,
            stages.c.outcome,
            sa.func.count(),
            count_if(target),
            count_if(extension),
            count_if(
                sa.and_(late, sa.func.coalesce(sa.func.trim(stages.c.reason_for_delay), "") != "")
            ),
            sa.func.sum(days),
            sa.func.count(days),
            count_if(days <= 10),
            count_if(days <= 20),
            count_if(stages.c.manager_contacted.is_(True)),
            sa.func.count(stages.c.manager_contacted),
        )
        .select_from(
            stages.join(cases, cases.c.id == stages.c.case_id).outerjoin(
                deadlines, stage_deadline_join()
            )
        )
        .where(counted(), within(stages.c.responded_on, periods), of_kinds(kinds))
        .group_by(stages.c.kind, stages.c.responded_on, stages.c.outcome)
    )
    return [StagesClosed(*row) for row in rows]


def contacts_received(connection: Connection, periods: Sequence[Span]) -> list[ContactsReceived]:
    """Contacts received per day, by kind, route and the reason one was not logged: one walk of
    the cases (on SQLite, of the covering index ix_case_receipt_counts, in order)."""
    grouped = (
        cases.c.receipt_day,
        cases.c.record_kind,
        cases.c.route,
        cases.c.not_logged_reason,
    )
    rows = connection.execute(
        sa.select(*grouped, sa.func.count(), count_if(cases.c.advocacy_offer.is_(True)))
        .where(counted(), within(cases.c.receipt_day, periods))
        .group_by(*grouped)
    )
    return [ContactsReceived(*row) for row in rows]


def lgsco_received(connection: Connection, periods: Sequence[Span]) -> list[tuple[int | None, int]]:
    """(index of the period, Ombudsman's enquiries received in it)."""
    b = bucket(lgsco.c.received_on, periods)
    rows = connection.execute(
        sa.select(b, sa.func.count())
        .select_from(lgsco.join(cases, cases.c.id == lgsco.c.case_id))
        .where(counted(), within(lgsco.c.received_on, periods))
        .group_by(b)
    )
    return [(None if index is None else int(index), count) for index, count in rows]


def lgsco_decided(connection: Connection, periods: Sequence[Span]) -> list[LgscoDecided]:
    """The Ombudsman's decisions per period, by decision, with the remedies' cost."""
    b = bucket(lgsco.c.decided_on, periods)
    rows = connection.execute(
        sa.select(b, lgsco.c.decision, sa.func.count(), sa.func.sum(lgsco.c.remedy_cost_pence))
        .select_from(lgsco.join(cases, cases.c.id == lgsco.c.case_id))
        .where(counted(), within(lgsco.c.decided_on, periods))
        .group_by(b, lgsco.c.decision)
    )
    return [
        LgscoDecided(None if index is None else int(index), decision, count, cost)
        for index, decision, count, cost in rows
    ]
