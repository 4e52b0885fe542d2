"""The records kept beside a complaint's procedure, as forms: the Ombudsman's decision, where
each of its recommendations stands, where each learning action stands, and a cost. Each calls
the use case `heard case REF lgsco-decision`, `recommendation-status`, `learning-status` and
Slack's modals call, with the same checks."""

from __future__ import annotations

from typing import Any

from cases.enums import CostKind, LearningStatus, RecommendationStatus
from cases.lifecycle import Action
from cases.permissions import StaffAction
from cases.procedure import (
    LGSCO_COST_MAX,
    LGSCO_FINDINGS,
    POUNDS_MAX,
    ProcedureError,
    pounds_to_pence,
)
from web.actions import usecases
from web.actions.base import Act, RefusedField, WebAction, on_field
from web.actions.fields import Field, Kind

LEARNING_MOVES = tuple(s for s in LearningStatus if s != LearningStatus.PLANNED)
RECOMMENDATIONS = 2  # slots on the decision form; `heard case` takes any number


def _pounds(text: str | None, what: str, maximum: int = POUNDS_MAX) -> int | None:
    return pounds_to_pence(text, what=what, maximum=maximum) if text and text.strip() else None


# --- the Ombudsman's decision -----------------------------------------------------------------
def _decision_fields(act: Act) -> tuple[Field, ...]:
    recommendations: list[Field] = []
    for n in range(1, RECOMMENDATIONS + 1):
        recommendations += [
            Field(f"recommendation_{n}", f"Recommendation {n}", Kind.TEXTAREA, required=False,
                  hint="What the council must do", max_length=2000),
            Field(f"recommendation_{n}_due", f"Recommendation {n}: due by", Kind.DATE,
                  required=False, hint="For example, 30 4 2026"),
        ]  # fmt: skip
    return (
        Field("finding", "The Ombudsman's finding", Kind.RADIOS,
              choices=tuple((f.value, f.label) for f in LGSCO_FINDINGS)),
        Field("lgsco_reference", "The Ombudsman's reference", required=False, max_length=40),
        Field("reason", "Why it was not investigated", Kind.TEXTAREA, required=False,
              hint="Needed when the Ombudsman did not investigate", max_length=1000),
        Field("remedy", "The remedy the Ombudsman asked for", Kind.TEXTAREA, required=False,
              max_length=2000),
        Field("remedy_cost", "What the remedy costs, in pounds", required=False,
              hint="For example, 300", max_length=12),
        *recommendations,
        on_field("The day of the decision"),
    )  # fmt: skip


def _decision(act: Act, values: dict[str, Any]) -> str:
    from casework.ombudsman import RecommendationInput

    decided = act.on(values["on"], "the day of the decision")
    recommendations = []
    for n in range(1, RECOMMENDATIONS + 1):
        text, due = (values.get(f"recommendation_{n}") or "").strip(), values.get(
            f"recommendation_{n}_due"
        )
        if text and due is None:
            raise ProcedureError(f"recommendation {n} needs the date it is due by")
        if due is not None and not text:
            raise ProcedureError(f"recommendation {n} has a date but no text")
        if text and due is not None:
            recommendations.append(RecommendationInput(text, due))
    finding = next(f for f in LGSCO_FINDINGS if f.value == values["finding"])
    try:
        usecases.lgsco_decided(
            act.service,
            act.session,
            case=act.case,
            decided_on=decided,
            decision=finding,
            actor=act.actor,
            remedy=(values.get("remedy") or "").strip() or None,
            remedy_cost_pence=_pounds(
                values.get("remedy_cost"), "the remedy's cost", LGSCO_COST_MAX
            ),
            reason=(values.get("reason") or "").strip() or None,
            lgsco_reference=(values.get("lgsco_reference") or "").strip() or None,
            recommendations=recommendations,
            today=act.today,
        )
    except usecases.LgscoReferenceRefused as refused:
        raise RefusedField("lgsco_reference", refused) from None
    return f"The Ombudsman's decision is recorded: {finding.label.lower()}"


# --- recommendations and learning, numbered as `heard cases show` numbers them ---------------
def _numbered(rows: list[Any], text: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(row.id), f"{n}. {getattr(row, text)[:80]} ({row.status.label.lower()})")
        for n, row in enumerate(rows, start=1)
    )


