"""Staff changing heard's triage of a case (Slack's Change triage, the web's form, the CLI's
confirm-triage with corrections): the changed result applied with the reason, each change
recorded against the rule that proposed it (for `heard triage report`), the triage confirmed.

The comparison with the engine's proposal is triage/'s (triage/corrections.py); casework/ may
not import triage/, so each adapter hands it in as `find_corrections`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from cases.actor import TRIAGE, Actor
from cases.enums import ComplainantType, NotLoggedReason, RecordKind, Route
from cases.triage_result import IssueKey, IssueProposal, StaffTriage, TriageResult
from casework.acknowledgement import acknowledge_by_automatic_letter
from casework.service import CaseService
from casework.triage import apply_triage, confirm_triage
from store import triage_corrections
from store.cases.letter_facts import has_written_before
from store.cases.queries import issues_of
from store.models import Case

# (what, proposed, corrected, rule id) for each difference between the stored decision
# and staff's triage: triage.corrections.corrections_found.
FindCorrections = Callable[
    [dict[str, Any], StaffTriage], Sequence[tuple[str, str | None, str | None, str]]
]


@dataclass(frozen=True)
class TriageChange:
    """What staff decided; None leaves a part as the case has it."""

    record_kind: RecordKind
    route: Route
    not_logged_reason: NotLoggedReason | None
    why: str
    complainant_type: str | None = None
    issues: tuple[IssueKey, ...] | None = None  # (category, team); replaces them all
    start_stage: int | None = None  # 1, or 2 for a historic statutory complaint
    advocacy_offer: bool | None = None


def change_triage(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    actor: Actor,
    change: TriageChange,
    now: datetime,
    find_corrections: FindCorrections,
) -> list[str]:
    """Apply `change`, record its corrections and confirm the triage; what was corrected
    (record_kind, route, issue_added …), in the order found."""
    assert case.id is not None
    rules = {
        (str(issue.category), issue.team_id): issue.rule_id
        for issue in issues_of(session, case_id=case.id)
    }
    issues = change.issues if change.issues is not None else tuple(rules)
    complainant = change.complainant_type or str(case.complainant_type or ComplainantType.UNKNOWN)
    historic = case.historic if change.start_stage is None else change.start_stage == 2
    not_logged = change.not_logged_reason if change.route == Route.NOT_LOGGED else None
    found: Sequence[tuple[str, str | None, str | None, str]] = []
    if case.triage_decision:
        found = find_corrections(
            case.triage_decision,
            StaffTriage(
                record_kind=change.record_kind.value,
                route=change.route.value,
                not_logged_reason=not_logged.value if not_logged else None,
                complainant_type=complainant,
                issues=issues,
                start_stage=2 if historic else 1,
            ),
        )
        triage_corrections.record(
            session, case_id=case.id, actor=actor, why=change.why, at=now, found=list(found)
        )
    apply_triage(
        service,
        session,
        case=case,
        actor=actor,
        reason=change.why,
        result=TriageResult(
            record_kind=change.record_kind,
            route=change.route,
            not_logged_reason=not_logged,
            complainant_type=complainant,
            issues=tuple(
                IssueProposal(category, team, rules.get((category, team)) or "staff")
                for category, team in issues
            ),
            safeguarding=case.safeguarding,
            advocacy_offer=(
                case.advocacy_offer if change.advocacy_offer is None else change.advocacy_offer
            ),
            out_of_time=case.out_of_time,
            historic=historic,
        ),
    )
    confirm_triage(service, session, case=case, actor=actor, now=now, again=True)
    if has_written_before(session, case_id=case.id):
        # The letter for the new decision (outbound.letters) tells a contact now logged as a
        # complaint so: its acknowledgement, as the automatic letter is for mail. A contact told
        # it was not logged and logged on its reply was otherwise chased to be acknowledged.
        acknowledge_by_automatic_letter(service, session, case=case, actor=TRIAGE, now=now)
    return [what for what, *_ in found]
