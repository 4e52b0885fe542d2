"""Every headline figure of the reports, counted: the database groups and counts (store.reports),
this module adds the rows up into the periods a report shows and derives the percentages. The
names and definitions are in reports.metric_registry. Automated mail is never counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from sqlalchemy.engine import Connection

from reports.coverage import Coverage
from reports.metric_registry import (
    CODE_STAGES,
    CONTACT_KINDS,
    FAMILIES,
    FAMILY_OF_STAGE,
    FAULT_FOUND,
    LGSCO_INVESTIGATED,
    LGSCO_UPHELD,
    METRICS,
    OUTCOMES,
    OVERDUE_AT_END,
    REMEDIES,
    STAGE_THREE_STEP_OF_RULE,
    STAGE_THREE_STEPS,
    Metric,
)
from reports.periods import Period, PeriodOf
from store.reports import code, flows, stage_three, trends
from store.reports import metrics as queries
from store.reports.reading import Readers
from store.reports.sql import FORMAL_STAGE_RECORD_KINDS

__all__ = ["FAMILIES", "METRICS", "Figures", "Metric", "compute", "definitions", "percent"]

_RECORD_KIND = {"professional": "professional_complaint"}
# a pre-complaint taken to a formal stage counts there (FORMAL_STAGE_RECORD_KINDS)
STAGE_KINDS = [
    (kind, family.stage_kind)
    for family in FAMILIES
    for kind in (
        FORMAL_STAGE_RECORD_KINDS if family.record_kind == "complaint" else (family.record_kind,)
    )
]
_OUTCOME_NAME = {stored: name for name, stored in OUTCOMES.items()}
_CODE_PREFIX = {kind: f"code.{key}" for key, (kind, *_) in CODE_STAGES.items()}  # by stage kind


def percent(part: int | None, whole: int | None) -> int | None:
    """Whole-number percentage, rounded half up (not Python's round-half-even)."""
    if not whole or part is None:
        return None
    exact = Decimal(part) * 100 / Decimal(whole)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


Value = int | float | None


@dataclass
class Figures:
    """Every metric for each period: `periods[0]` is the period reported on, then earlier ones."""

    periods: list[Period]
    values: dict[str, list[Value]] = field(default_factory=dict)
    # Contacts not logged as complaints, by the reason recorded: reason -> count per period
    # (counted in the same scan as not_logged.received; the report's table, not a metric).
    not_logged_reasons: dict[str, list[int]] = field(default_factory=dict)
    coverage: list[Coverage] = field(default_factory=list)  # each period's, set by the report

    def get(self, name: str, index: int = 0) -> Value:
        if name not in METRICS:
            raise KeyError(f"no metric {name!r}")
        return self.values.get(name, [None] * len(self.periods))[index]

    def series(self, name: str) -> list[Value]:
        return [self.get(name, i) for i in range(len(self.periods))]

    def _add(self, name: str, index: int, amount: int | float) -> None:
        row = self.values.setdefault(name, [0] * len(self.periods))
        row[index] = (row[index] or 0) + amount

    def as_json(self) -> dict[str, object]:
        """metrics.json's shape: the period reported on and how much of each period the records
        cover, then each metric with its definition and the earlier periods' values."""
        current = self.periods[0]
        return {
            "period": {"from": current.start.isoformat(), "to": current.end.isoformat()},
            "coverage": {
                c.period.label: {
                    "from": None if c.empty else c.first_day.isoformat(),
                    "to": None if c.empty else c.last_day.isoformat(),
                    "complete": c.complete,
                    "note": c.describe(),
                }
                for c in self.coverage
            },
            "metrics": {
                name: {
                    "value": self.get(name),
                    "unit": metric.unit,
                    "definition": metric.definition,
                    "previous": {
                        period.label: self.get(name, i)
                        for i, period in enumerate(self.periods[1:], start=1)
                    },
                }
                for name, metric in METRICS.items()
            },
        }


def compute(
    reader: Connection | Readers, periods: Sequence[Period], *, today: date | None = None
) -> Figures:
    """All metrics for all `periods`: each aggregate query runs once for all of them (the
    stages open across a year's ends, for the period reported on and the one before), the
    queries side by side when `reader` has connections to spare. `today`: the day the report
    is produced, where a period not yet over is counted to (what is overdue by its end)."""
    readers = reader if isinstance(reader, Readers) else Readers(reader)
    figures = Figures(list(periods))
    for name in METRICS:
        empty = None if METRICS[name].unit in ("percent", "days") else 0
        figures.values[name] = [empty] * len(periods)
    ends = _year_ends(figures.periods)
    steps: list[tuple[Callable[[Connection], Any], Callable[[Any, Figures], None]]] = [
        # the longest first, so that the last to finish is a short one
        (lambda c: queries.stages_closed(c, periods, STAGE_KINDS), _stage_closed),
        (lambda c: queries.stages_opened(c, periods, STAGE_KINDS), _stage_received),
        (lambda c: flows.open_at(c, [day for _, _, day in ends], STAGE_KINDS), _open_stages),
        (lambda c: flows.withdrawn(c, periods, STAGE_KINDS), _withdrawn_stages),
        (lambda c: queries.contacts_received(c, periods), _contacts),
        (lambda c: trends.pre_complaints_taken_on(c, periods), _taken_on),
        (lambda c: trends.remedies_given(c, periods, STAGE_KINDS), _remedies),
        (lambda c: code.answered(c, periods), _answered),
        (lambda c: stage_three.steps_taken(c, periods, STAGE_KINDS), _stage_three_taken),
        (
            lambda c: stage_three.overdue_at(c, _counted_to(periods, today), STAGE_KINDS),
            partial(_stage_three_overdue, today=today),
        ),
        (lambda c: code.acknowledged(c, periods), _acknowledged),
        (lambda c: trends.historic_received(c, periods), _day_counts("historic.received")),
        (lambda c: queries.lgsco_received(c, periods), _lgsco_received),
        (lambda c: queries.lgsco_decided(c, periods), _lgsco_decided),
        (lambda c: trends.examples_received(c, periods), _examples),
        (lambda c: trends.advocacy_recorded(c, periods), _day_counts("advocacy.recorded")),
    ]
    found = readers.map([read for read, _ in steps])
    for (_, add), rows in zip(steps, found, strict=True):
        add(rows, figures)
    _derive(figures)
    return figures


def _stage_received(rows: list[queries.StagesOpened], figures: Figures) -> None:
    period_of = PeriodOf(figures.periods)
    for kind, day, count in rows:
        index = period_of(day)
        if index is not None:
            figures._add(f"{FAMILY_OF_STAGE[str(kind)].prefix}.received", index, count)


def _stage_closed(rows: list[queries.StagesClosed], figures: Figures) -> None:
    period_of = PeriodOf(figures.periods)
    days: dict[tuple[str, int], list[int]] = {}
    for row in rows:
        i = period_of(row.day)
        if i is None:
            continue
        family = FAMILY_OF_STAGE[str(row.kind)]
        p = family.prefix
        in_target, in_extension = int(row.within_target or 0), int(row.within_extension or 0)
        figures._add(f"{p}.closed", i, row.closed)
        figures._add(f"{p}.within_target", i, in_target)
        figures._add(f"{p}.within_extension", i, in_extension)
        figures._add(f"{p}.in_time", i, in_target + in_extension)
        figures._add(f"{p}.late", i, row.closed - in_target - in_extension)
        figures._add(f"{p}.late_with_reason", i, int(row.late_with_reason or 0))
        if row.outcome in _OUTCOME_NAME:
            figures._add(f"{p}.outcome.{_OUTCOME_NAME[row.outcome]}", i, row.closed)
        if family.first_stage:
            figures._add(f"{p}.within_10_working_days", i, int(row.within_10 or 0))
            figures._add(f"{p}.within_20_working_days", i, int(row.within_20 or 0))
            beyond = int(row.with_working_days) - int(row.within_20 or 0)
            figures._add(f"{p}.beyond_20_working_days", i, beyond)
            figures._add(f"{p}.manager_contact", i, int(row.manager_contact or 0))
            figures._add(f"{p}.manager_contact_recorded", i, int(row.manager_recorded or 0))
        total = days.setdefault((p, i), [0, 0])
        total[0] += int(row.working_days or 0)
        total[1] += int(row.with_working_days or 0)
    for (p, i), (total_days, n) in days.items():
        if n:
            average = Decimal(total_days) / Decimal(n)
            figures.values[f"{p}.average_working_days"][i] = float(
                average.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            )


def _contacts(rows: list[queries.ContactsReceived], figures: Figures) -> None:
    """Contacts received by kind, and the not-logged ones by reason."""
    period_of = PeriodOf(figures.periods)
    kinds = {_RECORD_KIND.get(name, name): name for name in CONTACT_KINDS}
    for day, record_kind, route, reason, count, advocacy in rows:
        i = period_of(day)
        if i is None:
            continue
        if route == "not_logged":
            figures._add("not_logged.received", i, count)
            reasons = figures.not_logged_reasons.setdefault(
                str(reason or "other"), [0] * len(figures.periods)
            )
            reasons[i] += count
            continue
        if record_kind in kinds:
            figures._add(f"{kinds[record_kind]}.received", i, count)
        if record_kind == "complaint":
            figures._add("advocacy.flagged", i, int(advocacy or 0))
            if route in ("statutory", "corporate"):
                figures._add(f"complaint.{route}.received", i, count)


def _taken_on(rows: list[trends.DayCount], figures: Figures) -> None:
    """A pre-complaint the family took on to a formal complaint is a complaint received too, as
    the tables of complaints received count it (and still a pre-complaint received)."""
    period_of = PeriodOf(figures.periods)
    for day, route, count in rows:
        i = period_of(day)
        if i is not None:
            figures._add("complaint.received", i, count)
            figures._add(f"complaint.{route}.received", i, count)


def _examples(rows: list[trends.DayCount], figures: Figures) -> None:
    period_of = PeriodOf(figures.periods)
    for day, kind, count in rows:
        i = period_of(day)
        if i is not None:
            family = "compliment" if kind == "compliment" else "complaint"
            figures._add(f"example.{family}", i, count)


def _day_counts(name: str) -> Callable[[list[trends.DayCount], Figures], None]:
    """Adds (day, kind, count) rows to the metric `name` whatever their kind: historic
    complaints received and advocacy offers recorded are each one count a day."""

    def add(rows: list[trends.DayCount], figures: Figures) -> None:
        period_of = PeriodOf(figures.periods)
        for day, _, count in rows:
            i = period_of(day)
            if i is not None:
                figures._add(name, i, count)

    return add


def _lgsco_received(rows: list[tuple[int | None, int]], figures: Figures) -> None:
    for index, count in rows:
        if index is not None:
            figures._add("lgsco.received", index, count)


def _lgsco_decided(rows: list[queries.LgscoDecided], figures: Figures) -> None:
    for index, decision, count, cost in rows:
        if index is None:
            continue
        i = index
        figures._add("lgsco.decided", i, count)
        if f"lgsco.finding.{decision}" in METRICS:
            figures._add(f"lgsco.finding.{decision}", i, count)
        if decision in LGSCO_INVESTIGATED:
            figures._add("lgsco.detailed_investigations", i, count)
        if decision in LGSCO_UPHELD:
            figures._add("lgsco.upheld", i, count)
        figures._add("lgsco.remedy_cost", i, (cost or 0) / 100)


def _remedies(rows: list[trends.RemedyCount], figures: Figures) -> None:
    for row in rows:
        if row.period is not None and row.remedy_kind in REMEDIES:
            figures._add(f"remedy.{row.remedy_kind}", row.period, row.responses)


def _year_ends(periods: Sequence[Period]) -> list[tuple[int, str, date]]:
    """The ends of the period reported on and of the one before it: (period, metric, day)."""
    ends = [(0, "open_at_end", periods[0].end)]
    ends.append((0, "open_at_start", periods[0].start - timedelta(days=1)))
    if len(periods) > 1:
        ends.append((1, "open_at_end", periods[1].end))
        ends.append((1, "open_at_start", periods[1].start - timedelta(days=1)))
    return ends


def _open_stages(counted_on: dict[date, dict[str, int]], figures: Figures) -> None:
    """Stages open across the ends of the period reported on and of the one before it."""
    for index, name, day in _year_ends(figures.periods):
        for kind, count in counted_on[day].items():
            figures._add(f"{FAMILY_OF_STAGE[kind].prefix}.{name}", index, count)


def _withdrawn_stages(rows: list[tuple[str, date]], figures: Figures) -> None:
    period_of = PeriodOf(figures.periods)
    for kind, day in rows:
        index = period_of(day)
        if index is not None:
            figures._add(f"{FAMILY_OF_STAGE[kind].prefix}.withdrawn", index, 1)


def _acknowledged(rows: list[code.CodeAcknowledged], figures: Figures) -> None:
    """The corporate stages under the Complaint Handling Code: acknowledged, and in time."""
    period_of = PeriodOf(figures.periods)
    for row in rows:
        i = period_of(row.day)
        if i is not None:
            prefix = _CODE_PREFIX[row.kind]
            figures._add(f"{prefix}.acknowledged", i, row.acknowledged)
            figures._add(f"{prefix}.acknowledged_in_time", i, int(row.in_time or 0))


def _answered(rows: list[code.CodeAnswered], figures: Figures) -> None:
    """The corporate stages under the Complaint Handling Code: answered, in time, extended."""
    period_of = PeriodOf(figures.periods)
    for answer in rows:
        i = period_of(answer.day)
        if i is not None:
            prefix = _CODE_PREFIX[answer.kind]
            figures._add(f"{prefix}.closed", i, answer.answered)
            figures._add(f"{prefix}.in_time", i, int(answer.in_time or 0))
            figures._add(f"{prefix}.extended", i, int(answer.extended or 0))


def _stage_three_taken(rows: list[stage_three.StepsTaken], figures: Figures) -> None:
    """The panels held and the chairs' reports received, in time and late (the response's
    are the stage3 family's)."""
    period_of = PeriodOf(figures.periods)
    for row in rows:
        i = period_of(row.day)
        step = STAGE_THREE_STEP_OF_RULE.get(row.rule)
        if i is None or step not in STAGE_THREE_STEPS:  # the response's: the stage3 family's
            continue
        in_time = int(row.in_time or 0)
        figures._add(f"{step.prefix}.{step.taken}", i, row.taken)
        figures._add(f"{step.prefix}.in_time", i, in_time)
        figures._add(f"{step.prefix}.late", i, row.taken - in_time)


def _counted_to(periods: Sequence[Period], today: date | None) -> list[date]:
    """Each period's last day, or `today` for one not yet over."""
    return [min(period.end, today) if today else period.end for period in periods]


def _stage_three_overdue(
    found: dict[date, dict[str, int]], figures: Figures, *, today: date | None
) -> None:
    """Each stage 3 step not taken by a period's last day (today, if sooner) though due
    before it."""
    for i, day in enumerate(_counted_to(figures.periods, today)):
        for rule, count in found.get(day, {}).items():
            step = STAGE_THREE_STEP_OF_RULE[rule]
            figures.values[f"{step.prefix}.{OVERDUE_AT_END}"][i] = count


def _derive(figures: Figures) -> None:
    for i in range(len(figures.periods)):
        values = figures.values
        for family in FAMILIES:
            p = family.prefix
            closed = _int(values[f"{p}.closed"][i])
            values[f"{p}.in_time_pct"][i] = percent(_int(values[f"{p}.in_time"][i]), closed)
            fault = sum(int(values[f"{p}.outcome.{_OUTCOME_NAME[o]}"][i] or 0) for o in FAULT_FOUND)
            values[f"{p}.fault_found_pct"][i] = percent(fault, closed)
            if family.first_stage:
                banded = _int(values[f"{p}.within_20_working_days"][i]) or 0
                banded += _int(values[f"{p}.beyond_20_working_days"][i]) or 0
                values[f"{p}.within_20_working_days_pct"][i] = percent(
                    _int(values[f"{p}.within_20_working_days"][i]), banded
                )
                values[f"{p}.manager_contact_pct"][i] = percent(
                    _int(values[f"{p}.manager_contact"][i]),
                    _int(values[f"{p}.manager_contact_recorded"][i]),
                )
        for step in STAGE_THREE_STEPS:
            values[f"{step.prefix}.in_time_pct"][i] = percent(
                _int(values[f"{step.prefix}.in_time"][i]),
                _int(values[f"{step.prefix}.{step.taken}"][i]),
            )
        for key in CODE_STAGES:
            p = f"code.{key}"
            values[f"{p}.acknowledged_in_time_pct"][i] = percent(
                _int(values[f"{p}.acknowledged_in_time"][i]), _int(values[f"{p}.acknowledged"][i])
            )
            values[f"{p}.in_time_pct"][i] = percent(
                _int(values[f"{p}.in_time"][i]), _int(values[f"{p}.closed"][i])
            )
        for name, upper, lower in (
            ("escalation.stage1_to_stage2_pct", "stage2", "stage1"),
            ("escalation.stage2_to_stage3_pct", "stage3", "stage2"),
        ):
            values[name][i] = percent(
                _int(values[f"{upper}.received"][i]), _int(values[f"{lower}.received"][i])
            )


def _int(value: Value) -> int | None:
    return None if value is None else int(value)


def definitions(names: Iterable[str]) -> list[Metric]:
    return [METRICS[name] for name in names]
