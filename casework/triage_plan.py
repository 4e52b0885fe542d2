"""What applying one triage result does to a case, decided once.

apply_triage (casework/triage.py: one case, through the ORM, for staff's changes and for mail
that is not fresh) and open_and_triage_fresh (casework/triage_batch.py: many fresh cases with a
few multi-row statements, for intake's worker) both carry out this plan, so they cannot decide
differently; tests/casework/test_triage_batch.py checks over generated messages that the rows
they leave agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cases.data_protection import DATA_PROTECTION_KINDS
from cases.enums import Route, StageKind
from cases.kinds import COMPLAINT_KINDS
from cases.lifecycle import Action, CaseState, apply, first_stage
from cases.triage_result import TriageResult
from store.models import Case


@dataclass(frozen=True)
class TriagePlan:
    fields: dict[str, Any]  # the case's fields the result sets
    state: CaseState  # the case's status and stage afterwards
    stage_kind: StageKind | None  # the stage it opens, if any
    not_logged: bool  # not logged: every open deadline of the case is cancelled
    acknowledgement_owed: bool  # only a complaint, logged and written by a person, is owed one
    # A subject access request or a data protection complaint runs its own clock
    # (cases/data_protection.py) from the day it arrived.
    data_protection_clock: bool = False


def plan_triage(
    case: Case, state: CaseState, result: TriageResult, *, stage_two_agreed: bool = False
) -> TriagePlan:
    """The plan for `case`, received and not yet in a stage (`state`: as the lifecycle sees it).
    A historic case starts at stage 2 only when a member of staff agreed and said why
    (`stage_two_agreed`); the automatic proposal starts it at stage 1, flagged historic."""
    fields: dict[str, Any] = {
        "record_kind": result.record_kind,
        "route": result.route,
        "complainant_type": result.complainant_type,
        "not_logged_reason": result.not_logged_reason,
        "safeguarding": result.safeguarding,
        "advocacy_offer": result.advocacy_offer,
        "out_of_time": result.out_of_time,
        "historic": result.historic,
    }
    if result.decision is not None:
        fields["triage_decision"] = result.decision
    not_logged = result.route == Route.NOT_LOGGED
    stage_kind: StageKind | None = None
    if not_logged:
        state = apply(state, Action.NOT_LOG)
    else:
        stage_kind = first_stage(
            result.record_kind, result.route, historic=result.historic and stage_two_agreed
        )
        if stage_kind is not None:
            state = apply(state, Action.CONFIRM_TRIAGE, start_stage=stage_kind)
    return TriagePlan(
        fields=fields,
        state=state,
        stage_kind=stage_kind,
        not_logged=not_logged,
        acknowledgement_owed=(
            result.record_kind in COMPLAINT_KINDS and not not_logged and not case.automated
        ),
        data_protection_clock=result.record_kind in DATA_PROTECTION_KINDS and not not_logged,
    )