def _recommendation_fields(act: Act) -> tuple[Field, ...]:
    rows = usecases.recommendations_of(act.session, case=act.case)
    return (
        Field("recommendation", "Which recommendation", Kind.RADIOS,
              choices=_numbered(rows, "text")),
        Field("status", "Where it stands", Kind.RADIOS,
              choices=tuple((s.value, s.label) for s in RecommendationStatus)),
        Field("note", "What was done, the evidence, or why not", Kind.TEXTAREA, required=False,
              hint="Needed to record progress on one still outstanding", max_length=1000),
        on_field("The day it changed"),
    )  # fmt: skip


def _recommendation(act: Act, values: dict[str, Any]) -> str:
    day = act.on(values["on"], "the day it changed")
    status = RecommendationStatus(values["status"])
    note = (values.get("note") or "").strip() or None
    chosen = next(
        (row for row in usecases.recommendations_of(act.session, case=act.case)
         if str(row.id) == values["recommendation"]),
        None,
    )  # fmt: skip
    progress = chosen is not None and chosen.status == status == RecommendationStatus.OUTSTANDING
    if progress and note is None:  # the use case refuses it too; said here beside the note
        raise RefusedField(
            "note", usecases.ProcedureError("Say what has been done: progress needs a note")
        )
    usecases.update_recommendation(
        act.service,
        act.session,
        case=act.case,
        recommendation_id=int(values["recommendation"]),
        status=status,
        on=day,
        actor=act.actor,
        note=note,
    )
    return "Progress recorded" if progress else f"Recommendation {status.label.lower()}"


def _learning_fields(act: Act) -> tuple[Field, ...]:
    rows = usecases.learning_actions(act.session, case=act.case)
    return (
        Field("learning", "Which learning action", Kind.RADIOS, choices=_numbered(rows, "text")),
        Field("status", "Where it stands", Kind.RADIOS,
              choices=tuple((s.value, s.label) for s in LEARNING_MOVES)),
        Field("why", "Why it was not implemented", Kind.TEXTAREA, required=False,
              hint="Needed when it will not be implemented", max_length=1000),
        on_field("The day it changed"),
    )  # fmt: skip


def _learning(act: Act, values: dict[str, Any]) -> str:
    status = LearningStatus(values["status"])
    why = (values.get("why") or "").strip() or None
    if status == LearningStatus.NOT_IMPLEMENTED and why is None:
        raise ProcedureError("say why it was not implemented")
    usecases.update_learning(
        act.service,
        act.session,
        case=act.case,
        learning_id=int(values["learning"]),
        status=status,
        on=values["on"],
        note=why,
        actor=act.actor,
        today=act.today,
    )
    return f"Learning action {status.label.lower()}"


# --- costs ---------------------------------------------------------------------------------
def _cost(act: Act, values: dict[str, Any]) -> str:
    kind = CostKind(values["kind"])
    amount = pounds_to_pence(values["amount"], what="the amount")
    usecases.add_cost(
        act.service,
        act.session,
        case=act.case,
        kind=kind,
        amount_pence=amount,
        incurred_on=values["on"],
        actor=act.actor,
        today=act.today,
        description=(values.get("description") or "").strip() or None,
    )
    return f"Cost recorded: {kind.label.lower()}, £{amount / 100:,.2f}"


RECORD_ACTIONS: tuple[WebAction, ...] = (
    WebAction("lgsco-decision", "Record the Ombudsman's decision", StaffAction.LGSCO_DECISION,
              Action.LGSCO_DECIDED, _decision_fields, _decision, "finding"),
    WebAction("recommendation-status", "Update an Ombudsman recommendation",
              StaffAction.UPDATE_RECOMMENDATION, None, _recommendation_fields, _recommendation,
              "recommendation", needs="recommendations"),
    WebAction("learning-status", "Update a learning action", StaffAction.UPDATE_LEARNING, None,
              _learning_fields, _learning, "learning", needs="learning"),
    WebAction("cost", "Record a cost", StaffAction.ADD_COST, None,
              (Field("kind", "What it was for", Kind.RADIOS,
                     choices=tuple((k.value, k.label) for k in CostKind)),
               Field("amount", "Amount in pounds", hint="For example, 250 or 250.50",
                     max_length=12),
               Field("description", "Description", Kind.TEXTAREA, required=False,
                     max_length=500),
               on_field("The day it was incurred")), _cost, "amount", needs_stage=True),
)  # fmt: skip
