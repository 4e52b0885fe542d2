"""Every headline figure of the reports, defined once: a stable name, the words printed in the
report's footnotes and metrics.json, and the SQL aggregate that counts it.

Shared definitions (the issue's, and what the seeds' councils mean):
- received: started in the period (a stage opened, a contact received);
- closed: responded to (or closed) in the period, whenever it was received;
- in time: responded on or before the due date, or by an extended due date that was agreed in
  time; percentages are of those closed in the period, rounded half up to whole numbers.
Automated mail is never counted. Figures are computed for several periods in one scan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.engine import Connection

from reports.coverage import Coverage
from reports.periods import Period, PeriodOf
from store.reports import metrics as queries

RECEIVED = "started in the period"
CLOSED = "responded to in the period, whenever received"
IN_TIME = (
    "responded on or before the due date, or by an extended due date agreed in time "
    "(on or before the original due date), as a percentage of those closed in the period, "
    "rounded half up"
)


@dataclass(frozen=True)
class Metric:
    name: str
    definition: str
    unit: str = "count"  # count | percent | days | pounds


@dataclass(frozen=True)
class StageFamily:
    """One kind of record answered at one stage: its figures share a prefix."""

    prefix: str
    label: str
    record_kind: str
    stage_kind: str
    what: str  # how a definition names them


FAMILIES = (
    StageFamily(
        "pre_complaint", "Pre-complaints", "pre_complaint", "informal",
        "pre-complaints (complaints answered informally, at first contact)",
    ),
    StageFamily("stage1", "Stage 1", "complaint", "statutory_1", "statutory stage 1 complaints"),
    StageFamily("stage2", "Stage 2", "complaint", "statutory_2", "statutory stage 2 complaints"),
    StageFamily("stage3", "Stage 3", "complaint", "statutory_3", "statutory stage 3 complaints"),
    StageFamily(
        "corporate_stage1", "Corporate stage 1", "complaint", "corporate_1",
        "corporate stage 1 complaints",
    ),
    StageFamily(
        "corporate_stage2", "Corporate stage 2", "complaint", "corporate_2",
        "corporate stage 2 complaints",
    ),
)  # fmt: skip
CONTACT_KINDS = {
    "complaint": "complaints (statutory and corporate)",
    "professional": "professional complaints (raised by another professional or agency)",
    "enquiry": "enquiries (questions, requests for information, MP and councillor enquiries)",
    "compliment": "compliments",
    "comment": "comments",
}
_RECORD_KIND = {"professional": "professional_complaint"}
LGSCO_UPHELD = ("upheld_with_injustice", "upheld_no_further_action", "upheld_without_injustice")
LGSCO_INVESTIGATED = (*LGSCO_UPHELD, "not_upheld")


def _family_metrics(family: StageFamily) -> list[Metric]:
    what = family.what
    p = family.prefix
    return [
        Metric(f"{p}.received", f"Number of {what} {RECEIVED}."),
        Metric(f"{p}.closed", f"Number of {what} {CLOSED}."),
        Metric(f"{p}.in_time", f"Number of {what} closed in the period and in time."),
        Metric(f"{p}.in_time_pct", f"Of {what} closed in the period, those {IN_TIME}.", "percent"),
        Metric(
            f"{p}.within_target",
            f"Number of {what} closed in the period on or before the original due date.",
        ),
        Metric(
            f"{p}.within_extension",
            f"Number of {what} closed in the period after the original due date but by an "
            "extended due date agreed in time.",
        ),
        Metric(
            f"{p}.late",
            f"Number of {what} closed in the period after the due date (and any extension "
            "agreed in time), or with no due date recorded.",
        ),
        Metric(
            f"{p}.late_with_reason",
            f"Number of {what} closed late in the period with a reason for the delay recorded.",
        ),
        Metric(
            f"{p}.average_working_days",
            f"Mean working days from the start of the stage to the response, over {what} "
            "closed in the period, to one decimal place.",
            "days",
        ),
    ]


def _registry() -> dict[str, Metric]:
    metrics: list[Metric] = []
    for family in FAMILIES:
        metrics.extend(_family_metrics(family))
    for name, what in CONTACT_KINDS.items():
        metrics.append(Metric(f"{name}.received", f"Number of {what} received in the period."))
    metrics += [
        Metric(
            "not_logged.received",
            "Number of contacts received in the period that were not logged as complaints "
            "(ineligible for the procedure, with the reason recorded).",
        ),
        Metric(
            "advocacy.offered",
            "Number of complaints received in the period where advocacy was offered "
            "(complaints from children and young people).",
        ),
        Metric(
            "escalation.stage1_to_stage2_pct",
            "Stage 2 complaints received in the period as a percentage of stage 1 complaints "
            "received in the period, rounded half up.",
            "percent",
        ),
        Metric(
            "escalation.stage2_to_stage3_pct",
            "Stage 3 complaints received in the period as a percentage of stage 2 complaints "
            "received in the period, rounded half up.",
            "percent",
        ),
        Metric(
            "lgsco.received",
            "Number of enquiries from the Local Government and Social Care Ombudsman received "
            "in the period.",
        ),
        Metric("lgsco.decided", "Number of LGSCO decisions made in the period."),
        Metric(
            "lgsco.detailed_investigations",
            "Number of LGSCO decisions made in the period after a detailed investigation "
            "(upheld, with injustice or with no further action, or not upheld).",
        ),
        Metric(
            "lgsco.upheld",
            "Number of LGSCO decisions made in the period that found fault "
            "(upheld, with injustice or with no further action).",
        ),
        Metric(
            "lgsco.remedy_cost",
            "Total cost in pounds of remedies in LGSCO decisions made in the period.",
            "pounds",
        ),
    ]
    return {metric.name: metric for metric in metrics}


METRICS: dict[str, Metric] = _registry()


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
        """metrics.json's shape: the period reported on, then each metric with its definition,
        and the earlier periods' values for the trend tables."""
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


