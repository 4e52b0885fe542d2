"""Which of triage's notes on its proposal staff still need to read, for the case page and the
Slack card alike. The stored decision (case.triage_decision) keeps every note as triage wrote
it; once staff have confirmed or changed triage they decided what it was unsure of, so its
doubts are history, not a current doubt, and "no category matched" no longer explains the
case's issues once staff have set its categories."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

# The rule triage names when no category matched: the issue it proposes goes to the triage
# queue for staff to say what the complaint is about (triage.engine).
NO_CATEGORY_RULE = "routing.default"


@dataclass(frozen=True)
class TriageNotes:
    reasons: tuple[tuple[str, str], ...]  # (rule id, reason): why heard proposed what stands
    doubts: tuple[str, ...]  # what staff must still check
    decided_doubts: tuple[str, ...]  # what triage was unsure of, since decided by staff


def triage_notes(
    decision: Mapping[str, Any] | None, *, confirmed: bool, issue_rules: Collection[str | None]
) -> TriageNotes:
    """`issue_rules`: the rule of each issue the case holds now (staff's own say 'staff')."""
    found = decision or {}
    reasons = tuple(
        (rule, reason)
        for rule, reason in fired_reasons(found)
        if rule != NO_CATEGORY_RULE or NO_CATEGORY_RULE in issue_rules
    )
    doubts = tuple(str(why) for why in found.get("uncertain") or [])
    if confirmed:
        return TriageNotes(reasons=reasons, doubts=(), decided_doubts=doubts)
    return TriageNotes(reasons=reasons, doubts=doubts, decided_doubts=())


def fired_reasons(decision: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """Every rule that fired, (rule id, reason), as stored: [rule id, reason] or an older
    {rule_id, reason}; the whole record (the CLI's case text), not only what still stands."""
    return tuple(
        (str(rule.get("rule_id")), str(rule.get("reason")))
        if isinstance(rule, Mapping)
        else (str(rule[0]), str(rule[1]))
        for rule in (decision or {}).get("fired", [])
    )
