"""Staff corrections of triage: recorded per rule, counted for `heard triage report`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, func, select

from cases.actor import Actor
from cases.enums import AuditAction
from store import audit
from store.models import Case, TriageCorrection

# (what changed, what triage proposed, what staff decided, the rule that proposed it)
CorrectionRow = tuple[str, str | None, str | None, str]


def record(
    session: Session,
    *,
    case_id: int,
    actor: Actor,
    why: str,
    at: datetime,
    found: Iterable[CorrectionRow],
) -> list[TriageCorrection]:
    rows = [
        TriageCorrection(
            case_id=case_id,
            at=at,
            actor=str(actor),
            what=what,
            proposed=proposed[:200] if proposed else None,
            corrected=corrected[:200] if corrected else None,
            rule_id=rule_id[:80],
            why=why[:1000],
        )
        for what, proposed, corrected, rule_id in found
    ]
    session.add_all(rows)
    if rows:
        audit.record(
            session,
            case_id=case_id,
            actor=actor,
            action=AuditAction.TRIAGE_CORRECTED,
            at=at,
            reason=why,
            before={row.what: row.proposed for row in rows},
            after={row.what: row.corrected for row in rows},
        )
    return rows


def overruled_by_rule(session: Session) -> dict[str, Counter[str]]:
    """rule id -> how often staff overruled it, by what they changed."""
    found: dict[str, Counter[str]] = {}
    statement = select(
        TriageCorrection.rule_id, TriageCorrection.what, func.count(col(TriageCorrection.id))
    ).group_by(TriageCorrection.rule_id, TriageCorrection.what)
    for rule_id, what, count in session.exec(statement):
        found.setdefault(rule_id, Counter())[what] += count
    return found


def fired_by_rule(session: Session) -> Counter[str]:
    """rule id -> on how many triaged cases it fired (from each case's stored decision)."""
    counts: Counter[str] = Counter()
    statement = select(Case.triage_decision).where(col(Case.triage_decision).is_not(None))
    for decision in session.exec(statement):
        counts.update({rule_id for rule_id, _ in (decision or {}).get("fired", [])})
    return counts
