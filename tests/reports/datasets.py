"""Datasets whose tables are known by construction, written as import rows."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from reports.case_rows import export_columns


class Sheet:
    """Rows in the import layout, numbered references, written to a CSV file."""

    def __init__(self, prefix: str = "T") -> None:
        self.rows: list[dict[str, str]] = []
        self.prefix = prefix

    def add(self, **cells: object) -> dict[str, str]:
        row = {name: "" for name in export_columns()}
        row["reference"] = f"{self.prefix}{len(self.rows) + 1:05d}"
        for name, value in cells.items():
            row[name] = value.isoformat() if isinstance(value, date) else str(value)
        self.rows.append(row)
        return row

    def write(self, path: Path) -> Path:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(export_columns()))
            writer.writeheader()
            writer.writerows(self.rows)
        return path


# Bradford 2022/23's headline table (seed 000): (received, closed, in time) per year.
BRADFORD = {
    "pre_complaint": {2021: (72, 37, 2), 2022: (36, 41, 1)},
    "stage1": {2021: (363, 272, 163), 2022: (369, 326, 127)},
    "stage2": {2021: (11, 12, 8), 2022: (19, 33, 7)},
    "stage3": {2021: (4, 2, 1), 2022: (14, 11, 7)},
}
BRADFORD_LGSCO = {  # year: {finding: decided}, received
    2021: ({"upheld_with_injustice": 3, "premature": 4, "closed_after_initial_enquiries": 3}, 11),
    2022: (
        {
            "closed_after_initial_enquiries": 4,
            "premature": 5,
            "out_of_jurisdiction": 6,
            "upheld_with_injustice": 5,
            "not_upheld": 1,
            "discretion_not_to_investigate": 1,
        },
        18,
    ),
}
BRADFORD_CONTACTS = {
    "professional": {2021: 16, 2022: 10},
    "enquiry": {2021: 51, 2022: 38},
    "compliment": {2021: 76, 2022: 31},
}


def _fy(year: int, offset_days: int) -> date:
    return date(year, 4, 3) + timedelta(days=offset_days % 300)


def _stage(sheet: Sheet, family: str, *, opened: date, responded: date | None) -> None:
    n = {"pre_complaint": 1, "stage1": 1, "stage2": 2, "stage3": 3}[family]
    kind = "pre_complaint" if family == "pre_complaint" else "complaint"
    cells: dict[str, object] = {"record_kind": kind, "channel": "email", "team": "East"}
    if n == 3:  # a stage 3 follows a stage 2 answered long before the years counted
        cells |= {
            "stage2_received_on": date(2019, 5, 1),
            "stage2_due_on": date(2019, 6, 5),
            "stage2_responded_on": date(2019, 6, 1),
            "stage2_outcome": "not_upheld",
        }
    first = date(2019, 5, 1) if n == 3 else opened
    due = opened + timedelta(days=14)
    cells |= {
        "received_on": first,
        f"stage{n}_received_on": opened,
        f"stage{n}_due_on": due,
        "categories": "communication",
    }
    if responded is not None:
        cells[f"stage{n}_responded_on"] = responded
        cells[f"stage{n}_outcome"] = "upheld"
    sheet.add(**cells)


def bradford(sheet: Sheet) -> None:
    """Rows giving exactly the seed's 2021/22 and 2022/23 headline figures: some of 2022/23's
    closures were received in 2021/22 (or earlier), some cases are still open."""
    for family, years in BRADFORD.items():
        (r21, c21, t21), (r22, c22, t22) = years[2021], years[2022]
        a21 = min(c21, r21)
        b21 = c21 - a21  # closed in 2021/22, opened in 2020/21
        a22 = min(c22, r22)
        rest22 = c22 - a22
        c1 = min(rest22, r21 - a21)  # closed in 2022/23, opened in 2021/22
        c2 = rest22 - c1  # closed in 2022/23, opened in 2020/21
        closures: list[tuple[int, date, date]] = []  # (closing year, opened, responded)
        closures += [(2021, _fy(2021, i), _fy(2021, i) + timedelta(days=7)) for i in range(a21)]
        closures += [(2021, date(2021, 3, 1), date(2021, 4, 20)) for _ in range(b21)]
        closures += [(2022, _fy(2022, i), _fy(2022, i) + timedelta(days=7)) for i in range(a22)]
        closures += [(2022, date(2022, 3, 1), date(2022, 4, 20)) for _ in range(c1)]
        closures += [(2022, date(2021, 3, 1), date(2022, 5, 20)) for _ in range(c2)]
        in_time = {2021: t21, 2022: t22}
        for year, opened, responded in closures:  # same-year closures come first
            on_time = in_time[year] > 0
            in_time[year] -= 1
            if opened.year * 100 + opened.month >= year * 100 + 4:  # opened in the same year
                responded = opened + timedelta(days=7 if on_time else 20)
            _stage(sheet, family, opened=opened, responded=responded)
        for i in range(r21 - a21 - c1):
            _stage(sheet, family, opened=_fy(2021, i), responded=None)
        for i in range(r22 - a22):
            _stage(sheet, family, opened=_fy(2022, i), responded=None)
    for year, (decisions, received) in BRADFORD_LGSCO.items():
        for i in range(received):
            sheet.add(record_kind="lgsco_enquiry", received_on=_fy(year, i * 7))
        for finding, count in decisions.items():
            for _ in range(count):
                sheet.add(
                    record_kind="lgsco_enquiry",
                    received_on=date(2019, 6, 1),
                    lgsco_received_on=date(2019, 6, 1),
                    lgsco_decided_on=date(year, 10, 1),
                    lgsco_finding=finding,
                )
    for kind, years in BRADFORD_CONTACTS.items():
        for year, count in years.items():
            for i in range(count):
                sheet.add(record_kind=kind, received_on=_fy(year, i), team="West")
    _bradford_costs(sheet)


# Bradford 2022/23's costs table (seed 000): compensation £100, stage 2 independent people
# £55,111, stage 3 independent people £10,128, LGSCO remedies £3,100, total £68,439.
BRADFORD_COSTS = {
    "compensation": ("stage1_responded_on", "100"),
    "investigator_cost": ("stage2_responded_on", "55111"),
    "panel_cost": ("stage3_responded_on", "10128"),
    "lgsco_remedy_cost": ("lgsco_decided_on", "3100"),
}


def _bradford_costs(sheet: Sheet) -> None:
    """Each cost on the first row answered (or decided, for the Ombudsman's remedy) in 2022/23
    with the outcome that pays it."""
    for column, (answered, amount) in BRADFORD_COSTS.items():
        row = next(
            row
            for row in sheet.rows
            if "2022-04-01" <= row[answered] <= "2023-03-31"
            and row["lgsco_finding"] in ("", "upheld_with_injustice")
        )
        row[column] = amount
