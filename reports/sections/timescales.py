"""How quickly complaints were answered: within the target, an agreed extension or late, for
each stage; stage 1's responses within 10, within 20 and beyond 20 working days over the years
and by directorate; average working days; whether a manager called or met the complainant;
and the reasons recorded for delay."""

from __future__ import annotations

from cases.enums import DeadlineRule
from reports import breakdowns as bd
from reports.building import Builder
from reports.cells import Cell, Percent
from reports.labels import label
from reports.metric_registry import (
    FAMILIES,
    OVERDUE_AT_END,
    STAGE_THREE_RESPONSE,
    STAGE_THREE_STEP_OF_RULE,
    STAGE_THREE_STEPS,
)
from reports.metrics import percent
from reports.tables import Chart, Section, Table
from store.reports import by_team

PARTS = (
    "closed",
    "within_target",
    "within_extension",
    "late",
    "in_time_pct",
    "average_working_days",
    "late_with_reason",
)
BANDS = {"within_10": "Within 10", "within_20": "11 to 20", "beyond_20": "Beyond 20"}


def section(b: Builder) -> Section:
    return Section(
        "timescales",
        "Timescales",
        paragraphs=[
            "Stage 1 has a target of 10 working days, extendable to 20 with the "
            "complainant's agreement; stage 2 25 working days, at most 65; a stage 3 panel "
            "is held within 30 working days of the request, and the council responds within "
            "15 working days of the panel's report.",
            b.compare("stage1.within_20_working_days_pct",
                      "Stage 1 complaints answered within 20 working days"),
            b.compare("stage1.manager_contact_pct",
                      "Stage 1 complaints where a manager called or met the complainant"),
        ],
        tables=[
            Table(
                key="timeliness",
                caption=f"Responses in {b.period.named}: within the target, within an agreed "
                "extension, and late",
                columns=["Stage", "Answered", "Within target", "Within agreed extension",
                         "Late", "% in time", "Average working days",
                         "Late with a reason recorded"],
                rows=[[family.label, *(b.value(f"{family.prefix}.{part}") for part in PARTS)]
                      for family in FAMILIES],
                metrics=[f"stage1.{part}" for part in PARTS],
                definition="Each row is counted as these definitions say for statutory stage 1, "
                "for its own kind of record and stage.",
            ),
            b.trend(
                "response_bands",
                "Stage 1 complaints answered within 10, within 20 and beyond 20 working days, "
                "by year",
                (
                    ("Answered", "stage1.closed"),
                    ("Within 10 working days", "stage1.within_10_working_days"),
                    ("Within 20 working days", "stage1.within_20_working_days"),
                    ("Beyond 20 working days", "stage1.beyond_20_working_days"),
                    ("% within 20 working days", "stage1.within_20_working_days_pct"),
                    ("Average working days", "stage1.average_working_days"),
                ),
                chart="Stage 1 complaints answered within 10, within 20 and beyond 20 working "
                "days, by year",
            ),
            stage_three_steps(b),
            stage_three_by_year(b),
            bands_by_directorate(b),
            b.trend(
                "manager_contact",
                "Stage 1 complaints where a manager called or met the complainant, by year",
                (
                    ("Answered with it recorded", "stage1.manager_contact_recorded"),
                    ("Manager called or met the complainant", "stage1.manager_contact"),
                    ("% with a call or meeting", "stage1.manager_contact_pct"),
                ),
                chart="Stage 1 complaints where a manager called or met the complainant",
            ),
            Table(
                key="delay_reasons",
                caption="Reasons recorded for late responses",
                columns=["Reason", "Complaints"],
                rows=[[text, count] for text, count in bd.delay_reasons(b.c, b.period)[:10]],
                definition=bd.DEFINITIONS["delay_reasons"],
            ),
        ],
    )  # fmt: skip


# Each stage 3 step's row: its name, its timescale, then its metrics (taken, in time, late,
# % in time); the response's are the stage3 family's, as the summary's "% stage 3 responded to
# in time" is.
_STEP_NAMES = {"stage3.panel": "Review panel held", "stage3.chair_report": "Chair's report"}


