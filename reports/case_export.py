"""`heard export cases`: every case (automated mail aside) in the import layout, so a sheet
exported from heard imports back unchanged. Read in batches by id, never all at once.

Imported into an empty database, the export gives the same annual report figures as the database
it came from, apart from what the layout has no place for (one row per case, one team, a set of
categories, one Ombudsman enquiry, compensation, a stage's financial remedy, the
Ombudsman's remedy and the independent people's fees the only money, one advocacy offer): the examples staff chose, the Ombudsman's
recommendations, the Complaint Handling Code's acknowledgements, stage 3's panel and chair's
report (their days and so their timeliness; the response's is kept), learning, a
case's second team and its repeated categories (so the tables by team and by subject, not the
case counts), and a second Ombudsman enquiry on one case (the last is written). The Ombudsman's
mail with no enquiry recorded on it is written as `lgsco_mail`, which the import records as the
same kind of record with no enquiry: a past sheet's `lgsco_enquiry` row with no date is an
enquiry, and heard's mail came back as one."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from reports.case_rows import (
    EXPORTED_KIND,
    EXPORTED_OUTCOME,
    LGSCO_MAIL,
    STAGE_COSTS,
    export_columns,
)
from reports.cells import cell_text, inert, xml_safe
from reports.periods import Period
from store.reports.export import ExportBatch, case_batches

# metrics.json's figures counted from what the layout cannot hold (the docstring): by prefix.
NOT_EXPORTED_METRICS = (
    "example.",
    "code.",
    "stage3.panel.",
    "stage3.chair_report.",
    "stage3.response.",
)
_STAGE_NUMBER = {
    "informal": 1,
    "statutory_1": 1,
    "corporate_1": 1,
    "statutory_2": 2,
    "corporate_2": 2,
    "statutory_3": 3,
}


def export_rows(
    engine: Engine, *, period: Period | None = None, batch_size: int = 2000
) -> Iterator[dict[str, str]]:
    for batch in case_batches(engine, received=period, batch_size=batch_size):
        yield from _rows(batch)


def _rows(batch: ExportBatch) -> Iterator[dict[str, str]]:
    for case in batch.cases:
        found = batch.issues.get(case.id, [])
        categories = list(dict.fromkeys(str(row.category) for row in found))
        team = next((row.team_name for row in found if row.team_name), "")
        team = team or batch.compliment_team.get(case.id, "")
        out = {name: "" for name in export_columns()}
        kind = str(case.record_kind)
        if kind == "lgsco_enquiry" and case.id not in batch.ombudsman:
            kind = LGSCO_MAIL  # the Ombudsman's mail, no enquiry recorded on it
        # The import gives a complaint with a team and no category one 'other' issue; a
        # compliment gets the issues its categories name and no more.
        implied_other = kind != "compliment" and len(found) == 1 and team
        out |= {
            "reference": case.reference,
            "record_kind": EXPORTED_KIND.get(kind, kind),
            "route": str(case.route),
            "not_logged_reason": str(case.not_logged_reason or ""),
            "channel": "" if str(case.channel) == "unknown" else str(case.channel),
            "complainant_type": str(case.complainant_type),
            "team": cell_text(team, lines=False),
            "categories": ";".join(c for c in categories if not (c == "other" and implied_other)),
            "received_on": _day(case.receipt_day),
            "closed_on": _day(case.closed_at.date()) if case.closed_at else "",
        }
        for stage in batch.stages.get(case.id, []):
            prefix = f"stage{_STAGE_NUMBER[str(stage.kind)]}_"
            outcome = str(stage.outcome) if stage.outcome else ""
            out |= {
                prefix + "received_on": _day(stage.opened_on),
                prefix + "due_on": _day(stage.due_on),
                prefix + "extended_to": _day(stage.extended_to),
                prefix + "extension_agreed_on": _day(stage.extension_agreed_on),
                prefix + "responded_on": _day(stage.responded_on),
                prefix + "outcome": EXPORTED_OUTCOME.get(outcome, outcome),
                prefix + "reason_for_delay": cell_text(stage.reason_for_delay or "", lines=True),
                prefix + "remedies": ";".join(stage.remedies),
                prefix + "manager_contacted": _yes_no(stage.manager_contacted),
                prefix + "financial_remedy": _pounds(stage.financial_remedy_pence),
            }
        if case.id in batch.ombudsman:
            row = batch.ombudsman[case.id]
            out |= {
                "lgsco_received_on": _day(row.received_on),
                "lgsco_decided_on": _day(row.decided_on),
                "lgsco_finding": str(row.decision or ""),
                "lgsco_remedy_cost": _pounds(row.remedy_cost_pence),
            }
        out["advocacy_owed"] = _yes_no(case.advocacy_offer or None)
        if case.id in batch.advocacy:
            offer = batch.advocacy[case.id]
            out |= {
                "advocacy_offered_on": _day(offer.offered_on),
                "advocacy_outcome": str(offer.status),
                "advocacy_decided_on": _day(offer.decided_on),
                "advocacy_organisation": cell_text(offer.organisation or "", lines=False),
            }
        out["compensation"] = _pounds(batch.compensation_pence.get(case.id))
        for name, (kind, _) in STAGE_COSTS.items():
            out[name] = _pounds(batch.costs_pence.get((case.id, kind.value)))
        yield out


def _pounds(pence: int | None) -> str:
    return f"{pence / 100:.2f}" if pence else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _day(value: date | str | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else value.isoformat()


def write_csv(rows: Iterator[dict[str, str]], path: Path) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(export_columns()))
        writer.writeheader()
        for row in rows:
            writer.writerow({name: inert(value) for name, value in row.items()})
            count += 1
    return count


def write_xlsx(rows: Iterator[dict[str, str]], path: Path) -> int:
    from openpyxl import Workbook

    # Opened first: a file that cannot be written fails here, before the write-only sheet's
    # generators exist (left unfinished, they complain when collected).
    with path.open("wb") as file:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("cases")
        columns = list(export_columns())
        sheet.append(columns)
        count = 0
        for row in rows:
            sheet.append([inert(xml_safe(row[name])) for name in columns])
            count += 1
        workbook.save(file)
    return count
