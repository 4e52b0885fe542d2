"""The case lifecycle as a table: which action is allowed in which status, and where it leads.

Statuses (cases.enums.CaseStatus): RECEIVED (logged, awaiting triage) → OPEN (a stage runs) →
RESPONDED (the stage is answered; the escalation window is open) → OPEN at the next stage, or
CLOSED; WITHDRAWN and NOT_LOGGED end a case early. Staff may reopen a closed case (the family
asks for the next stage after it closed): a complaint goes back to RESPONDED, where its next step
is taken, a record without a stage back to RECEIVED. A withdrawn case reopens where the family
left it (they came back): a stage still unanswered runs again (OPEN), an answered one is
RESPONDED, and a contact withdrawn before triage is RECEIVED again. Triage confirmation and
acknowledgement are facts recorded on the case, not statuses: councils acknowledge before or
after triage.
Compliments, comments and enquiries have no stage: they go RECEIVED → CLOSED.

Pausing (legal proceedings, police investigation) is a fact on a running case, like
acknowledgement: a paused case keeps its status, and only resuming, withdrawing, assigning and
the Ombudsman's actions are allowed until it resumes. A stage may be escalated without a
response once it is overdue, or (stage 1 only) early when staff agree and say why. The
Ombudsman may enquire at any point; a premature referral sends the case back to stage 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import NoReturn

from cases.day_words import people_dates
from cases.enums import CaseStatus, RecordKind, Route, StageKind
from cases.kinds import STAGELESS_KINDS


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
    PAUSE = "pause"
    RESUME = "resume"


@dataclass(frozen=True)
class CaseState:
    reference: str
    record_kind: RecordKind
    route: Route
    status: CaseStatus
    stage: StageKind | None
    acknowledged: bool = False
    triage_confirmed: bool = False
    paused: bool = False
    stage_overdue: bool = False  # the running stage is past its (extended) due date
    lgsco_open: bool = False  # an Ombudsman enquiry awaits its decision
    stage_answered: bool = False  # the latest stage has its response (reopening a withdrawal)


class InvalidTransition(Exception):
    """An action not allowed in the case's state; the message names case, state and action.
    `said` is the refusal alone, without the case and its state in code words (a form shows it
    next to its field on a page that names the case)."""

    def __init__(self, message: str, *, said: str | None = None) -> None:
        super().__init__(message)
        self.said = message if said is None else said

    @property
    def sentence(self) -> str:
        """The refusal as staff read it beside a field or in a message, at every door but the
        CLI: `said` starting with a capital, its days as people write them (cases.day_words),
        with no full stop (a GOV.UK error message has none; Slack adds its own)."""
        return people_dates(self.said[:1].upper() + self.said[1:]).rstrip(".")


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
    (_O, Action.ESCALATE): _O,  # an overdue stage, or a historic/serious stage 1 (see apply)
    (_O, Action.PANEL_HELD): _O,
    (_O, Action.CHAIR_REPORT): _O,
    (_R, Action.CLOSE): _C,
    (_D, Action.CLOSE): _C,
    (_R, Action.WITHDRAW): _W,
    (_O, Action.WITHDRAW): _W,
    (_D, Action.WITHDRAW): _W,
    (_C, Action.REOPEN): _D,
    (_W, Action.REOPEN): _O,  # RESPONDED or RECEIVED where the family had got to (see apply)
    (_O, Action.PAUSE): _O,
    (_O, Action.RESUME): _O,
    # The Ombudsman may enquire at any point (premature, not logged, withdrawn); a decision
    # leaves the status alone, except a premature referral, which restarts the procedure.
    **{(status, Action.LGSCO_RECEIVED): status for status in CaseStatus},
    **{(status, Action.LGSCO_DECIDED): status for status in CaseStatus},
}
# Allowed while a case is paused; everything else waits for `resume`.
ALLOWED_WHILE_PAUSED = frozenset(
    {
        Action.RESUME,
        Action.WITHDRAW,
        Action.ASSIGN,
        Action.ACKNOWLEDGE,
        Action.CONFIRM_TRIAGE,
        Action.LGSCO_RECEIVED,
        Action.LGSCO_DECIDED,
    }
)


def first_stage(record_kind: RecordKind, route: Route, *, historic: bool) -> StageKind | None:
    """Where a logged contact starts. Historic complaints may start at stage 2 (docs/domain.md,
    "Historic complaints")."""
    if record_kind in STAGELESS_KINDS or route in (Route.NOT_LOGGED, Route.NONE):
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


def apply(
    state: CaseState,
    action: Action,
    *,
    start_stage: StageKind | None = None,
    reason: str | None = None,
) -> CaseState:
    """The state after `action`, or InvalidTransition saying why not.

    `start_stage`: the stage triage starts at, the stage an escalation expects, or (with
    LGSCO_DECIDED) the stage a premature referral restarts at. `reason`: why staff escalate a
    stage 1 early.
    """
    after = TRANSITIONS.get((state.status, action))
    if after is None:
        _refuse(state, action, _STATUS_WORDS[state.status])
    assert after is not None
    if state.paused and action not in ALLOWED_WHILE_PAUSED:
        _refuse(state, action, "the case is paused: resume it first")
    if action == Action.PAUSE:
        if state.paused:
            _refuse(state, action, "already paused")
        return replace(state, paused=True)
    if action == Action.RESUME:
        if not state.paused:
            _refuse(state, action, "the case is not paused")
        return replace(state, paused=False)
    if action == Action.LGSCO_RECEIVED:
        if state.lgsco_open:
            _refuse(state, action, "an Ombudsman enquiry is already open")
        return replace(state, lgsco_open=True)
    if action == Action.LGSCO_DECIDED:
        if not state.lgsco_open:
            _refuse(state, action, "no Ombudsman enquiry is open")
        if start_stage is not None:  # premature: back to the council's first stage
            return replace(
                state, status=CaseStatus.OPEN, stage=start_stage, lgsco_open=False, paused=False
            )
        return replace(state, lgsco_open=False)
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
        assert following is not None
        if start_stage is not None and start_stage != following:
            _refuse(state, action, f"the next stage is {following.value}")
        if state.status == CaseStatus.OPEN and not (
            state.stage_overdue
            or (state.stage == StageKind.STATUTORY_1 and reason and reason.strip())
        ):
            _refuse(
                state,
                action,
                "the stage is not answered and not overdue (a historic or serious stage 1 "
                "moves on early only with the reason staff agreed)",
            )
        return replace(state, status=CaseStatus.OPEN, stage=following)
    if action == Action.EXTEND and state.stage == StageKind.STATUTORY_3:
        # no maximum in the timescale table: Extend at stage 3 only ever met a refusal, which
        # said the stage had no open deadline while its panel's ran (walkerB)
        _refuse(
            state,
            action,
            "stage 3's timescales (the panel within 30 working days of the request, the "
            "chair's report within 5, the response within 15) cannot be extended",
        )
    if action in (Action.PANEL_HELD, Action.CHAIR_REPORT) and state.stage != StageKind.STATUTORY_3:
        _refuse(state, action, "only at statutory stage 3")
    if (
        action == Action.CLOSE
        and state.status == CaseStatus.RECEIVED
        and (state.record_kind not in STAGELESS_KINDS)
    ):
        _refuse(state, action, "a complaint is closed after its response")
    if action in (Action.WITHDRAW, Action.CLOSE):
        return replace(state, status=after, paused=False)
    if action == Action.REOPEN and state.stage is None:
        return replace(state, status=CaseStatus.RECEIVED)  # a compliment, comment or enquiry
    if action == Action.REOPEN and state.status == CaseStatus.WITHDRAWN and state.stage_answered:
        return replace(state, status=CaseStatus.RESPONDED)
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


# Why a step does not fit the case's status, and the step itself, as staff say them: every
# door but the CLI shows the refusal alone ('Cannot withdraw: the case is withdrawn'), where
# 'cannot panel_held: not allowed in this status' read as code words (walkerA).
_STATUS_WORDS = {
    CaseStatus.RECEIVED: "triage is not confirmed yet",
    CaseStatus.OPEN: "the case is open",
    CaseStatus.RESPONDED: "the stage is answered",
    CaseStatus.CLOSED: "the case is closed",
    CaseStatus.WITHDRAWN: "the case is withdrawn",
    CaseStatus.NOT_LOGGED: "the contact was not logged as a complaint",
}
_ACTION_WORDS = {
    Action.NOT_LOG: "record it as not logged",
    Action.PANEL_HELD: "record the review panel",
    Action.CHAIR_REPORT: "record the chair's report",
    Action.LGSCO_RECEIVED: "record an Ombudsman enquiry",
    Action.LGSCO_DECIDED: "record the Ombudsman's decision",
}


def _refuse(state: CaseState, action: Action, why: str) -> NoReturn:
    stage = state.stage.value if state.stage else "no stage"
    said = f"cannot {_ACTION_WORDS.get(action, action.value.replace('_', ' '))}: {why}"
    raise InvalidTransition(f"{state.reference} ({state.status.value}, {stage}): {said}", said=said)
