"""What complaints were about: teams over three years, each team's and directorate's complaints
with how many were upheld, the issues' categories, and the statutory statement on child sexual
exploitation when the council makes one."""

from __future__ import annotations

from reports import breakdowns as bd
from reports.building import Builder
from reports.cells import Cell, Percent
from reports.metrics import percent
from reports.tables import Chart, Section, Table
from store.reports import by_team, trends


def section(b: Builder) -> Section:
    paragraphs = []
    statement = cse_statement(b)
    if statement:
        paragraphs.append(statement)
    return Section(
        "subjects",
        "What complaints were about",
        paragraphs=paragraphs,
        tables=[
            teams_by_year(b),
            upheld_by(b, "directorate"),
            upheld_by(b, "team"),
            b.counted(
                "categories",
                "Issues raised in complaints, by category",
                bd.by_category(b.c, b.period, b.complaint_ids),
                "Category",
                words=b.category,
                definition=bd.DEFINITIONS["categories"],
                chart=Chart("bar", f"Issues raised in complaints in {b.period.named}, by category"),
            ),
        ],
    )


def teams_by_year(b: Builder) -> Table:
    counts: dict[tuple[str, str], list[int]] = {}
    for row in trends.received_by_team(b.c, b.recent_periods):
        index = _index_of(b, row.day)
        if index is not None:
            key = (row.team, row.directorate)
            counts.setdefault(key, [0] * len(b.f.periods))[index] += row.number
    order = sorted(counts, key=lambda key: (-counts[key][0], -sum(counts[key]), key))
    return Table(
        key="teams",
        caption="Complaints received, by team and year",
        columns=["Team", "Directorate", *b.recent_columns],
        rows=[[team, directorate, *(counts[(team, directorate)][i] for i in b.recent)]
              for team, directorate in order],
        definition=b.over_years(bd.DEFINITIONS["teams"], recent=True),
        chart=(
            Chart("bar", "Complaints received by each team, by year",
                  value_columns=tuple(range(2, 2 + len(b.recent))))
            if order
            else None
        ),
    )  # fmt: skip


def upheld_by(b: Builder, by: str) -> Table:
    """Complaints received in the period by team or directorate, with how many were upheld at
    the first stage (Telford's charts 3 and 4), both procedures together."""
    totals: dict[tuple[str, str], list[int]] = {}
    both = b.once(by_team.outcomes_by_team_and_directorate, b.period, span=b.complaint_ids)
    for row in both[by]:
        found = totals.setdefault((row.name, row.directorate), [0, 0, 0])
        found[0] += row.received
        found[1] += row.answered
        found[2] += row.fault_found
    order = sorted(totals, key=lambda key: (-totals[key][0], key))
    heading = "Team" if by == "team" else "Directorate"
    rows: list[list[Cell]] = []
    for name, directorate in order:
        received, answered, upheld = totals[(name, directorate)]
        rows.append(
            [name, *([directorate] if by == "team" else []), received, answered, upheld,
             Percent(percent(upheld, answered))]
        )  # fmt: skip
    columns = [heading, *(["Directorate"] if by == "team" else [])]
    first_value = len(columns)
    return Table(
        key=f"upheld_by_{by}",
        caption=f"Complaints received and upheld, by {by}",
        columns=[*columns, "Received", "Answered at stage 1", "Upheld or partially upheld",
                 "% upheld"],
        rows=rows,
        definition=bd.DEFINITIONS[f"upheld_by_{by}"],
        chart=(
            Chart("bar", f"Complaints received and upheld in {b.period.named}, by {by}",
                  value_columns=(first_value, first_value + 2))
            if rows
            else None
        ),
    )  # fmt: skip


def cse_statement(b: Builder) -> str | None:
    category = b.options.cse_category
    if not category:
        return None
    count = trends.complaints_about(b.c, b.period, category)
    if count == 0:
        return (
            f"No complaints handled under the statutory procedure involved child sexual "
            f"exploitation during {b.period.named}."
        )
    return (
        f"{count:,} complaint{'s' if count != 1 else ''} handled under the statutory procedure "
        f"during {b.period.named} involved child sexual exploitation."
    )


def _index_of(b: Builder, day: object) -> int | None:
    from reports.cells import as_day

    found = as_day(day)
    if found is None:
        return None
    return next((i for i, p in enumerate(b.recent_periods) if p.contains(found)), None)
