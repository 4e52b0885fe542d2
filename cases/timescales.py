"""Every deadline in the timescale table of docs/domain.md, computed by one policy function.

Targets and maxima are configuration (councils differ on corporate stages, for instance);
the arithmetic is always the working-day calendar's. A deadline is stored with the rule that
produced it and changes only through `extend_deadline`, an explicit, reasoned staff action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from cases.calendar import MAX_WORKING_DAYS, WorkingCalendar
from cases.enums import DeadlineRule, RecordKind, StageKind, Timeliness, label_of


@dataclass(frozen=True)
class Timescale:
    target_days: int
    maximum_days: int | None = None


DEFAULT_TIMESCALES: Mapping[DeadlineRule, Timescale] = {
    DeadlineRule.ACKNOWLEDGEMENT: Timescale(2),
    DeadlineRule.INFORMAL: Timescale(3),
    DeadlineRule.STATUTORY_1: Timescale(10, 20),
    DeadlineRule.STAGE_2_REQUEST: Timescale(20),
    DeadlineRule.STATUTORY_2: Timescale(25, 65),
    DeadlineRule.STAGE_3_REQUEST: Timescale(20),
    DeadlineRule.STAGE_3_PANEL: Timescale(30),
    DeadlineRule.PANEL_REPORT: Timescale(5),
    DeadlineRule.COUNCIL_RESPONSE: Timescale(15),
    DeadlineRule.CORPORATE_1: Timescale(10, 20),
    DeadlineRule.CORPORATE_2_REQUEST: Timescale(20),
    DeadlineRule.CORPORATE_2: Timescale(10, 20),
    DeadlineRule.LGSCO_RESPONSE: Timescale(20),
    # The Ombudsman's Complaint Handling Code (councils' non-statutory complaints): acknowledge
    # each stage within 5 working days; answer stage 1 within 10 working days of the
    # acknowledgement and stage 2 within 20, each extendable once (here by as long again).
    DeadlineRule.CODE_ACKNOWLEDGEMENT: Timescale(5),
    DeadlineRule.CODE_CORPORATE_1: Timescale(10, 20),
    DeadlineRule.CODE_CORPORATE_2: Timescale(20, 40),
}
# A stage's response is extended only with the complainant's agreement, given on or before the
# original due date (the seeds count "in extended time" only for extensions agreed in advance):
# statutory stage 1 up to 20 working days, corporate stages as configured. Statutory stage 2
# runs 25 working days and may run to 65 when the investigation needs it, with the reason
# recorded and the complainant told (the seeds describe no agreement): its extension needs a
# reason, not the complainant's agreement.
NEEDS_COMPLAINANT_AGREEMENT = frozenset(
    {
        DeadlineRule.INFORMAL,
        DeadlineRule.STATUTORY_1,
        DeadlineRule.CORPORATE_1,
        DeadlineRule.CORPORATE_2,
    }
)

# The council's own clocks: closure days (HEARD_CLOSURE_DAYS) may move them. Every other clock
# is set by the 2006 Regulations and their guidance, or by the Ombudsman, and counts closure
# days as working days: a council closing its office does not give itself longer.
CLOSURE_DAYS_MOVE = frozenset(
    {
        DeadlineRule.INFORMAL,
        DeadlineRule.CORPORATE_1,
        DeadlineRule.CORPORATE_2,
        DeadlineRule.CORPORATE_2_REQUEST,
        DeadlineRule.CODE_ACKNOWLEDGEMENT,
        DeadlineRule.CODE_CORPORATE_1,
        DeadlineRule.CODE_CORPORATE_2,
    }
)


def calendar_for(rule: DeadlineRule, calendar: WorkingCalendar) -> WorkingCalendar:
    """The calendar `rule`'s clock counts in: with the council's closure days for its own
    (corporate) clocks, without them for statutory ones."""
    return calendar if rule in CLOSURE_DAYS_MOVE else calendar.without_closures()


_STAGE_RULES: Mapping[StageKind, DeadlineRule] = {
    StageKind.INFORMAL: DeadlineRule.INFORMAL,
    StageKind.STATUTORY_1: DeadlineRule.STATUTORY_1,
    StageKind.STATUTORY_2: DeadlineRule.STATUTORY_2,
    StageKind.STATUTORY_3: DeadlineRule.STAGE_3_PANEL,
    StageKind.CORPORATE_1: DeadlineRule.CORPORATE_1,
    StageKind.CORPORATE_2: DeadlineRule.CORPORATE_2,
}
# Stage 3 runs three clocks in turn: the panel within 30 working days of the request, the
# chair's report within 5 of the panel, the council's response within 15 of the report. Each
# step meets one clock and opens the next; the stage's timeliness is judged on the last.
STAGE_3_STEPS: Mapping[str, tuple[DeadlineRule, DeadlineRule]] = {
    "panel_held": (DeadlineRule.STAGE_3_PANEL, DeadlineRule.PANEL_REPORT),
    "chair_report": (DeadlineRule.PANEL_REPORT, DeadlineRule.COUNCIL_RESPONSE),
}
# Stage 3's steps, each open while its clock runs (each opens the next's): the panel, the
# chair's report, then the council's response. A card or a page offers no other, which could
# only be refused.
STAGE_THREE_CLOCKS: Mapping[str, DeadlineRule] = {
    "panel_held": DeadlineRule.STAGE_3_PANEL,
    "chair_report": DeadlineRule.PANEL_REPORT,
    "respond": DeadlineRule.COUNCIL_RESPONSE,
}


def stage_three_steps_closed(open_rules: Iterable[str]) -> frozenset[str]:
    """The stage 3 steps (action values) whose clock is not running now."""
    running = set(open_rules)
    return frozenset(step for step, rule in STAGE_THREE_CLOCKS.items() if rule.value not in running)


# Under the Code a corporate stage's answer runs to the Code's timescale, from the acknowledgement.
CODE_TIMESCALES: Mapping[StageKind, DeadlineRule] = {
    StageKind.CORPORATE_1: DeadlineRule.CODE_CORPORATE_1,
    StageKind.CORPORATE_2: DeadlineRule.CODE_CORPORATE_2,
}
_ESCALATION_REQUEST_RULES: Mapping[StageKind, DeadlineRule] = {
    StageKind.STATUTORY_1: DeadlineRule.STAGE_2_REQUEST,
    StageKind.STATUTORY_2: DeadlineRule.STAGE_3_REQUEST,
    StageKind.CORPORATE_1: DeadlineRule.CORPORATE_2_REQUEST,
}


class ExtensionRefused(ValueError):
    """An extension the rules do not allow; the message says what is allowed."""


@dataclass(frozen=True)
class TimescalePolicy:
    timescales: Mapping[DeadlineRule, Timescale] = field(
        default_factory=lambda: dict(DEFAULT_TIMESCALES)
    )
    # Corporate stages opened on or after this day run under the Ombudsman's Complaint
    # Handling Code (None: never).
    code_from: date | None = None

    @classmethod
    def from_overrides(
        cls, overrides: Mapping[str, tuple[int, int | None]], *, code_from: date | None = None
    ) -> TimescalePolicy:
        merged = dict(DEFAULT_TIMESCALES)
        for name, (target, maximum) in overrides.items():
            try:
                rule = DeadlineRule(name)
            except ValueError:
                known = ", ".join(rule.value for rule in DeadlineRule)
                raise ValueError(f"unknown timescale {name!r} (known: {known})") from None
            if target < 0 or (maximum is not None and maximum < target):
                raise ValueError(f"timescale {name!r}: need 0 <= target <= maximum")
            if max(target, maximum or 0) > MAX_WORKING_DAYS:
                raise ValueError(f"timescale {name!r}: at most {MAX_WORKING_DAYS} working days")
            merged[rule] = Timescale(target, maximum)
        return cls(timescales=merged, code_from=code_from)

    def __getitem__(self, rule: DeadlineRule) -> Timescale:
        return self.timescales[rule]

    def under_code(self, stage: StageKind, opened_on: date) -> bool:
        """Does a stage of this kind, opened that day, run under the Complaint Handling Code?"""
        return self.code_from is not None and stage in CODE_TIMESCALES and opened_on >= self.code_from


@dataclass(frozen=True)
class Deadline:
    rule: DeadlineRule
    start: date
    due: date
    maximum: date | None


def compute_deadline(
    rule: DeadlineRule, *, start: date, calendar: WorkingCalendar, policy: TimescalePolicy
) -> Deadline:
    """The one function that turns a rule and a day 0 into due and maximum dates (closure days
    count as working days for a statutory clock: calendar_for)."""
    calendar = calendar_for(rule, calendar)
    timescale = policy[rule]
    maximum = (
        calendar.add_working_days(start, timescale.maximum_days)
        if timescale.maximum_days is not None
        else None
    )
    return Deadline(rule, start, calendar.add_working_days(start, timescale.target_days), maximum)


def stage_clocks(
    stage: StageKind,
    *,
    start: date,
    calendar: WorkingCalendar,
    policy: TimescalePolicy,
    record_kind: RecordKind = RecordKind.COMPLAINT,
) -> list[Deadline]:
    """The clocks a stage opens with. Under the Complaint Handling Code: its acknowledgement,
    then its answer, timed from the last day the acknowledgement may be sent until staff send
    it (code_answer_deadline). Otherwise: its answer. The Code is for complaints from the
    public: another agency's (a professional complaint) keeps the council's own timescales, and
    so stays out of the Code's report as it is out of its "received" row."""
    if record_kind == RecordKind.PROFESSIONAL_COMPLAINT or not policy.under_code(stage, start):
        return [compute_deadline(stage_rule(stage), start=start, calendar=calendar, policy=policy)]
    acknowledgement = compute_deadline(
        DeadlineRule.CODE_ACKNOWLEDGEMENT, start=start, calendar=calendar, policy=policy
    )
    answer = code_answer_deadline(
        stage, acknowledged_on=acknowledgement.due, calendar=calendar, policy=policy
    )
    return [acknowledgement, answer]


