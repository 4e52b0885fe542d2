"""Synthetic cases in the import layout: eight financial years of a large council's complaints,
shaped like the seeds (most complaints answered at stage 1, a few escalating, some late, some
extended, pre-complaints, enquiries, compliments, not-logged contacts, LGSCO enquiries).
Nothing here is real: references are SYN-…, and no row holds personal data."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from cases.calendar import WorkingCalendar
from reports.case_rows import export_columns

TEAMS = (
    "Central", "East", "West", "South", "Keighley and Shipley", "Children in care",
    "Leaving care", "Fostering", "Adoption", "Children with disabilities", "Duty team",
    "Youth offending", "Residential", "Independent reviewing officers", "Early help", "Front door",
)  # fmt: skip
CATEGORIES = (
    "communication", "quality_of_service", "staff_conduct", "delayed_or_failed_service",
    "denial_or_withdrawal_of_service", "broken_promise", "decision_disputed", "policy_procedure",
    "data_protection", "financial",
)  # fmt: skip
CATEGORY_WEIGHTS = (30, 15, 12, 10, 6, 3, 10, 5, 4, 5)
COMPLAINANTS = (
    "parent",
    "looked_after_child",
    "care_leaver",
    "foster_carer",
    "relative",
    "advocate",
    "special_guardian",
)
CHANNELS = ("email", "web_form", "telephone", "letter", "in_person")
OUTCOMES = ("upheld", "partially_upheld", "not_upheld", "withdrawn", "resolved", "inconclusive")
OUTCOME_WEIGHTS = (15, 21, 32, 10, 7, 8)
REASONS = ("court_related", "insufficient_interest", "alternative_process", "general_enquiry",
           "out_of_time", "out_of_jurisdiction", "s47_child_protection", "safeguarding_referral", "other")  # fmt: skip
FINDINGS = ("closed_after_initial_enquiries", "premature", "out_of_jurisdiction",
            "upheld_with_injustice", "not_upheld", "discretion_not_to_investigate")  # fmt: skip
KINDS = (
    ("complaint", 60), ("pre_complaint", 8), ("enquiry", 10), ("compliment", 9),
    ("professional", 3), ("not_logged", 8), ("lgsco_enquiry", 2),
)  # fmt: skip


def synthetic_rows(
    count: int, *, last_year: int = 2025, years: int = 8, seed: int = 7
) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    calendar = WorkingCalendar()
    first = date(last_year - years + 1, 4, 1)
    span = (date(last_year + 1, 3, 31) - first).days
    kinds, weights = zip(*KINDS, strict=True)
    for n in range(count):
        row = dict.fromkeys(export_columns(), "")
        kind = rng.choices(kinds, weights)[0]
        received = first + timedelta(days=int(span * (n / count)) + rng.randint(0, 3))
        received = calendar.next_working_day(min(received, date(last_year + 1, 3, 31)))
        row |= {
            "reference": f"SYN-{n + 1:07d}",
            "record_kind": kind,
            "channel": rng.choice(CHANNELS),
            "complainant_type": rng.choice(COMPLAINANTS),
            "team": rng.choice(TEAMS),
            "received_on": received.isoformat(),
        }
        if kind == "not_logged":
            row |= {
                "record_kind": "complaint",
                "route": "not_logged",
                "not_logged_reason": rng.choice(REASONS),
            }
        elif kind in ("complaint", "pre_complaint", "professional", "enquiry"):
            if kind in ("complaint", "professional"):
                row["route"] = "statutory" if kind == "complaint" or rng.random() < 0.5 else "none"
                picked = rng.choices(CATEGORIES, CATEGORY_WEIGHTS, k=rng.choice((1, 1, 1, 2, 2, 3)))
                row["categories"] = ";".join(dict.fromkeys(picked))
            _stages(row, rng, calendar, received, escalates=kind == "complaint")
        elif kind == "lgsco_enquiry":
            decided = received + timedelta(days=rng.randint(30, 200))
            row["lgsco_received_on"] = received.isoformat()
            if decided <= date(last_year + 1, 3, 31) or rng.random() < 0.3:
                row |= {
                    "lgsco_decided_on": decided.isoformat(),
                    "lgsco_finding": rng.choice(FINDINGS),
                }
        yield row


def _stages(
    row: dict[str, str],
    rng: random.Random,
    calendar: WorkingCalendar,
    start: date,
    *,
    escalates: bool,
) -> None:
    targets = {1: 10, 2: 25, 3: 30}
    for n in (1, 2, 3):
        due = calendar.add_working_days(start, targets[n])
        row[f"stage{n}_received_on"] = start.isoformat()
        row[f"stage{n}_due_on"] = due.isoformat()
        if rng.random() < 0.04:  # still open
            return
        late_by = rng.choice((-6, -4, -2, -1, 0, 0, 2, 5, 9, 15, 30))
        if late_by > 0 and rng.random() < 0.4 and n == 1:
            extended = calendar.add_working_days(due, 10)
            row["stage1_extended_to"] = extended.isoformat()
            row["stage1_extension_agreed_on"] = (due - timedelta(days=1)).isoformat()
        responded = calendar.next_working_day(due + timedelta(days=late_by))
        responded = max(responded, start)
        row[f"stage{n}_responded_on"] = responded.isoformat()
        row[f"stage{n}_outcome"] = rng.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
        if late_by > 0 and rng.random() < 0.3:
            row[f"stage{n}_reason_for_delay"] = rng.choice(
                ("Manager on leave", "Complex case", "Awaiting records")
            )
        if row[f"stage{n}_outcome"] in ("upheld", "partially_upheld") and rng.random() < 0.1:
            row["compensation"] = f"{rng.choice((50, 100, 250, 500))}.00"
        if not escalates or rng.random() > (0.06 if n == 1 else 0.4):
            row["closed_on"] = responded.isoformat()
            return
        start = calendar.add_working_days(responded, rng.randint(3, 18))
        if n == 3:
            return


def write_csv(path: Path, count: int, **kwargs: object) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(export_columns()))
        writer.writeheader()
        writer.writerows(synthetic_rows(count, **kwargs))  # type: ignore[arg-type]
    return path
