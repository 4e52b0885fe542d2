"""Which reminders a deadline needs, and when: pure functions of the deadline and the calendar.

Reminders go out at the chaser hour on working days only. A statutory deadline cannot be
snoozed: the overdue ladder (day 1 team manager, day 3 service manager, day 5 director by
default) climbs whatever anyone does with their own copy of a reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from cases.calendar import MAX_WORKING_DAYS, WorkingCalendar
from cases.deadline_standing import FAMILY_WINDOWS
from cases.enums import DeadlineRule, Role


class ReminderKind(StrEnum):
    ACKNOWLEDGEMENT_LATE = "acknowledgement_late"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    REASON_FOR_DELAY = "reason_for_delay"
    EXTENSION_AT_MAXIMUM = "extension_at_maximum"
    ESCALATION_WINDOW_CLOSING = "escalation_window_closing"
    PANEL_NOT_ARRANGED = "panel_not_arranged"


class Recipient(StrEnum):
    """Who a reminder is for; resolved to people from the rule file when it is sent."""

    ASSIGNEE = "assignee"
    COMPLAINTS_TEAM = "complaints_team"
    TEAM_MANAGER = "team_manager"
    SERVICE_MANAGER = "service_manager"
    DIRECTOR = "director"


ROLE_RECIPIENTS = {
    Role.TEAM_MANAGER: Recipient.TEAM_MANAGER,
    Role.SERVICE_MANAGER: Recipient.SERVICE_MANAGER,
    Role.DIRECTOR: Recipient.DIRECTOR,
    Role.COMPLAINTS_OFFICER: Recipient.COMPLAINTS_TEAM,
}
RESPONSE_RULES = frozenset(
    {
        DeadlineRule.INFORMAL,
        DeadlineRule.STATUTORY_1,
        DeadlineRule.STATUTORY_2,
        DeadlineRule.STAGE_3_PANEL,
        DeadlineRule.PANEL_REPORT,
        DeadlineRule.COUNCIL_RESPONSE,
        DeadlineRule.CORPORATE_1,
        DeadlineRule.CORPORATE_2,
        DeadlineRule.LGSCO_RESPONSE,
    }
)
# A subject access request's answer, a data protection complaint's acknowledgement: the
# complaints team (and whoever holds it) is chased before, on and after the day.
DATA_PROTECTION_RULES = frozenset(
    {DeadlineRule.SUBJECT_ACCESS, DeadlineRule.DATA_PROTECTION_ACKNOWLEDGEMENT}
)
WINDOW_RULES = frozenset(FAMILY_WINDOWS)


@dataclass(frozen=True)
class ChaserPolicy:
    chaser_time: time = time(9, 0)
    due_soon_days: int = 2
    ladder: tuple[tuple[int, Role], ...] = (
        (1, Role.TEAM_MANAGER),
        (3, Role.SERVICE_MANAGER),
        (5, Role.DIRECTOR),
    )
    window_warning_days: int = 2
    # A stage 3 review panel still to be arranged this many working days before its deadline
    # is chased (the complainant has to be told its date in good time, and "due soon", two
    # working days before, is too late to convene one); not sent once it is arranged.
    panel_warning_days: int = 10


def chasing_time(now: datetime, *, calendar: WorkingCalendar, policy: ChaserPolicy) -> bool:
    """Whether chasers may go now: on a working day, from its chaser hour. A chaser's own time
    is when it falls due, not when it goes: one due days ago (a case logged back-dated, a sweep
    after downtime) waits for the chaser hour like the rest, not a sweep after midnight."""
    today = calendar.local_date(now)
    return calendar.is_working_day(today) and now >= calendar.at_local_time(
        today, policy.chaser_time
    )


def cron_expression(value: str) -> str:
    """HEARD_DIGEST_CRON, checked as the scheduler will read it (APScheduler's crontab)."""
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(value)
    except ValueError as error:
        raise ValueError(f"not a valid crontab expression ({error})") from None
    return value


def parse_ladder(value: str) -> tuple[tuple[int, Role], ...]:
    """`1:team_manager,3:service_manager,5:director` -> ((1, TEAM_MANAGER), …), climbing."""
    steps = []
    for part in value.split(","):
        days, _, role = part.strip().partition(":")
        if not days.strip().isdigit() or not 1 <= int(days) <= MAX_WORKING_DAYS:
            raise ValueError(
                f"{part.strip()!r}: want DAYS:ROLE with DAYS from 1 to {MAX_WORKING_DAYS}"
            )
        try:
            steps.append((int(days), Role(role.strip())))
        except ValueError:
            known = ", ".join(r.value for r in Role if r != Role.READ_ONLY)
            raise ValueError(f"unknown role {role.strip()!r} (known: {known})") from None
    if [days for days, _ in steps] != sorted({days for days, _ in steps}):
        raise ValueError("days must climb: each step later than the one before")
    return tuple(steps)


@dataclass(frozen=True)
class DeadlineFacts:
    deadline_id: int
    rule: DeadlineRule
    due: date  # the effective date: extended if extended
    maximum: date | None
    extended: bool
    panel_arranged: bool = False  # a stage 3 panel's clock: its day given, so not chased


@dataclass(frozen=True)
class PlannedReminder:
    kind: ReminderKind
    recipients: tuple[Recipient, ...]
    due_at: datetime
    step: int = 0

    def dedupe_key(self, facts: DeadlineFacts) -> str:
        return f"r:{facts.deadline_id}:{self.kind.value}:{self.step}:{facts.due.isoformat()}"


def plan(
    facts: DeadlineFacts, *, calendar: WorkingCalendar, policy: ChaserPolicy
) -> list[PlannedReminder]:
    def at(day: date) -> datetime:
        return calendar.at_local_time(calendar.next_working_day(day), policy.chaser_time)

    def working_days_after(days: int) -> date:
        return calendar.add_working_days(facts.due, days)

    if facts.rule in (DeadlineRule.ACKNOWLEDGEMENT, DeadlineRule.CODE_ACKNOWLEDGEMENT):
        return [
            PlannedReminder(
                ReminderKind.ACKNOWLEDGEMENT_LATE,
                (Recipient.COMPLAINTS_TEAM,),
                at(working_days_after(1)),
            )
        ]
    if facts.rule in DATA_PROTECTION_RULES:
        team = (Recipient.ASSIGNEE, Recipient.COMPLAINTS_TEAM)
        soon = _working_days_before(calendar, facts.due, max(policy.due_soon_days, 1))
        return [
            PlannedReminder(ReminderKind.DUE_SOON, team, at(soon)),
            PlannedReminder(ReminderKind.DUE_TODAY, team, at(facts.due)),
            PlannedReminder(
                ReminderKind.OVERDUE, (Recipient.COMPLAINTS_TEAM,), at(working_days_after(1)), 1
            ),
        ]
    if facts.rule in WINDOW_RULES:
        warn_on = _working_days_before(calendar, facts.due, policy.window_warning_days)
        return [
            PlannedReminder(
                ReminderKind.ESCALATION_WINDOW_CLOSING, (Recipient.COMPLAINTS_TEAM,), at(warn_on)
            )
        ]
    if facts.rule not in RESPONSE_RULES:
        return []
    chasers = [Recipient.ASSIGNEE, Recipient.TEAM_MANAGER]
    planned = []
    if policy.due_soon_days > 0:
        soon = _working_days_before(calendar, facts.due, policy.due_soon_days)
        planned.append(PlannedReminder(ReminderKind.DUE_SOON, tuple(chasers), at(soon)))
    planned.append(PlannedReminder(ReminderKind.DUE_TODAY, tuple(chasers), at(facts.due)))
    if facts.extended and facts.maximum is not None and facts.due >= facts.maximum:
        planned.append(
            PlannedReminder(
                ReminderKind.EXTENSION_AT_MAXIMUM,
                (Recipient.TEAM_MANAGER, Recipient.COMPLAINTS_TEAM),
                at(facts.due),
            )
        )
    planned.append(
        PlannedReminder(
            ReminderKind.REASON_FOR_DELAY, (Recipient.ASSIGNEE,), at(working_days_after(1))
        )
    )
    if (
        facts.rule == DeadlineRule.STAGE_3_PANEL
        and policy.panel_warning_days > 0
        and not facts.panel_arranged
    ):
        arrange_by = _working_days_before(calendar, facts.due, policy.panel_warning_days)
        planned.append(
            PlannedReminder(
                ReminderKind.PANEL_NOT_ARRANGED,
                (Recipient.COMPLAINTS_TEAM, Recipient.ASSIGNEE),
                at(arrange_by),
            )
        )
    for step, (days, role) in enumerate(policy.ladder, start=1):
        planned.append(
            PlannedReminder(
                ReminderKind.OVERDUE,
                (ROLE_RECIPIENTS[role],),
                at(working_days_after(days)),
                step=step,
            )
        )
    return planned


def _working_days_before(calendar: WorkingCalendar, day: date, count: int) -> date:
    """The working day `count` working days before `day` (counting back)."""
    probe = day
    remaining = count
    while remaining > 0:
        probe = date.fromordinal(probe.toordinal() - 1)
        if calendar.is_working_day(probe):
            remaining -= 1
    return probe
