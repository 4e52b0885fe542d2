"""The weekly director digest: a summary table by team (open, overdue, due this week, paused),
then the cases a director needs to look at, in plain words with the case card's link.

Everything is computed for one day, `as_of` (today when sent; any past day for `heard digest
preview --as-of`): the store reconstructs what was open that day and working days are counted
to it. A case is open from the moment it arrived (mail at the weekend is open on Monday
morning, though its clocks start that day), and the complaints that arrived since the last
digest are listed by the moment they arrived, so none falls between two digests. Last week's received, responded and in-time figures come from the annual report's own
metrics (reports.metrics), so the digest and the reports never disagree about a definition.
References and team names only: the digest goes to mailboxes and Slack.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.engine import Connection

from cases.calendar import WorkingCalendar
from cases.day_words import long_day, long_moment, working_days
from cases.enums import DeadlineRule, RecordKind, Route
from org.directory import Organisation
from reports.metrics import FAMILIES, compute
from reports.periods import Period
from scheduler.rules import DATA_PROTECTION_RULES, RESPONSE_RULES
from store.digest import (
    OpenDeadline,
    actions_due,
    arrivals,
    card_locations,
    last_digest_at,
    open_deadlines,
    open_ombudsman,
    teams_of,
)

UNROUTED = "Not yet routed to a team"
DATA_PROTECTION = "Data protection (no team)"  # a subject access request or DP complaint

STAGE_WORDS: dict[str, str] = {
    DeadlineRule.ACKNOWLEDGEMENT: "Acknowledgement",
    DeadlineRule.CODE_ACKNOWLEDGEMENT: "Stage acknowledgement (Complaint Handling Code)",
    DeadlineRule.INFORMAL: "Pre-complaint",
    DeadlineRule.STATUTORY_1: "Stage 1",
    DeadlineRule.STATUTORY_2: "Stage 2",
    DeadlineRule.STAGE_3_PANEL: "Stage 3 review panel",
    DeadlineRule.PANEL_REPORT: "Stage 3 panel's report",
    DeadlineRule.COUNCIL_RESPONSE: "Stage 3 council's response",
    DeadlineRule.CORPORATE_1: "Corporate stage 1",
    DeadlineRule.CORPORATE_2: "Corporate stage 2",
    DeadlineRule.LGSCO_RESPONSE: "Reply to the Ombudsman",
    DeadlineRule.SUBJECT_ACCESS: "Subject access request",
    DeadlineRule.DATA_PROTECTION_ACKNOWLEDGEMENT: "Data protection complaint acknowledgement",
}
ACKNOWLEDGEMENT_RULES = frozenset({DeadlineRule.ACKNOWLEDGEMENT, DeadlineRule.CODE_ACKNOWLEDGEMENT})
ESCALATED_RULES = frozenset(
    {
        DeadlineRule.STATUTORY_2,
        DeadlineRule.STAGE_3_PANEL,
        DeadlineRule.PANEL_REPORT,
        DeadlineRule.COUNCIL_RESPONSE,
        DeadlineRule.CORPORATE_2,
    }
)


@dataclass(frozen=True)
class CaseLine:
    reference: str
    teams: str  # "Fostering", or "Fostering; Front Door and MASH"
    stage: str  # plain words: "Stage 1"
    when: str  # "due Monday 9 November", "on hold since …", "received …"
    detail: str  # "5 working days overdue", "2 working days left", ""
    link: str | None  # the case card in Slack, when its address is known


@dataclass
class TeamRow:
    team: str
    open: int = 0
    overdue: int = 0
    due_this_week: int = 0
    paused: int = 0


@dataclass(frozen=True)
class WeekFigure:
    label: str  # "Stage 1"
    received: int
    responded: int
    in_time: str  # "75%", or "–" when none were responded to


@dataclass
class Digest:
    as_of: date
    today: str  # "Monday 23 March 2026"
    week: str  # "week of Monday 23 March 2026"
    rows: list[TeamRow]
    total: TeamRow
    overdue: list[CaseLine] = field(default_factory=list)
    due_this_week: list[CaseLine] = field(default_factory=list)
    paused: list[CaseLine] = field(default_factory=list)
    escalated: list[CaseLine] = field(default_factory=list)
    acknowledgements_late: list[CaseLine] = field(default_factory=list)
    # learning actions and Ombudsman recommendations overdue or due this week
    actions_due: list[CaseLine] = field(default_factory=list)
    arrived: list[CaseLine] = field(default_factory=list)  # complaints since the last digest
    arrived_since: str = ""  # "the last digest, Monday 30 November at 08:00"
    as_at: str = ""  # "08:00 on Monday 7 December 2026", or "the end of Sunday 6 December 2026"
    last_week: str = ""  # "Monday 16 March to Sunday 22 March"
    week_figures: list[WeekFigure] = field(default_factory=list)
    links_known: bool = False
    links_to_heard: bool = False  # links open heard's case pages, not Slack cards
    directorate: str = ""  # the directorate's name when the digest is its own; "": the council

    @property
    def headline(self) -> str:
        overdue = self.total.overdue
        if not self.total.open:
            return "No complaints are open."
        if not overdue:
            return f"{self.total.open} open, none overdue."
        return f"{self.total.open} open, {overdue} overdue."


def build_digest(
    connection: Connection,
    *,
    organisation: Organisation,
    calendar: WorkingCalendar,
    today: date,
    workspace_url: str | None = None,
    case_pages_url: str | None = None,
    past: bool = True,
    directorate: str | None = None,
    at: datetime | None = None,
) -> Digest:
    """The digest as things stood on `today` (counted to the end of that day, or to `at`, the
    moment it is sent); `past=False` when it is today, which lets the store read only the open
    deadlines. `directorate`: only the cases with an issue for one of its teams (its
    director's digest); last week's figures stay the council's."""
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=6)
    until = at or calendar.at_local_time(today + timedelta(days=1), time(0))
    deadlines = open_deadlines(connection, today, past=past, until=until)
    ombudsman = open_ombudsman(connection, today)
    promised = actions_due(connection, week_end)
    # One digest a week: the last one is the last before this week's began.
    last = last_digest_at(connection, before=calendar.at_local_time(week_start, time(0)))
    arrived_from = last or until - timedelta(days=7)
    arrived = arrivals(connection, since=arrived_from, until=until)
    case_ids = (
        {d.case_id for d in deadlines}
        | {o.case_id for o in ombudsman}
        | {p.case_id for p in promised}
        | {a.case_id for a in arrived}
    )
    teams = teams_of(connection, case_ids)
    if directorate is not None:

        def in_directorate(team_id: str) -> bool:
            spec = organisation.team(team_id)
            return spec is not None and spec.directorate == directorate

        ours = {
            case_id
            for case_id, team_ids in teams.items()
            if any(in_directorate(team_id) for team_id in team_ids)
        }
        deadlines = [deadline for deadline in deadlines if deadline.case_id in ours]
        ombudsman = [enquiry for enquiry in ombudsman if enquiry.case_id in ours]
        # A learning action staff gave to a team is that team's directorate's (its chasers go
        # to that team, scheduler/follow_ups.py); one with no owner follows the case's teams.
        promised = [
            action
            for action in promised
            if (
                in_directorate(action.owner_team_id)
                if action.owner_team_id
                else action.case_id in ours
            )
        ]
        arrived = [arrival for arrival in arrived if arrival.case_id in ours]
    # The web view's case page when heard has a public address (HEARD_WEB_BASE_URL), else
    # the Slack card when the workspace is known.
    cards = card_locations(connection, case_ids) if workspace_url and not case_pages_url else {}

    data_protection = {d.case_id for d in deadlines if d.rule in DATA_PROTECTION_RULES}

    def team_names(case_id: int) -> list[str]:
        names = []
        for team_id in teams.get(case_id) or []:
            spec = organisation.team(team_id)
            names.append(spec.name if spec else team_id)
        return names or [DATA_PROTECTION if case_id in data_protection else UNROUTED]

    def line(
        case_id: int, reference: str, stage: str, when: str, detail: str, owner: str | None = None
    ) -> CaseLine:
        card = cards.get(case_id)
        link = _card_link(workspace_url, *card) if workspace_url and card else None
        if case_pages_url:
            link = f"{case_pages_url.rstrip('/')}/cases/{reference}"
        spec = organisation.team(owner) if owner else None
        names = [spec.name if spec else owner] if owner else team_names(case_id)
        return CaseLine(reference, _teams(names), stage, when, detail, link)

    current = _current_response(deadlines)
    rows: dict[str, TeamRow] = {}
    total = TeamRow("Total")
    digest = Digest(
        as_of=today,
        today=long_day(today),
        week=f"week of {long_day(week_start)}",
        rows=[],
        total=total,
        as_at=(
            f"{calendar.local(at):%H:%M} on {long_day(today)}"
            if at
            else f"the end of {long_day(today)}"
        ),
        arrived_since=(
            f"the last digest, {long_moment(calendar.local(arrived_from), weekday=True)}"
            if last
            else f"{long_moment(calendar.local(arrived_from), weekday=True)} (no digest the week before)"
        ),
        links_known=bool(workspace_url or case_pages_url),
        links_to_heard=bool(case_pages_url),
        directorate=(
            organisation.directorates_by_id[directorate].name
            if directorate is not None and directorate in organisation.directorates_by_id
            else ""
        ),
    )
    for deadline in current:
        stage = STAGE_WORDS.get(deadline.rule, "Response")
        due = f"due {long_day(deadline.due_on)}"
        counts = [total] + [
            rows.setdefault(name, TeamRow(name)) for name in team_names(deadline.case_id)
        ]
        for row in counts:
            row.open += 1
        if deadline.paused_since is not None:
            for row in counts:
                row.paused += 1
            since = f"on hold since {long_day(deadline.paused_since)}"
            digest.paused.append(line(deadline.case_id, deadline.reference, stage, since, ""))
        elif deadline.due_on < today:
            for row in counts:
                row.overdue += 1
            late = f"{working_days(calendar.working_days_between(deadline.due_on, today))} overdue"
            digest.overdue.append(line(deadline.case_id, deadline.reference, stage, due, late))
        elif deadline.due_on <= week_end:
            for row in counts:
                row.due_this_week += 1
            left = calendar.working_days_between(today, deadline.due_on)
            detail = f"{working_days(left)} left" if left else ""
            when = f"due today, {long_day(deadline.due_on)}" if not left else due
            digest.due_this_week.append(
                line(deadline.case_id, deadline.reference, stage, when, detail)
            )
        if deadline.rule in ESCALATED_RULES:
            digest.escalated.append(line(deadline.case_id, deadline.reference, stage, due, ""))
    for enquiry in ombudsman:
        received = f"received {long_day(enquiry.received_on)}"
        digest.escalated.append(
            line(enquiry.case_id, enquiry.reference, "Ombudsman enquiry", received, "")
        )
    for deadline in deadlines:
        if (
            deadline.rule in ACKNOWLEDGEMENT_RULES
            and deadline.due_on < today
            and deadline.paused_since is None
        ):
            late = f"{working_days(calendar.working_days_between(deadline.due_on, today))} late"
            due = f"due {long_day(deadline.due_on)}"
            what = STAGE_WORDS[deadline.rule]
            digest.acknowledgements_late.append(
                line(deadline.case_id, deadline.reference, what, due, late)
            )
    responding = {deadline.case_id: deadline for deadline in current}
    for arrival in arrived:
        stage = _arrival_stage(arrival.record_kind, arrival.route, responding.get(arrival.case_id))
        when = f"received {long_moment(calendar.local(arrival.received_at), weekday=True)}"
        digest.arrived.append(line(arrival.case_id, arrival.reference, stage, when, ""))
    for action in promised:
        behind = calendar.working_days_between(action.due_on, today)
        detail = f"{working_days(behind)} overdue" if action.due_on < today else ""
        when = f"due {long_day(action.due_on)}"
        digest.actions_due.append(
            line(action.case_id, action.reference, action.what, when, detail, action.owner_team_id)
        )
    digest.overdue.sort(key=lambda item: item.reference)
    order = [spec.name for spec in organisation.teams] + [UNROUTED]
    digest.rows = sorted(
        rows.values(), key=lambda row: order.index(row.team) if row.team in order else len(order)
    )
    last_week = Period(week_start - timedelta(days=7), week_start - timedelta(days=1), "last week")
    digest.last_week = f"{long_day(last_week.start)} to {long_day(last_week.end)}"
    digest.week_figures = _week_figures(connection, last_week)
    return digest