def compute(connection: Connection, periods: Sequence[Period]) -> Figures:
    """All metrics for all `periods`, in five aggregate queries."""
    figures = Figures(list(periods))
    for name in METRICS:
        empty = None if METRICS[name].unit in ("percent", "days") else 0
        figures.values[name] = [empty] * len(periods)
    _stage_received(connection, figures)
    _stage_closed(connection, figures)
    _contacts(connection, figures)
    _lgsco(connection, figures)
    _derive(figures)
    return figures


FAMILY_OF_STAGE = {family.stage_kind: family for family in FAMILIES}
assert len(FAMILY_OF_STAGE) == len(FAMILIES), "a stage kind belongs to one family"


STAGE_KINDS = [(family.record_kind, family.stage_kind) for family in FAMILIES]


def _stage_received(connection: Connection, figures: Figures) -> None:
    period_of = PeriodOf(figures.periods)
    for kind, day, count in queries.stages_opened(connection, figures.periods, STAGE_KINDS):
        index = period_of(day)
        if index is not None:
            figures._add(f"{FAMILY_OF_STAGE[str(kind)].prefix}.received", index, count)


def _stage_closed(connection: Connection, figures: Figures) -> None:
    period_of = PeriodOf(figures.periods)
    rows = queries.stages_closed(connection, figures.periods, STAGE_KINDS)
    days: dict[tuple[str, int], list[int]] = {}
    for kind, day, closed, in_target, in_extension, late_reason, wd, wd_n in rows:
        index = period_of(day)
        if index is None:
            continue
        i, p = index, FAMILY_OF_STAGE[str(kind)].prefix
        figures._add(f"{p}.closed", i, closed)
        figures._add(f"{p}.within_target", i, int(in_target or 0))
        figures._add(f"{p}.within_extension", i, int(in_extension or 0))
        figures._add(f"{p}.in_time", i, int(in_target or 0) + int(in_extension or 0))
        figures._add(f"{p}.late", i, closed - int(in_target or 0) - int(in_extension or 0))
        figures._add(f"{p}.late_with_reason", i, int(late_reason or 0))
        total = days.setdefault((p, i), [0, 0])
        total[0] += int(wd or 0)
        total[1] += int(wd_n or 0)
    for (p, i), (total_days, n) in days.items():
        if n:
            average = Decimal(total_days) / Decimal(n)
            figures.values[f"{p}.average_working_days"][i] = float(
                average.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            )


def _contacts(connection: Connection, figures: Figures) -> None:
    """Contacts received by kind, and the not-logged ones by reason."""
    period_of = PeriodOf(figures.periods)
    rows = queries.contacts_received(connection, figures.periods)
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
            figures._add("advocacy.offered", i, int(advocacy or 0))


def _lgsco(connection: Connection, figures: Figures) -> None:
    for index, count in queries.lgsco_received(connection, figures.periods):
        if index is not None:
            figures._add("lgsco.received", index, count)
    for index, decision, count, cost in queries.lgsco_decided(connection, figures.periods):
        if index is None:
            continue
        i = index
        figures._add("lgsco.decided", i, count)
        if decision in LGSCO_INVESTIGATED:
            figures._add("lgsco.detailed_investigations", i, count)
        if decision in LGSCO_UPHELD:
            figures._add("lgsco.upheld", i, count)
        figures._add("lgsco.remedy_cost", i, (cost or 0) / 100)


def _derive(figures: Figures) -> None:
    for i in range(len(figures.periods)):
        for family in FAMILIES:
            p = family.prefix
            figures.values[f"{p}.in_time_pct"][i] = percent(
                _int(figures.values[f"{p}.in_time"][i]), _int(figures.values[f"{p}.closed"][i])
            )
        for name, upper, lower in (
            ("escalation.stage1_to_stage2_pct", "stage2", "stage1"),
            ("escalation.stage2_to_stage3_pct", "stage3", "stage2"),
        ):
            figures.values[name][i] = percent(
                _int(figures.values[f"{upper}.received"][i]),
                _int(figures.values[f"{lower}.received"][i]),
            )


def _int(value: Value) -> int | None:
    return None if value is None else int(value)


def definitions(names: Iterable[str]) -> list[Metric]:
    return [METRICS[name] for name in names]
