"""What the director digest reads: the deadlines that were open on a given day, the teams of
those cases, the Ombudsman enquiries open that day, and where each case card is in Slack.

"Open on a day" is reconstructed from dates the store keeps, so a digest for a past day shows
the work as it stood then: cases that arrived after it are left out, a response or extension
recorded after it counts as not yet given, a pause counts only while it ran, and a deadline
cancelled later (a withdrawn case, a stage superseded by the next) still counts as open.

A case is open from the moment it arrives, not from its receipt day: mail at the weekend (or
on a bank holiday, or after hours) starts its working-day clocks on the next working day, but
a digest sent before then must still list it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cases.enums import OutboxPurpose
from cases.kinds import COMPLAINT_KINDS
from store.models import (
    Case,
    CasePause,
    Deadline,
    Issue,
    LearningAction,
    LgscoCase,
    LgscoRecommendation,
    OutboxMessage,
    Stage,
)
from store.types import table_of

cases = table_of(Case)
deadlines = table_of(Deadline)
stages = table_of(Stage)
issues = table_of(Issue)
pauses = table_of(CasePause)
lgsco = table_of(LgscoCase)
learning = table_of(LearningAction)
recommendations = table_of(LgscoRecommendation)
outbox = table_of(OutboxMessage)


@dataclass(frozen=True)
class OpenDeadline:
    case_id: int
    reference: str
    rule: str  # a DeadlineRule value
    due_on: date  # the extended date when an extension had been agreed by that day
    extended: bool
    paused_since: date | None  # on hold that day (legal proceedings, police; a SAR's stopped clock)


@dataclass(frozen=True)
class OpenOmbudsman:
    case_id: int
    reference: str
    received_on: date


def open_deadlines(
    connection: Connection, as_of: date, *, past: bool = True, until: datetime | None = None
) -> list[OpenDeadline]:
    """Every deadline not met by the end of `as_of` on a case that had arrived by `until` (the
    end of `as_of` in the council's zone; UTC midnight if not given), earliest due first.
    Imported and automated cases are history, not work.

    A deadline counts once its case has arrived, or its stage was requested, by then, even if
    its clock starts on a later working day. `past=False` says `as_of` is today: nothing can
    have been met or cancelled after it, so every deadline still unmet is open and the query
    keeps to the open deadlines' partial index however many closed cases there are.
    """
    end_of_day = datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=UTC)
    arrived_by = until or end_of_day
    extension_known = sa.and_(
        deadlines.c.extended_to.is_not(None),
        sa.or_(deadlines.c.extension_agreed_on.is_(None), deadlines.c.extension_agreed_on <= as_of),
    )
    paused_since = (
        sa.select(sa.func.max(pauses.c.paused_on))
        .where(
            pauses.c.case_id == deadlines.c.case_id,
            pauses.c.paused_on <= as_of,
            sa.or_(pauses.c.resumed_on.is_(None), pauses.c.resumed_on > as_of),
        )
        .scalar_subquery()
    )
    closed_later = cases.c.closed_at >= end_of_day
    still_applied = sa.or_(
        deadlines.c.cancelled.is_(False),
        sa.and_(  # a re-triage's cancelled deadlines lose their stage: they never were work
            deadlines.c.stage_id.is_not(None),
            sa.or_(stages.c.superseded_on > as_of, closed_later),
        ),
        sa.and_(deadlines.c.rule == "acknowledgement", closed_later),
    )
    rows = connection.execute(
        sa.select(
            deadlines.c.case_id,
            cases.c.reference,
            deadlines.c.rule,
            deadlines.c.due_on,
            deadlines.c.extended_to,
            extension_known.label("extended"),
            sa.case(  # a subject access request's own clock, stopped while the council waits
                (
                    sa.and_(deadlines.c.paused_on.is_not(None), deadlines.c.paused_on <= as_of),
                    deadlines.c.paused_on,
                ),
                else_=paused_since,
            ).label("paused_since"),
        )
        .select_from(
            deadlines.join(cases, cases.c.id == deadlines.c.case_id).outerjoin(
                stages, stages.c.id == deadlines.c.stage_id
            )
            if past
            else deadlines.join(cases, cases.c.id == deadlines.c.case_id)
        )
        .where(
            cases.c.imported.is_(False),
            cases.c.automated.is_(False),
            cases.c.received_at < arrived_by,
            *(
                (
                    sa.or_(
                        deadlines.c.start_on <= as_of,
                        deadlines.c.start_on == cases.c.receipt_day,  # the clocks of its arrival
                        stages.c.requested_on <= as_of,
                    ),
                    sa.or_(deadlines.c.met_on.is_(None), deadlines.c.met_on > as_of),
                    still_applied,
                )
                if past
                # Written as the partial index's own condition, so the planner picks it.
                else (deadlines.c.met_on.is_(None), deadlines.c.cancelled == sa.false())
            ),
        )
        .order_by(deadlines.c.due_on, cases.c.reference, deadlines.c.id)
    )
    return [
        OpenDeadline(
            case_id=row.case_id,
            reference=row.reference,
            rule=row.rule,
            due_on=row.extended_to if row.extended else row.due_on,
            extended=bool(row.extended),
            paused_since=row.paused_since,
        )
        for row in rows
    ]


def open_ombudsman(connection: Connection, as_of: date) -> list[OpenOmbudsman]:
    """Ombudsman enquiries received by `as_of` and not decided by then."""
    rows = connection.execute(
        sa.select(lgsco.c.case_id, cases.c.reference, lgsco.c.received_on)
        .join(cases, cases.c.id == lgsco.c.case_id)
        .where(
            cases.c.imported.is_(False),
            lgsco.c.received_on <= as_of,
            sa.or_(lgsco.c.decided_on.is_(None), lgsco.c.decided_on > as_of),
        )
        .order_by(lgsco.c.received_on, cases.c.reference)
    )
    return [OpenOmbudsman(row.case_id, row.reference, row.received_on) for row in rows]


def teams_of(connection: Connection, case_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each case's teams, in the order its issues were recorded (a case about two teams
    counts once for each, as the annual reports count issues)."""
    found: dict[int, list[str]] = defaultdict(list)
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), 1000):
        for case_id, team_id in connection.execute(
            sa.select(issues.c.case_id, issues.c.team_id)
            .where(issues.c.case_id.in_(ids[start : start + 1000]))
            .order_by(issues.c.id)
        ):
            if team_id and team_id not in found[case_id]:
                found[case_id].append(team_id)
    return dict(found)