def code_answer_deadline(
    stage: StageKind, *, acknowledged_on: date, calendar: WorkingCalendar, policy: TimescalePolicy
) -> Deadline:
    """Under the Code a stage is answered within its working days of the acknowledgement; the
    clock is the stage's own (corporate_1, corporate_2), run to the Code's timescale."""
    computed = compute_deadline(
        CODE_TIMESCALES[stage], start=acknowledged_on, calendar=calendar, policy=policy
    )
    return Deadline(stage_rule(stage), computed.start, computed.due, computed.maximum)


def extend_code_deadline(
    deadline: Deadline,
    *,
    new_due: date,
    reason: str,
    extended_before: bool,
    acknowledged: bool,
    calendar: WorkingCalendar,
) -> Deadline:
    """An extension under the Complaint Handling Code: once per stage, with a reason the
    complainant is told (no agreement needed), no later than the Code's maximum, and only
    once the stage is acknowledged (its answer is timed from the acknowledgement)."""
    if not acknowledged:
        raise ExtensionRefused(
            "acknowledge the stage first: under the Complaint Handling Code its answer is timed "
            "from the acknowledgement"
        )
    if extended_before:
        raise ExtensionRefused(
            "the Complaint Handling Code allows one extension of each stage, and this stage "
            "has had it"
        )
    if deadline.maximum is not None and new_due > deadline.maximum:
        raise ExtensionRefused(
            f"{label_of(deadline.rule)} can be extended to {deadline.maximum.isoformat()} at the most"
        )
    if new_due <= deadline.due:
        raise ExtensionRefused(f"the new date must be after {deadline.due.isoformat()}")
    if not calendar.is_working_day(new_due):
        raise ExtensionRefused(f"{new_due.isoformat()} is not a working day")
    if not reason.strip():
        raise ExtensionRefused("an extension needs a reason, which the complainant is told")
    return Deadline(deadline.rule, deadline.start, new_due, deadline.maximum)


