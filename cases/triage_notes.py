"""Which of triage's notes on its proposal staff still need to read, for the case page and the
Slack card alike. The stored decision (case.triage_decision) keeps every note as triage wrote
it; once staff have confirmed or changed triage they decided what it was unsure of, so its
doubts are history, not a current doubt, and "no category matched" no longer explains the
case's issues once staff have set its categories. A date staff give for the event complained
of (casework.time_limit) decides triage's doubts about the time limit the same way, and a case
over the 12-month limit says so after its doubts are gone (walkerJ: a case staff dated two
years back showed nothing on its card or page)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

# The rule triage names when no category matched: the issue it proposes goes to the triage
# queue for staff to say what the complaint is about (triage.engine).
NO_CATEGORY_RULE = "routing.default"

# How triage begins each doubt about the 12-month time limit (triage.time_limit).
TIME_LIMIT_DOUBT = "time limit:"

# What staff read while a case is over the limit and no doubt of triage's says it already.
OUT_OF_TIME_NOTE = (
    "Out of time: over 12 months since the event or the complainant's awareness of it; the "
    "council decides whether to use its discretion"
)


@dataclass(frozen=True)
class TriageNotes:
    reasons: tuple[tuple[str, str], ...]  # (rule id, reason): why heard proposed what stands
    doubts: tuple[str, ...]  # what staff must still check
    decided_doubts: tuple[str, ...]  # what triage was unsure of, since decided by staff
    time_limit: str | None = None  # OUT_OF_TIME_NOTE, or None


def triage_notes(
    decision: Mapping[str, Any] | None,
    *,
    confirmed: bool,
    issue_rules: Collection[str | None],
    out_of_time: bool = False,
    event_dated: bool = False,
) -> TriageNotes:
    """`issue_rules`: the rule of each issue the case holds now (staff's own say 'staff');
    `out_of_time`, `event_dated`: the case's flag, and whether staff gave the event's date."""
    found = decision or {}
    reasons = tuple(
        (rule, reason)
        for rule, reason in fired_reasons(found)
        if rule != NO_CATEGORY_RULE or NO_CATEGORY_RULE in issue_rules
    )
    doubts = tuple(str(why) for why in found.get("uncertain") or [])
    decided = (
        doubts
        if confirmed
        else tuple(why for why in doubts if event_dated and why.startswith(TIME_LIMIT_DOUBT))
    )
    open_doubts = tuple(why for why in doubts if why not in decided)
    said = any(why.startswith(TIME_LIMIT_DOUBT) for why in open_doubts)
    return TriageNotes(
        reasons=reasons,
        doubts=open_doubts,
        decided_doubts=decided,
        time_limit=OUT_OF_TIME_NOTE if out_of_time and not said else None,
    )


def fired_reasons(decision: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """Every rule that fired, (rule id, reason), as stored: [rule id, reason] or an older
    {rule_id, reason}; the whole record (the CLI's case text), not only what still stands."""
    return tuple(
        (str(rule.get("rule_id")), str(rule.get("reason")))
        if isinstance(rule, Mapping)
        else (str(rule[0]), str(rule[1]))
        for rule in (decision or {}).get("fired", [])
    )
