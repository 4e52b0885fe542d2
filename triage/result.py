"""The engine's decision as the case service applies it (cases.triage_result.TriageResult)."""

from __future__ import annotations

from cases.triage_result import IssueProposal, TriageResult
from triage.engine import Decision


def triage_result(decision: Decision) -> TriageResult:
    return TriageResult(
        record_kind=decision.record_kind,
        route=decision.route,
        complainant_type=decision.complainant_type,
        not_logged_reason=decision.not_logged_reason,
        issues=tuple(IssueProposal(*issue) for issue in decision.issues),
        safeguarding=decision.safeguarding,
        advocacy_offer=decision.advocacy_offer,
        out_of_time=decision.out_of_time,
        historic=decision.historic,
        decision=decision.to_json(),
    )
