"""A case as text for the terminal (`heard cases show`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo


def describe_case(detail: dict[str, Any], *, zone: ZoneInfo) -> str:
    received = datetime.fromisoformat(detail["received_at"]).astimezone(zone)
    lines = [
        f"{detail['reference']}  {detail['record_kind']}  route {detail['route']}",
        f"  status {detail['status']}, stage {detail['stage'] or '-'}",
        f"  received {received:%Y-%m-%d %H:%M} via {detail['channel']}"
        f" (counts from {detail['receipt_day']})",
        f"  complainant type {detail['complainant_type']}",
    ]
    flags = [
        name
        for name in (
            "safeguarding",
            "advocacy_offer",
            "historic",
            "out_of_time",
            "automated",
            "needs_attention",
        )
        if detail.get(name)
    ]
    if flags:
        lines.append("  flags: " + ", ".join(flags))
    if detail.get("attention_reason"):
        lines.append(f"  needs attention: {detail['attention_reason']}")
    if detail.get("acknowledged_at"):
        lines.append(f"  acknowledged {detail['acknowledged_at']}")
    decision = detail.get("triage_decision")
    if decision:
        state = "confirmed" if detail.get("triage_confirmed_at") else "proposed, not confirmed"
        lines.append(f"  triage ({state}):")
        for rule in decision.get("fired", []):
            rule_id, reason = (
                (rule[0], rule[1])
                if isinstance(rule, list)
                else (rule.get("rule_id"), rule.get("reason"))
            )
            lines.append(f"    - {rule_id}: {reason}")
    for issue in detail["issues"]:
        lines.append(
            f"  issue: {issue['category']} -> {issue['team_id'] or 'triage queue'}"
            f" ({issue['outcome'] or 'no outcome yet'})"
        )
    for deadline in detail["deadlines"]:
        due = deadline["extended_to"] or deadline["due_on"]
        met = f", met {deadline['met_on']}" if deadline["met_on"] else ""
        lines.append(f"  deadline {deadline['rule']}: due {due}{met}")
    for stage in detail["stages"]:
        lines.append(
            f"  stage {stage['kind']}: opened {stage['opened_on']}, "
            f"responded {stage['responded_on'] or '-'} {stage['timeliness'] or ''}".rstrip()
        )
    lines.append("  audit:")
    for entry in detail["audit"]:
        reason = f" ({entry['reason']})" if entry["reason"] else ""
        lines.append(f"    {entry['at']}  {entry['actor']}  {entry['action']}{reason}")
    return "\n".join(lines)
