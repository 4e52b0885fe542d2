"""What complaints cost: each kind of cost over the years, and compensation under each
procedure with the number of cases paid (the third seed's figures 11 and 16)."""

from __future__ import annotations

from reports import breakdowns as bd
from reports.building import Builder
from reports.cells import Cell, Pounds
from reports.labels import label
from reports.tables import Chart, Section, Table
from store.reports import trends


def section(b: Builder) -> Section:
    found = trends.costs_by_route(b.c, b.f.periods)
    by_kind: dict[str, list[float]] = {}
    paid: dict[str, list[float]] = {}
    paid_cases: dict[str, list[int]] = {}
    width = len(b.f.periods)
    for row in found:
        if row.period is None:
            continue
        pounds = (row.pence or 0) / 100
        by_kind.setdefault(row.kind, [0.0] * width)[row.period] += pounds
        if row.kind in ("compensation", "lgsco_remedy"):
            paid.setdefault(row.route, [0.0] * width)[row.period] += pounds
            paid_cases.setdefault(row.route, [0] * width)[row.period] += row.cases
    rows: list[list[Cell]] = [
        [label(kind), *(Pounds(amounts[i]) for i in b.oldest_first)]
        for kind, amounts in sorted(by_kind.items())
    ]
    if rows:
        rows.append(
            ["Total", *(Pounds(sum(a[i] for a in by_kind.values())) for i in b.oldest_first)]
        )
    compensation: list[list[Cell]] = []
    for route in sorted(paid):
        compensation.append(
            [f"{label(route)}: amount", *(Pounds(paid[route][i]) for i in b.oldest_first)]
        )
        compensation.append(
            [f"{label(route)}: cases", *(paid_cases[route][i] for i in b.oldest_first)]
        )
    return Section(
        "costs",
        "Costs",
        tables=[
            Table(
                key="costs",
                caption="Costs of complaints, by kind and year",
                columns=["Cost", *b.year_columns],
                rows=rows,
                definition=b.over_years(bd.DEFINITIONS["costs"]),
                chart=(
                    Chart("line", "Costs of complaints, by kind and year", series_in_rows=True)
                    if rows and len(b.year_columns) > 1
                    else None
                ),
            ),
            Table(
                key="compensation_by_route",
                caption="Compensation and Ombudsman remedies, by procedure and year, with "
                "the number of cases",
                columns=["Procedure", *b.year_columns],
                rows=compensation,
                definition=b.over_years(bd.DEFINITIONS["compensation_by_route"]),
                chart=(  # the pounds paid; the rows of cases between them share no axis
                    Chart(
                        "line",
                        "Compensation and Ombudsman remedies, by procedure and year",
                        series_in_rows=True,
                        rows=tuple(range(0, len(compensation), 2)),
                    )
                    if compensation and len(b.year_columns) > 1
                    else None
                ),
            ),
        ],
    )
