"""What staff changed in triage's proposal, each change tied to the rule that proposed it.

Pure: compares the engine's decision with what a member of staff decided, so a council can
count, per rule, how often staff overrule it (`heard triage report`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cases.triage_result import IssueKey, StaffTriage
from triage.engine import ROUTE_MODEL, SECOND_OPINION, Decision

__all__ = ["Correction", "StaffTriage", "corrections", "corrections_found"]


@dataclass(frozen=True)
class Correction:
    what: str
    proposed: str | None
    corrected: str | None
    rule_id: str


def corrections(decision: Decision, staff: StaffTriage) -> list[Correction]:
    found: list[Correction] = []
    ids = decision.rule_ids

    def rule(prefixes: tuple[str, ...], default: str) -> str:
        return next((rule_id for rule_id in ids if rule_id.startswith(prefixes)), default)

    if decision.record_kind.value != staff.record_kind:
        found.append(
            Correction(
                "record_kind",
                decision.record_kind.value,
                staff.record_kind,
                rule(("kind.",), "kind.mailbox"),
            )
        )
    proposed_route = _route(decision.route.value, decision.not_logged_reason)
    corrected_route = _route(staff.route, staff.not_logged_reason)
    if proposed_route != corrected_route:
        found.append(
            Correction(
                "route",
                proposed_route,
                corrected_route,
                # The model's second opinion proposed the route over the rule it overruled.
                SECOND_OPINION
                if SECOND_OPINION in ids
                else rule(
                    ("nl.", "eligibility.", "safeguarding.only", "time.", "corp.", ROUTE_MODEL),
                    "route.default",
                ),
            )
        )
    if decision.complainant_type != staff.complainant_type:
        found.append(
            Correction(
                "complainant_type",
                decision.complainant_type,
                staff.complainant_type,
                rule(("who.",), "who.none"),
            )
        )
    proposed = {(category, team): rule_id for category, team, rule_id in decision.issues}
    corrected = set(staff.issues)
    for key, rule_id in proposed.items():
        if key not in corrected:
            found.append(Correction("issue_removed", _issue(key), None, rule_id or "issues"))
    for key in staff.issues:
        if key not in proposed:
            found.append(Correction("issue_added", None, _issue(key), "issues.missed"))
    if decision.start_stage != staff.start_stage:
        found.append(
            Correction(
                "start_stage",
                str(decision.start_stage),
                str(staff.start_stage),
                rule(("hist.",), "stage.start"),
            )
        )
    return found


def corrections_found(
    decision: dict[str, Any], staff: StaffTriage
) -> list[tuple[str, str | None, str | None, str]]:
    """corrections() from a case's stored decision, as casework/triage_change.py records them:
    (what, proposed, corrected, rule id)."""
    found = corrections(Decision.from_json(decision), staff)
    return [(c.what, c.proposed, c.corrected, c.rule_id) for c in found]


def _route(route: str, reason: object) -> str:
    value = getattr(reason, "value", reason)
    return f"{route}: {value}" if value else route


def _issue(key: IssueKey) -> str:
    category, team = key
    return f"{category} / {team or 'triage queue'}"
