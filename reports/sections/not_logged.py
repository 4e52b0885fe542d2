"""Contacts that could not be logged as complaints, by reason, over the years, each reason with
the kind of case it covers (as the seeds print their "example" column)."""

from __future__ import annotations

from reports import breakdowns as bd
from reports.building import Builder
from reports.cells import Cell
from reports.labels import NOT_LOGGED_EXAMPLES, label
from reports.tables import Chart, Section, Table


def section(b: Builder) -> Section:
    found = b.f.not_logged_reasons
    reasons = [r for r in NOT_LOGGED_EXAMPLES if r in found] + sorted(
        r for r in found if r not in NOT_LOGGED_EXAMPLES
    )
    rows: list[list[Cell]] = [
        [
            label(reason),
            *(found[reason][i] for i in b.oldest_first),
            NOT_LOGGED_EXAMPLES.get(reason, ""),
        ]
        for reason in reasons
    ]
    if rows:
        rows.append(["Total", *(sum(c[i] for c in found.values()) for i in b.oldest_first), ""])
    table = Table(
        key="not_logged",
        caption="Complaints not logged under the procedure, by reason and year",
        columns=["Reason", *b.year_columns, "Example"],
        rows=rows,
        definition=b.over_years(bd.DEFINITIONS["not_logged"]),
        chart=(
            Chart("bar", f"Contacts not logged as complaints in {b.period.named}, by reason",
                  value_columns=(len(b.year_columns),))
            if rows
            else None
        ),
    )  # fmt: skip
    return Section(
        "not_logged",
        "Complaints not logged",
        paragraphs=[
            b.compare("not_logged.received", "Contacts not logged as complaints"),
            "Each person whose complaint could not be logged was told why and where to go "
            "instead. A safeguarding concern is passed to the MASH the same day.",
        ],
        tables=[table],
    )
