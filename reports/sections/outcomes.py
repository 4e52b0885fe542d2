"""What complaints found: each stage's outcomes over the years, this year's outcomes with their
percentages (per complaint and per issue), the themes of what was upheld, and the remedies."""

from __future__ import annotations

from reports import breakdowns as bd
from reports.building import Builder
from reports.cells import Cell, Percent
from reports.labels import label
from reports.metric_registry import FAMILIES, OUTCOMES, REMEDIES, StageFamily
from reports.metrics import percent
from reports.tables import Chart, Section, Table

OUTCOME_COLUMNS = {
    "upheld": "Upheld",
    "partially_upheld": "Partially upheld",
    "not_upheld": "Not upheld",
    "inconclusive": "Inconclusive",
    "resolved": "Resolved",
    "withdrawn": "Withdrawn",
    "not_applicable": "N/A",
}


def section(b: Builder) -> Section:
    answered = bd.outcomes(b.c, b.period)
    by_year = [
        outcomes_by_year(b, family)
        for family in FAMILIES
        if family.prefix in ("stage1", "stage2", "stage3")
        or any(b.number(f"{family.prefix}.closed", i) for i in b.oldest_first)
    ]
    return Section(
        "outcomes",
        "Outcomes and remedies",
        paragraphs=[
            b.compare("stage1.fault_found_pct", "Stage 1 complaints upheld or partially upheld"),
        ],
        tables=[
            *by_year,
            _outcome_table(
                b, "outcomes", f"Outcomes of complaints answered in {b.period.named}, by stage",
                answered, bd.DEFINITIONS["outcomes"],
            ),
            _outcome_table(
                b, "issue_outcomes",
                f"Outcomes of the issues within complaints answered in {b.period.named}, by stage",
                bd.issue_outcome_counts(b.c, b.period), bd.DEFINITIONS["issue_outcomes"],
            ),
            b.counted(
                "upheld_themes",
                "Issues upheld or partially upheld, by category",
                bd.upheld_themes(b.c, b.period),
                "Category",
                words=b.category,
                definition=bd.DEFINITIONS["upheld_themes"],
                chart=Chart("bar", f"Themes of what was upheld in {b.period.named}"),
            ),
            b.trend(
                "remedies",
                "Remedies recorded with complaint responses, by year",
                [(label(remedy), f"remedy.{remedy}") for remedy in REMEDIES],
                chart="Remedies recorded with complaint responses, by year",
            ),
            _remedy_table(b, answered, bd.remedies_by_stage(b.c, b.period)),
        ],
    )  # fmt: skip


def _remedy_table(
    b: Builder, answered: dict[str, dict[str, int]], given: dict[str, dict[str, int]]
) -> Table:
    """Each remedy as a share of the complaints answered at each stage (Telford's chart 9:
    '47% were to provide an explanation and no remedy was required')."""
    kinds = [k for k in bd.RESPONSE_STAGES if k in answered]
    totals = {kind: sum(answered[kind].values()) for kind in kinds}
    columns = ["Remedy"]
    for kind in kinds:
        columns += [f"{label(kind)}: number", f"{label(kind)}: % of those answered"]
    rows: list[list[Cell]] = []
    for remedy in REMEDIES:
        counts = [given.get(kind, {}).get(remedy, 0) for kind in kinds]
        if any(counts):
            rows.append([label(remedy), *(
                cell for kind, count in zip(kinds, counts, strict=True)
                for cell in (count, Percent(percent(count, totals[kind])))
            )])  # fmt: skip
    if rows:
        rows.append(["Complaints answered", *(c for k in kinds for c in (totals[k], ""))])
    return Table(
        key="remedies_by_stage",
        caption=f"Remedies recorded with complaints answered in {b.period.named}, by stage",
        columns=columns,
        rows=rows,
        definition=bd.DEFINITIONS["remedies_by_stage"],
    )


def outcomes_by_year(b: Builder, family: StageFamily) -> Table:
    """One row per year: the stage's complaints answered and each outcome (the third seed's
    figure 4), with the percentage that found fault."""
    p = family.prefix
    rows: list[list[Cell]] = []
    for i in b.oldest_first:
        rows.append(
            [
                b.f.coverage[i].heading,
                b.value(f"{p}.closed", i),
                *(b.value(f"{p}.outcome.{name}", i) for name in OUTCOMES),
                b.value(f"{p}.fault_found_pct", i),
            ]
        )
    return Table(
        key=f"outcomes_{p}",
        caption=f"{family.label} outcomes, by year",
        columns=[b.period.unit.capitalize(), "Answered", *OUTCOME_COLUMNS.values(), "% fault found"],
        rows=rows,
        metrics=[f"{p}.closed", f"{p}.outcome.upheld", f"{p}.fault_found_pct"],
        definition=b.coverage_notes or None,
        chart=Chart(
            "bar", f"{family.label}: upheld, partially upheld and not upheld, by year",
            value_columns=(2, 3, 4),
        ),
    )  # fmt: skip


def _outcome_table(
    b: Builder, key: str, caption: str, found: dict[str, dict[str, int]], definition: str
) -> Table:
    kinds = [k for k in bd.RESPONSE_STAGES if k in found]
    names = sorted({o for counts in found.values() for o in counts}, key=_outcome_order)
    columns = ["Outcome"]
    for kind in kinds:
        columns += [f"{label(kind)}: number", f"{label(kind)}: %"]
    rows: list[list[Cell]] = []
    for name in names:
        row: list[Cell] = [label(name)]
        for kind in kinds:
            total = sum(found[kind].values())
            count = found[kind].get(name, 0)
            row += [count, Percent(percent(count, total))]
        rows.append(row)
    if rows:
        rows.append(["Total", *[v for k in kinds for v in (sum(found[k].values()), Percent(100))]])
    return Table(key=key, caption=caption, columns=columns, rows=rows, definition=definition)


def _outcome_order(name: str) -> tuple[int, str]:
    stored = list(OUTCOMES.values())
    return (stored.index(name) if name in stored else len(stored), name)