def _arrival_stage(kind: str, route: str, responding: OpenDeadline | None) -> str:
    """What a new complaint is, in plain words: the stage its clock runs for, if triage has
    set one, else what kind of record it is."""
    if route == Route.NOT_LOGGED:
        return "Not logged as a complaint"
    if responding is not None:
        return STAGE_WORDS.get(responding.rule, "Response")
    return RecordKind(kind).label


def _current_response(deadlines: Iterable[OpenDeadline]) -> list[OpenDeadline]:
    """Each case's earliest open response deadline (a subject access request's answer and a
    data protection complaint's acknowledgement count): the one its line is about."""
    first: dict[int, OpenDeadline] = {}
    for deadline in deadlines:
        wanted = deadline.rule in RESPONSE_RULES or deadline.rule in DATA_PROTECTION_RULES
        if wanted and deadline.case_id not in first:
            first[deadline.case_id] = deadline
    return list(first.values())


def _week_figures(connection: Connection, period: Period) -> list[WeekFigure]:
    figures = compute(connection, [period])
    found = []
    for family in FAMILIES:
        received = int(figures.get(f"{family.prefix}.received") or 0)
        responded = int(figures.get(f"{family.prefix}.closed") or 0)
        if not received and not responded:
            continue
        percent = figures.get(f"{family.prefix}.in_time_pct")
        in_time = "–" if percent is None else f"{int(percent)}%"
        found.append(WeekFigure(family.label, received, responded, in_time))
    return found


def _card_link(workspace_url: str, channel: str, ts: str) -> str:
    """The card's permalink in the council's workspace (the form chat.getPermalink returns)."""
    return f"{workspace_url.rstrip('/')}/archives/{channel}/p{ts.replace('.', '')}"


def _teams(names: list[str]) -> str:
    """Semicolons: team names have "and" in them ("Front Door and MASH")."""
    return "; ".join(names)
