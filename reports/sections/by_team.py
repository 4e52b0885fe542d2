"""Each procedure's complaints by team, with fault found and escalation (the third seed's
figures 13 and 14: children's social care and education teams under the corporate procedure)."""

from __future__ import annotations

from reports import breakdowns as bd
from reports.building import Builder
from reports.cells import Cell
from reports.labels import label
from reports.tables import Section, Table
from store.reports import by_team

ROUTES = ("statutory", "corporate")


def section(b: Builder) -> Section:
    both = b.once(by_team.outcomes_by_team_and_directorate, b.period, span=b.complaint_ids)
    found = both["team"]
    tables = []
    for route in ROUTES:
        rows = sorted((r for r in found if r.route == route), key=lambda r: (r.directorate, r.name))
        body: list[list[Cell]] = [
            [r.name, r.directorate, r.received, r.fault_found, r.escalated] for r in rows
        ]
        if body:
            body.append(
                [
                    "Total",
                    "",
                    sum(r.received for r in rows),
                    sum(r.fault_found for r in rows),
                    sum(r.escalated for r in rows),
                ]
            )
        tables.append(
            Table(
                key=f"teams_{route}",
                caption=f"{label(route)} complaints received in {b.period.named} by team: fault "
                "found and escalated to stage 2",
                columns=["Team", "Directorate", "Received", "Fault found", "Escalated to stage 2"],
                rows=body,
                definition=bd.DEFINITIONS["teams_by_route"],
            )
        )
    return Section(
        "by_team",
        "Each procedure's complaints by team",
        paragraphs=[
            "Complaints about children's social care functions from eligible people follow the "
            "statutory procedure; others about the council's children's services (education, "
            "for instance) follow its corporate procedure. Totals count a complaint once for "
            "each team it names."
        ],
        tables=tables,
    )
