"""The case lifecycle as a table: which action is allowed in which status, and where it leads.

Statuses (cases.enums.CaseStatus): RECEIVED (logged, awaiting triage) → OPEN (a stage runs) →
RESPONDED (the stage is answered; the escalation window is open) → OPEN at the next stage, or
CLOSED; WITHDRAWN and NOT_LOGGED end a case early. Triage confirmation and acknowledgement are
facts recorded on the case, not statuses: councils acknowledge before or after triage.
Compliments, comments and enquiries have no stage: they go RECEIVED → CLOSED.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from cases.enums import CaseStatus, RecordKind, Route, StageKind


class Action(StrEnum):
    CONFIRM_TRIAGE = "confirm_triage"
    NOT_LOG = "not_log"
    ACKNOWLEDGE = "acknowledge"
    ASSIGN = "assign"
    EXTEND = "extend"
    RESPOND = "respond"
    ESCALATE = "escalate"
    PANEL_HELD = "panel_held"
    CHAIR_REPORT = "chair_report"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    LGSCO_RECEIVED = "lgsco_received"
    LGSCO_DECIDED = "lgsco_decided"
    REOPEN = "reopen"


@dataclass(frozen=True)
class CaseState:
    reference: str
    record_kind: RecordKind
    route: Route
    status: CaseStatus
    stage: StageKind | None
    acknowledged: bool = False
    triage_confirmed: bool = False


class InvalidTransition(Exception):
    """An action not allowed in the case's state; the message names case, state and action."""


_R, _O, _D = CaseStatus.RECEIVED, CaseStatus.OPEN, CaseStatus.RESPONDED
_C, _W, _N = CaseStatus.CLOSED, CaseStatus.WITHDRAWN, CaseStatus.NOT_LOGGED

# (status, action) -> status after. Conditions beyond the status are checked in `apply`.
TRANSITIONS: Mapping[tuple[CaseStatus, Action], CaseStatus] = {
    (_R, Action.CONFIRM_TRIAGE): _O,
    (_R, Action.NOT_LOG): _N,
    (_O, Action.NOT_LOG): _N,
    (_R, Action.ACKNOWLEDGE): _R,
    (_O, Action.ACKNOWLEDGE): _O,
    (_D, Action.ACKNOWLEDGE): _D,
    (_R, Action.ASSIGN): _R,
    (_O, Action.ASSIGN): _O,
    (_D, Action.ASSIGN): _D,
    (_O, Action.EXTEND): _O,
    (_O, Action.RESPOND): _D,
    (_D, Action.ESCALATE): _O,
    (_O, Action.PANEL_HELD): _O,
    (_O, Action.CHAIR_REPORT): _O,
    (_R, Action.CLOSE): _C,
    (_D, Action.CLOSE): _C,
    (_R, Action.WITHDRAW): _W,
    (_O, Action.WITHDRAW): _W,
    (_D, Action.WITHDRAW): _W,
    (_D, Action.LGSCO_RECEIVED): _D,
    (_C, Action.LGSCO_RECEIVED): _C,
    (_D, Action.LGSCO_DECIDED): _D,
    (_C, Action.LGSCO_DECIDED): _C,
    (_C, Action.REOPEN): _D,
}

_STAGELESS_KINDS = frozenset(
    {RecordKind.COMPLIMENT, RecordKind.COMMENT, RecordKind.ENQUIRY, RecordKind.LGSCO_ENQUIRY}
)
_FINAL_STAGES = frozenset({StageKind.STATUTORY_3, StageKind.CORPORATE_2})


def first_stage(record_kind: RecordKind, route: Route, *, historic: bool) -> StageKind | None:
    """Where a logged contact starts. Historic complaints may start at stage 2 (docs/domain.md,
    "Historic complaints")."""
    if record_kind in _STAGELESS_KINDS or route in (Route.NOT_LOGGED, Route.NONE):
        return None
    if record_kind == RecordKind.PRE_COMPLAINT:
        return StageKind.INFORMAL
    if route == Route.CORPORATE:
        return StageKind.CORPORATE_1
    return StageKind.STATUTORY_2 if historic else StageKind.STATUTORY_1


def next_stage(stage: StageKind, route: Route = Route.STATUTORY) -> StageKind | None:
    if stage == StageKind.INFORMAL:
        return StageKind.CORPORATE_1 if route == Route.CORPORATE else StageKind.STATUTORY_1
    return {
        StageKind.STATUTORY_1: StageKind.STATUTORY_2,
        StageKind.STATUTORY_2: StageKind.STATUTORY_3,
        StageKind.CORPORATE_1: StageKind.CORPORATE_2,
    }.get(stage)


def apply(state: CaseState, action: Action, *, start_stage: StageKind | None = None) -> CaseState:
    after = TRANSITIONS.get((state.status, action))
    if after is None:
        _refuse(state, action, "not allowed in this status")
    if action == Action.CONFIRM_TRIAGE:
        stage = start_stage or first_stage(state.record_kind, state.route, historic=False)
        if stage is None:
            _refuse(state, action, "this kind of record has no complaints stage")
        return replace(state, status=CaseStatus.OPEN, stage=stage, triage_confirmed=True)
    if action == Action.ACKNOWLEDGE:
        if state.acknowledged:
            _refuse(state, action, "already acknowledged")
        return replace(state, acknowledged=True)
    if action == Action.ESCALATE:
        following = next_stage(state.stage, state.route) if state.stage else None
        if following is None:
            _refuse(state, action, "no further stage: the next step is the LGSCO")
        if start_stage is not None and start_stage != following:
            _refuse(state, action, f"the next stage is {following.value}")
        return replace(state, status=CaseStatus.OPEN, stage=following)
    if action in (Action.PANEL_HELD, Action.CHAIR_REPORT) and state.stage != StageKind.STATUTORY_3:
        _refuse(state, action, "only at statutory stage 3")
    if (
        action == Action.CLOSE
        and state.status == CaseStatus.RECEIVED
        and (state.record_kind not in _STAGELESS_KINDS)
    ):
        _refuse(state, action, "a complaint is closed after its response")
    if action in (Action.LGSCO_RECEIVED, Action.LGSCO_DECIDED) and (
        state.stage is not None
        and state.stage not in _FINAL_STAGES
        and state.status != CaseStatus.CLOSED
    ):
        _refuse(state, action, "the LGSCO looks at a complaint after the council's last stage")
    return replace(state, status=after)


def allowed_actions(state: CaseState) -> frozenset[Action]:
    allowed = set()
    for action in Action:
        try:
            apply(state, action)
        except InvalidTransition:
            continue
        allowed.add(action)
    return frozenset(allowed)


def _refuse(state: CaseState, action: Action, why: str) -> None:
    stage = state.stage.value if state.stage else "no stage"
    raise InvalidTransition(
        f"{state.reference} ({state.status.value}, {stage}): cannot {action.value}: {why}"
    )
