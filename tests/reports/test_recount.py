"""The annual report's figures, counted again from the raw rows of a made-up year by plain
Python, on SQLite and PostgreSQL: a second reading of the definitions (appendix D), not of
store.reports' SQL. A year of `heard demo seed` holds every kind of record, late and extended
answers, stages carried over, escalations, remedies and the Ombudsman's decisions; any figure
the report's queries count differently from its definition shows here, by name."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from cli.demo_data import seed_demo
from reports.annual import build_report
from reports.periods import financial_year
from tests.cli.test_demo import SHIPPED_CATEGORIES
from tests.reports.organised import organised

TODAY = date(2026, 5, 1)
YEAR = financial_year(2025)
# family -> (stage kind, the kinds of record whose stages it counts)
FAMILIES = {
    "pre_complaint": ("informal", {"pre_complaint"}),
    "stage1": ("statutory_1", {"complaint", "pre_complaint"}),
    "stage2": ("statutory_2", {"complaint", "pre_complaint"}),
    "stage3": ("statutory_3", {"complaint", "pre_complaint"}),
    "corporate_stage1": ("corporate_1", {"complaint", "pre_complaint"}),
    "corporate_stage2": ("corporate_2", {"complaint", "pre_complaint"}),
}
OUTCOMES = {
    "upheld": "upheld", "partially_upheld": "partially_upheld", "not_upheld": "not_upheld",
    "inconclusive": "inconclusive", "resolved": "resolved_early", "withdrawn": "withdrawn",
}  # fmt: skip


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _pct(part: int, whole: int) -> int | None:
    if not whole:
        return None
    return int((Decimal(100 * part) / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _rows(connection: sa.Connection, sql: str) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in connection.execute(sa.text(sql))]


def _recount(connection: sa.Connection) -> dict[str, Any]:
    """Each figure as its definition says, from the rows alone."""
    inside = YEAR.contains
    cases = {c["id"]: c for c in _rows(connection, "SELECT * FROM cases") if not c["automated"]}
    stages = sorted(
        (s for s in _rows(connection, "SELECT * FROM stage") if s["case_id"] in cases),
        key=lambda s: (_day(s["opened_on"]), s["id"]),
    )
    clocks = {
        (d["stage_id"], d["rule"]): d
        for d in _rows(connection, "SELECT * FROM deadline WHERE NOT cancelled")
    }
    found: dict[str, Any] = {}
    for family, (kind, kinds) in FAMILIES.items():
        ours = [
            s for s in stages
            if s["kind"] == kind and cases[s["case_id"]]["record_kind"] in kinds
        ]  # fmt: skip
        first = {}
        for stage in ours:
            first.setdefault(stage["case_id"], stage)
        found[f"{family}.received"] = sum(inside(_day(s["opened_on"])) for s in first.values())
        closed = [s for s in ours if s["responded_on"] and inside(_day(s["responded_on"]))]
        rule = "council_response" if kind == "statutory_3" else kind
        target = extension = 0
        for stage in closed:
            clock = clocks.get((stage["id"], rule))
            answered = _day(stage["responded_on"])
            if clock is None:
                continue
            due, extended = _day(clock["due_on"]), _day(clock["extended_to"])
            agreed = _day(clock["extension_agreed_on"])
            if answered <= due:
                target += 1
            elif extended and agreed and agreed <= due and answered <= extended:
                extension += 1
        outcomes = Counter(s["outcome"] for s in closed)
        found |= {
            f"{family}.closed": len(closed),
            f"{family}.within_target": target,
            f"{family}.within_extension": extension,
            f"{family}.late": len(closed) - target - extension,
            f"{family}.in_time_pct": _pct(target + extension, len(closed)),
            f"{family}.fault_found_pct": _pct(
                outcomes["upheld"] + outcomes["partially_upheld"], len(closed)
            ),
        }
        for name, stored in OUTCOMES.items():
            found[f"{family}.outcome.{name}"] = outcomes[stored]
        if family in ("stage1", "corporate_stage1"):
            days = [s["working_days_taken"] for s in closed]
            found[f"{family}.within_10_working_days"] = sum(d <= 10 for d in days)
            found[f"{family}.beyond_20_working_days"] = sum(d > 20 for d in days)
    received = [c for c in cases.values() if inside(_day(c["receipt_day"]))]
    logged = [c for c in received if c["route"] != "not_logged"]
    kinds_received = Counter(c["record_kind"] for c in logged)
    went_formal = [
        c for c in logged
        if c["record_kind"] == "pre_complaint" and c["stage"] not in (None, "informal")
    ]  # fmt: skip
    found |= {
        "complaint.received": kinds_received["complaint"] + len(went_formal),
        "professional.received": kinds_received["professional_complaint"],
        "enquiry.received": kinds_received["enquiry"],
        "compliment.received": kinds_received["compliment"],
        "comment.received": kinds_received["comment"],
        "not_logged.received": len(received) - len(logged),
    }
    for route in ("statutory", "corporate"):
        found[f"complaint.{route}.received"] = sum(
            c["route"] == route for c in logged if c["record_kind"] == "complaint"
        ) + sum(c["route"] == route for c in went_formal)
    found["escalation.stage1_to_stage2_pct"] = _pct(
        found["stage2.received"], found["stage1.received"]
    )
    decisions = [
        d for d in _rows(connection, "SELECT * FROM lgsco_case")
        if d["decision"] and d["decided_on"] and inside(_day(d["decided_on"]))
        and d["case_id"] in cases
    ]  # fmt: skip
    found["lgsco.decided"] = len(decisions)
    found["lgsco.upheld"] = sum(str(d["decision"]).startswith("upheld") for d in decisions)
    remedies = Counter()
    for remedy in _rows(
        connection,
        "SELECT DISTINCT r.stage_id, r.kind, s.responded_on, s.kind AS stage_kind, "
        "c.record_kind FROM remedy r JOIN stage s ON s.id = r.stage_id "
        "JOIN cases c ON c.id = s.case_id WHERE NOT c.automated",
    ):
        family = next(
            (f for f, (k, kinds) in FAMILIES.items()
             if k == remedy["stage_kind"] and remedy["record_kind"] in kinds), None,
        )  # fmt: skip
        if family and remedy["responded_on"] and inside(_day(remedy["responded_on"])):
            remedies[remedy["kind"]] += 1
    for kind in ("apology", "explanation", "financial", "no_remedy_required"):
        found[f"remedy.{kind}"] = remedies[kind]
    return found


def test_the_report_counts_what_its_definitions_say(engine: Engine) -> None:
    seed_demo(
        organised(engine), cases=1500, years=2, today=TODAY, seed=12, categories=SHIPPED_CATEGORIES
    )
    _, figures = build_report(engine, YEAR, today=TODAY)
    with engine.connect() as connection:
        recounted = _recount(connection)
    reported = {name: figures.get(name) for name in recounted}
    assert reported == recounted
    assert recounted["stage1.closed"] > 100 and recounted["stage1.within_extension"] > 0
    assert recounted["lgsco.decided"] > 0 and recounted["remedy.apology"] > 0
