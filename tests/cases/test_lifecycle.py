from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.enums import CaseStatus, RecordKind, Route, StageKind
from cases.lifecycle import (
    TRANSITIONS,
    Action,
    CaseState,
    InvalidTransition,
    allowed_actions,
    apply,
    first_stage,
    next_stage,
)


def state(
    status: CaseStatus = CaseStatus.RECEIVED,
    stage: StageKind | None = None,
    *,
    kind: RecordKind = RecordKind.COMPLAINT,
    route: Route = Route.STATUTORY,
    acknowledged: bool = False,
) -> CaseState:
    return CaseState("CSC-2026-000042", kind, route, status, stage, acknowledged, False)


@pytest.mark.parametrize(
    ("kind", "route", "historic", "expected"),
    [
        (RecordKind.COMPLAINT, Route.STATUTORY, False, StageKind.STATUTORY_1),
        (RecordKind.COMPLAINT, Route.STATUTORY, True, StageKind.STATUTORY_2),
        (RecordKind.COMPLAINT, Route.CORPORATE, False, StageKind.CORPORATE_1),
        (RecordKind.PROFESSIONAL_COMPLAINT, Route.CORPORATE, False, StageKind.CORPORATE_1),
        (RecordKind.PRE_COMPLAINT, Route.STATUTORY, False, StageKind.INFORMAL),
        (RecordKind.COMPLAINT, Route.NOT_LOGGED, False, None),
        (RecordKind.COMPLIMENT, Route.NONE, False, None),
        (RecordKind.ENQUIRY, Route.NONE, False, None),
    ],
)
def test_first_stage(kind: RecordKind, route: Route, historic: bool, expected: StageKind) -> None:
    assert first_stage(kind, route, historic=historic) == expected


def test_stages_run_in_order_and_end() -> None:
    assert next_stage(StageKind.STATUTORY_1) == StageKind.STATUTORY_2
    assert next_stage(StageKind.STATUTORY_2) == StageKind.STATUTORY_3
    assert next_stage(StageKind.STATUTORY_3) is None
    assert next_stage(StageKind.CORPORATE_1, Route.CORPORATE) == StageKind.CORPORATE_2
    assert next_stage(StageKind.CORPORATE_2, Route.CORPORATE) is None
    assert next_stage(StageKind.INFORMAL, Route.CORPORATE) == StageKind.CORPORATE_1


def test_statutory_journey() -> None:
    current = apply(state(), Action.CONFIRM_TRIAGE, start_stage=StageKind.STATUTORY_1)
    current = apply(current, Action.ACKNOWLEDGE)
    for _ in range(2):
        current = apply(current, Action.RESPOND)
        current = apply(current, Action.ESCALATE)
    assert (current.status, current.stage) == (CaseStatus.OPEN, StageKind.STATUTORY_3)
    current = apply(apply(current, Action.PANEL_HELD), Action.CHAIR_REPORT)
    current = apply(current, Action.RESPOND)
    with pytest.raises(InvalidTransition, match="LGSCO"):
        apply(current, Action.ESCALATE)
    current = apply(apply(current, Action.CLOSE), Action.LGSCO_RECEIVED)
    assert current.status == CaseStatus.CLOSED


@pytest.mark.parametrize(
    ("current", "action", "message"),
    [
        (state(acknowledged=True), Action.ACKNOWLEDGE, "already acknowledged"),
        (state(CaseStatus.OPEN, StageKind.STATUTORY_1), Action.ESCALATE, "not overdue"),
        (state(CaseStatus.OPEN, StageKind.STATUTORY_1), Action.PANEL_HELD, "stage 3"),
        (state(), Action.CLOSE, "after its response"),
        (state(CaseStatus.OPEN, StageKind.STATUTORY_1), Action.LGSCO_DECIDED, "no Ombudsman"),
        (state(CaseStatus.NOT_LOGGED), Action.RESPOND, "cannot respond: the contact was not logged"),
        (
            state(kind=RecordKind.COMPLIMENT, route=Route.NONE),
            Action.CONFIRM_TRIAGE,
            "no complaints stage",
        ),
    ],
)
def test_refusals_name_the_case_state_and_action(
    current: CaseState, action: Action, message: str
) -> None:
    with pytest.raises(InvalidTransition) as raised:
        apply(current, action)
    text = str(raised.value)
    assert "CSC-2026-000042" in text and current.status.value in text
    assert message in text
    # the refusal alone, which Slack and the web show, says the step in words (walkerA)
    said = raised.value.said
    assert said.startswith("cannot ") and "_" not in said, said


def test_compliment_closes_from_received() -> None:
    compliment = state(kind=RecordKind.COMPLIMENT, route=Route.NONE)
    assert apply(compliment, Action.CLOSE).status == CaseStatus.CLOSED


def test_allowed_actions_offer_the_buttons_that_work() -> None:
    offered = allowed_actions(state(CaseStatus.OPEN, StageKind.STATUTORY_1))
    assert {Action.RESPOND, Action.EXTEND, Action.ACKNOWLEDGE, Action.WITHDRAW} <= offered
    assert Action.ESCALATE not in offered


@given(
    kind=st.sampled_from(RecordKind),
    route=st.sampled_from(Route),
    actions=st.lists(st.sampled_from(Action), max_size=30),
)
def test_any_sequence_stays_in_known_states(
    kind: RecordKind, route: Route, actions: list[Action]
) -> None:
    current = state(kind=kind, route=route)
    statuses = {status for status, _ in TRANSITIONS} | set(TRANSITIONS.values())
    for action in actions:
        try:
            current = apply(current, action)
        except InvalidTransition as refusal:
            assert current.reference in str(refusal)
        assert current.status in statuses
        assert (current.status == CaseStatus.OPEN) == (current.stage is not None) or (
            current.status != CaseStatus.OPEN
        )


def test_stage_three_is_not_extended_and_says_so() -> None:
    """Stage 3's timescales have no maximum: Extend was offered on its card and refused as
    'the stage has no open deadline' while the panel's clock ran (walkerB)."""
    at_stage_three = state(CaseStatus.OPEN, StageKind.STATUTORY_3, acknowledged=True)
    assert Action.EXTEND not in allowed_actions(at_stage_three)
    assert Action.EXTEND in allowed_actions(state(CaseStatus.OPEN, StageKind.STATUTORY_2))
    with pytest.raises(InvalidTransition) as refused:
        apply(at_stage_three, Action.EXTEND)
    assert refused.value.said == (
        "cannot extend: stage 3's timescales (the panel within 30 working days of the request, "
        "the chair's report within 5, the response within 15) cannot be extended"
    )
