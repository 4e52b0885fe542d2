"""The weekly director digest: what is open, overdue, due, extended and escalated, per
directorate and team. References and teams only: it goes to mailboxes and Slack.

The query reads open deadlines (a partial index keeps that cheap however many closed cases
there are) and this week's compliments; everything else is arithmetic on those rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cases.calendar import WorkingCalendar
from cases.enums import CaseStatus
from cases.timescales import DeadlineRule
from scheduler.rules import RESPONSE_RULES
from store.models import Case, Compliment, Deadline, Issue, LgscoCase
from triage.rulebook import Rulebook

UNROUTED = "(not yet routed)"


@dataclass
class CaseLine:
    reference: str
    stage: str
    due: date
    working_days: int  # overdue by (positive) or left (for due this week)


@dataclass
class TeamDigest:
    team_id: str
    team_name: str
    open_by_stage: dict[str, int] = field(default_factory=dict)
    overdue: list[CaseLine] = field(default_factory=list)
    due_this_week: list[CaseLine] = field(default_factory=list)
    extended: list[CaseLine] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)
    acknowledgements_late: list[str] = field(default_factory=list)
    compliments: int = 0


@dataclass
class DirectorateDigest:
    directorate_id: str
    name: str
    week_of: date
    teams: list[TeamDigest]

    @property
    def overdue_count(self) -> int:
        return len({line.reference for team in self.teams for line in team.overdue})


def build_digests(
    connection: Connection, *, rulebook: Rulebook, calendar: WorkingCalendar, today: date
) -> list[DirectorateDigest]:
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=6)
    rows = _open_deadlines(connection)
    case_ids = sorted({row.case_id for row in rows})
    teams_of = _teams_of(connection, case_ids)
    per_team: dict[str, TeamDigest] = {}

    def team(team_id: str | None) -> TeamDigest:
        key = team_id or UNROUTED
        if key not in per_team:
            spec = rulebook.team(key)
            per_team[key] = TeamDigest(key, spec.name if spec else key)
        return per_team[key]

    counted: set[tuple[str, int]] = set()
    for row in rows:
        rule = DeadlineRule(row.rule) if row.rule in DeadlineRule._value2member_map_ else None
        due = row.extended_to or row.due_on
        for team_id in teams_of.get(row.case_id) or [None]:
            digest = team(team_id)
            stage = row.stage or "-"
            if (digest.team_id, row.case_id) not in counted and row.status == CaseStatus.OPEN.value:
                counted.add((digest.team_id, row.case_id))
                digest.open_by_stage[stage] = digest.open_by_stage.get(stage, 0) + 1
                if row.stage in ("statutory_2", "statutory_3", "corporate_2"):
                    digest.escalated.append(f"{row.reference} ({stage})")
            if rule == DeadlineRule.ACKNOWLEDGEMENT and due < today:
                digest.acknowledgements_late.append(row.reference)
            if rule not in RESPONSE_RULES:
                continue
            line = CaseLine(row.reference, stage, due, calendar.working_days_between(due, today))
            if due < today:
                digest.overdue.append(line)
            elif due <= week_end:
                line.working_days = calendar.working_days_between(today, due)
                digest.due_this_week.append(line)
            if row.extended_to is not None:
                digest.extended.append(line)
    for lgsco_reference, team_ids in _open_lgsco(connection).items():
        for team_id in team_ids or [None]:
            team(team_id).escalated.append(f"{lgsco_reference} (LGSCO)")
    for team_id, count in _compliments(connection, week_start, week_end):
        team(team_id).compliments += count
    return _by_directorate(per_team, rulebook=rulebook, week_of=week_start)


def _open_deadlines(connection: Connection) -> list[sa.Row]:
    deadline, case = Deadline.__table__, Case.__table__
    return list(
        connection.execute(
            sa.select(
                deadline.c.case_id,
                deadline.c.rule,
                deadline.c.due_on,
                deadline.c.extended_to,
                case.c.reference,
                case.c.stage,
                case.c.status,
            )
            .join(case, case.c.id == deadline.c.case_id)
            .where(
                deadline.c.met_on.is_(None),
                deadline.c.cancelled.is_(False),
                case.c.imported.is_(False),  # past years' cases: history, not work
                case.c.status.in_(
                    [CaseStatus.OPEN.value, CaseStatus.RECEIVED.value, CaseStatus.RESPONDED.value]
                ),
            )
            .order_by(deadline.c.due_on, case.c.reference)
        )
    )


def _teams_of(connection: Connection, case_ids: list[int]) -> dict[int, list[str]]:
    issue = Issue.__table__
    found: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(case_ids), 1000):
        chunk = case_ids[start : start + 1000]
        for case_id, team_id in connection.execute(
            sa.select(issue.c.case_id, issue.c.team_id).where(issue.c.case_id.in_(chunk))
        ):
            if team_id and team_id not in found[case_id]:
                found[case_id].append(team_id)
    return found


def _open_lgsco(connection: Connection) -> dict[str, list[str]]:
    lgsco, case, issue = LgscoCase.__table__, Case.__table__, Issue.__table__
    found: dict[str, list[str]] = defaultdict(list)
    for reference, team_id in connection.execute(
        sa.select(case.c.reference, issue.c.team_id)
        .join(case, case.c.id == lgsco.c.case_id)
        .outerjoin(issue, issue.c.case_id == case.c.id)
        .where(lgsco.c.decided_on.is_(None))
    ):
        if team_id and team_id not in found[reference]:
            found[reference].append(team_id)
        found.setdefault(reference, [])
    return found


def _compliments(connection: Connection, start: date, end: date) -> list[tuple[str | None, int]]:
    compliment = Compliment.__table__
    rows = connection.execute(
        sa.select(compliment.c.team_id, sa.func.count())
        .where(compliment.c.received_on.between(start, end))
        .group_by(compliment.c.team_id)
    )
    return [(team_id, count) for team_id, count in rows]


def _by_directorate(
    per_team: dict[str, TeamDigest], *, rulebook: Rulebook, week_of: date
) -> list[DirectorateDigest]:
    digests = []
    for directorate in rulebook.spec.directorates:
        team_ids = [team.id for team in rulebook.spec.teams if team.directorate == directorate.id]
        if directorate.id == rulebook.triage_team.directorate:
            team_ids.append(UNROUTED)
        teams = [
            per_team.get(team_id)
            or TeamDigest(
                team_id, (rulebook.team(team_id).name if rulebook.team(team_id) else team_id)
            )
            for team_id in team_ids
        ]
        digests.append(DirectorateDigest(directorate.id, directorate.name, week_of, teams))
    return digests