def stage_three_steps(b: Builder) -> Table:
    """Every stage 3 step against its own clock over every case: those taken in the period,
    in time and late, and those not taken by its end though due (Westminster's three stage 3
    timescales; Bradford's "% Stage 3 responded in time")."""
    steps = [
        (_STEP_NAMES[step.prefix], step.clock,
         [f"{step.prefix}.{part}" for part in (step.taken, "in_time", "late", "in_time_pct",
                                                OVERDUE_AT_END)])
        for step in STAGE_THREE_STEPS
    ] + [
        ("Council's response", STAGE_THREE_RESPONSE.clock,
         ["stage3.closed", "stage3.in_time", "stage3.late", "stage3.in_time_pct",
          f"{STAGE_THREE_RESPONSE.prefix}.{OVERDUE_AT_END}"]),
    ]  # fmt: skip
    return Table(
        key="stage3_steps",
        caption=f"Stage 3 in {b.period.named}: each step against its timescale",
        columns=["Step", "Timescale", "Taken", "In time", "Late", "% in time",
                 f"Not taken, past due, at the {b.period.unit}'s end"],
        rows=[[name, f"Within {clock}", *(b.value(metric) for metric in metrics)]
              for name, clock, metrics in steps],
        metrics=[metric for _, _, metrics in steps for metric in metrics],
    )  # fmt: skip


# The seeds' shape (Bradford's "% Stage 3 responded in time" by year), with the panel's step:
# counts beside percentages, so the chart draws the percentages (the rows it names).
_PANEL = STAGE_THREE_STEP_OF_RULE[DeadlineRule.STAGE_3_PANEL.value]
STAGE_THREE_BY_YEAR = (
    ("Stage 3 received", "stage3.received"),
    ("Review panels held", f"{_PANEL.prefix}.{_PANEL.taken}"),
    ("% review panels held within 30 working days", f"{_PANEL.prefix}.in_time_pct"),
    ("Review panels not held, past due, at the year's end", f"{_PANEL.prefix}.{OVERDUE_AT_END}"),
    ("Stage 3 closed", "stage3.closed"),
    ("% stage 3 responded to in time", "stage3.in_time_pct"),
)


def stage_three_by_year(b: Builder) -> Table:
    table = b.trend(
        "stage3_by_year",
        "Stage 3 by year: review panels within 30 working days, responses in time",
        STAGE_THREE_BY_YEAR,
    )
    table.chart = Chart(
        "line", "Stage 3 review panels held and responses sent in time, by year",
        series_in_rows=True, percent=True,
        rows=tuple(i for i, (text, _) in enumerate(STAGE_THREE_BY_YEAR) if text.startswith("%")),
    )  # fmt: skip
    return table


def bands_by_directorate(b: Builder) -> Table:
    """Telford's chart 7: first-stage responses by directorate and working days taken."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for row in by_team.response_bands(b.c, b.period):
        counts.setdefault((row.route, row.directorate), {})[row.band] = row.responses
    rows: list[list[Cell]] = []
    for route, directorate in sorted(counts):
        found = counts[(route, directorate)]
        answered = sum(found.values())
        within_20 = found.get("within_10", 0) + found.get("within_20", 0)
        rows.append(
            [directorate, label(route), answered, *(found.get(band, 0) for band in BANDS),
             Percent(percent(within_20, answered - found.get("not_recorded", 0)))]
        )  # fmt: skip
    return Table(
        key="response_bands_by_directorate",
        caption=f"First-stage responses in {b.period.named} by directorate: within 10, 11 to "
        "20 and beyond 20 working days",
        columns=["Directorate", "Procedure", "Answered", *(f"{text} working days"
                 for text in BANDS.values()), "% within 20"],
        rows=rows,
        definition=bd.DEFINITIONS["response_bands_by_directorate"],
        chart=(
            Chart("bar", f"First-stage responses in {b.period.named}, by directorate and "
                  "working days taken", value_columns=(3, 4, 5))
            if rows
            else None
        ),
    )  # fmt: skip