def extend_deadline(
    deadline: Deadline,
    *,
    new_due: date,
    reason: str,
    agreed_on: date | None,
    calendar: WorkingCalendar,
    original_due: date | None = None,
) -> Deadline:
    """A longer deadline, or ExtensionRefused saying why (the maximum date, when it is that).

    `deadline.due` is the current due date (an earlier extension's, if any); `original_due` the
    date before any extension, by which the complainant must have agreed.
    """
    if deadline.maximum is None:
        raise ExtensionRefused(f"{label_of(deadline.rule)} cannot be extended")
    if new_due > deadline.maximum:
        raise ExtensionRefused(
            f"{label_of(deadline.rule)} can be extended to {deadline.maximum.isoformat()} at the most"
        )
    if new_due <= deadline.due:
        raise ExtensionRefused(f"the new date must be after {deadline.due.isoformat()}")
    if not calendar_for(deadline.rule, calendar).is_working_day(new_due):
        raise ExtensionRefused(f"{new_due.isoformat()} is not a working day")
    if not reason.strip():
        raise ExtensionRefused("an extension needs a reason")
    if deadline.rule in NEEDS_COMPLAINANT_AGREEMENT:
        if agreed_on is None:
            raise ExtensionRefused("the date the complainant agreed the extension is needed")
        by = original_due or deadline.due
        if agreed_on > by:
            raise ExtensionRefused(
                f"the complainant agreed on {agreed_on.isoformat()}, after the due date "
                f"{by.isoformat()}: an extension must be agreed before the response is late"
            )
    return Deadline(deadline.rule, deadline.start, new_due, deadline.maximum)


def timeliness(*, responded_on: date, due: date, extended_due: date | None) -> Timeliness:
    if responded_on <= due:
        return Timeliness.IN_TIME
    if extended_due is not None and responded_on <= extended_due:
        return Timeliness.IN_EXTENDED_TIME
    return Timeliness.LATE


def time_limit_expired(*, event_or_awareness_on: date, received_on: date, months: int = 12) -> bool:
    """More than `months` after the event or the complainant's awareness of it."""
    year, month = divmod(event_or_awareness_on.month - 1 + months, 12)
    limit_year, limit_month = event_or_awareness_on.year + year, month + 1
    day = min(event_or_awareness_on.day, _days_in_month(limit_year, limit_month))
    return received_on > date(limit_year, limit_month, day)


def stage_rule(stage: StageKind) -> DeadlineRule:
    """The clock opened when the stage starts."""
    return _STAGE_RULES[stage]


def response_rule(stage: StageKind) -> DeadlineRule:
    """The clock the stage's response meets and its timeliness is judged on: at stage 3 the
    council's response to the panel, elsewhere the stage's own."""
    return DeadlineRule.COUNCIL_RESPONSE if stage == StageKind.STATUTORY_3 else _STAGE_RULES[stage]


def escalation_request_rule(stage: StageKind) -> DeadlineRule | None:
    return _ESCALATION_REQUEST_RULES.get(stage)


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days