def card_locations(connection: Connection, case_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """(channel id, message ts) of each case's Slack card, where one was posted."""
    found: dict[int, tuple[str, str]] = {}
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), 1000):
        for case_id, channel, ts in connection.execute(
            sa.select(cases.c.id, cases.c.slack_channel, cases.c.slack_ts).where(
                cases.c.id.in_(ids[start : start + 1000]),
                cases.c.slack_channel.is_not(None),
                cases.c.slack_ts.is_not(None),
            )
        ):
            found[case_id] = (channel, ts)
    return found


@dataclass(frozen=True)
class ActionDue:
    """A learning action or an Ombudsman recommendation with a due date, not yet done."""

    case_id: int
    reference: str
    what: str  # "Learning action" or "Ombudsman recommendation"
    due_on: date
    row_id: int = 0  # the learning action's or the recommendation's own id
    owner_team_id: str | None = None  # a learning action's owning team, if staff named one


LEARNING_ACTION = "Learning action"
RECOMMENDATION = "Ombudsman recommendation"


@dataclass(frozen=True)
class Arrival:
    """A complaint that arrived in the period a digest covers."""

    case_id: int
    reference: str
    record_kind: str  # a RecordKind value
    route: str  # a Route value
    received_at: datetime


def arrivals(connection: Connection, *, since: datetime, until: datetime) -> list[Arrival]:
    """The complaints (of every kind) that arrived from `since` to before `until`, by the
    moment they arrived, in that order; automated mail and imported history left out."""
    rows = connection.execute(
        sa.select(
            cases.c.id, cases.c.reference, cases.c.record_kind, cases.c.route, cases.c.received_at
        )
        .where(
            cases.c.imported.is_(False),
            cases.c.automated.is_(False),
            cases.c.record_kind.in_(sorted(COMPLAINT_KINDS)),
            cases.c.received_at >= since,
            cases.c.received_at < until,
        )
        .order_by(cases.c.received_at, cases.c.reference)
    )
    return [Arrival(*row) for row in rows]


def last_digest_at(connection: Connection, *, before: datetime) -> datetime | None:
    """When the last digest before `before` was queued: one goes each week, so the digest of
    the week that starts at `before` reports what arrived since then."""
    found: datetime | None = connection.execute(
        sa.select(sa.func.max(outbox.c.created_at)).where(
            outbox.c.purpose == OutboxPurpose.DIGEST, outbox.c.created_at < before
        )
    ).scalar()
    return found


# Learning actions still to do (implemented and not implemented are settled).
_LEARNING_OPEN = ("identified", "in_progress", "planned")


def actions_due(connection: Connection, by: date) -> list[ActionDue]:
    """Learning actions and Ombudsman recommendations due by `by` and still outstanding,
    earliest first: what the council promised to change, chased like a response."""
    found = [
        ActionDue(row.case_id, row.reference, LEARNING_ACTION, row.due_on, row.id, row.team)
        for row in connection.execute(
            sa.select(
                learning.c.id,
                learning.c.case_id,
                cases.c.reference,
                learning.c.due_on,
                learning.c.owner_team_id.label("team"),
            )
            .join(cases, cases.c.id == learning.c.case_id)
            .where(
                learning.c.due_on.is_not(None),
                learning.c.due_on <= by,
                learning.c.status.in_(_LEARNING_OPEN),
            )
        )
    ] + [
        ActionDue(row.case_id, row.reference, RECOMMENDATION, row.due_on, row.id)
        for row in connection.execute(
            sa.select(
                recommendations.c.id,
                recommendations.c.case_id,
                cases.c.reference,
                recommendations.c.due_on,
            )
            .join(cases, cases.c.id == recommendations.c.case_id)
            .where(recommendations.c.due_on <= by, recommendations.c.status == "outstanding")
        )
    ]
    return sorted(found, key=lambda item: (item.due_on, item.reference, item.what, item.row_id))
