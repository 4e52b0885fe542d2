"""The Local Government and Social Care Ombudsman: enquiries at any point, the council's reply
to an enquiry (which meets the reply deadline), decisions with the Ombudsman's reference,
finding, remedy and recommendations, and a premature referral that sends the complaint back to
the stage the complainant had not finished."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from cases.day_words import long_date
from cases.enums import CostKind, LgscoDecision, RecommendationStatus, RecordKind, Route, StageKind
from cases.lgsco_reference import REFERENCE_NEEDED
from cases.lgsco_reference import lgsco_reference as parse_lgsco_reference
from cases.lifecycle import Action, InvalidTransition
from cases.procedure import (
    ProcedureError,
    check_lgsco_finding,
    lgsco_premature,
    premature_return_stage,
    refers_back,
)
from cases.timescales import DeadlineRule
from casework.service import CaseService, check_due_on, raise_invalid, raise_refused
from store import deadlines
from store.cases.lgsco import open_enquiry
from store.cases.queries import latest_stage
from store.models import Case, Cost, LgscoCase, LgscoRecommendation, LgscoRecommendationUpdate


@dataclass(frozen=True)
class RecommendationInput:
    text: str
    due_on: date


class LgscoReferenceRefused(InvalidTransition):
    """Refused: the Ombudsman's reference is not in their shape. Typed so that each adapter
    shows it by its field (the CLI's --reference)."""


def _reference(case: Case, text: str | None) -> str | None:
    try:
        return parse_lgsco_reference(text)
    except ProcedureError as refused:
        raise_refused(case, str(refused), refusal=LgscoReferenceRefused)


def lgsco_received(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    received_on: date,
    actor: Actor,
    lgsco_reference: str | None = None,
    today: date | None = None,
) -> LgscoCase:
    """An Ombudsman enquiry, at any point: premature ones and those about contacts not logged
    or withdrawn are recorded too (the seeds count them). The Ombudsman's reference is needed,
    in their shape: otherwise refused (cases.lgsco_reference, LgscoReferenceRefused)."""
    reference = _reference(case, lgsco_reference)
    if reference is None:
        raise_refused(case, REFERENCE_NEEDED, refusal=LgscoReferenceRefused)
    if today is not None:
        service.event_date(case, received_on, today=today, what="the date received")
    assert case.id is not None
    lgsco = LgscoCase(
        case_id=case.id,
        lgsco_reference=reference,
        received_on=received_on,
        premature=lgsco_premature(status=case.status, stage=case.stage),
        case_status_at_enquiry=case.status,
        stage_at_enquiry=case.stage,
        recorded_by=str(actor),
    )

    def changes() -> None:
        session.add(lgsco)
        session.flush()
        service.open_deadline(
            session, case=case, rule=DeadlineRule.LGSCO_RESPONSE, start=received_on
        )

    service.transition(
        session,
        case=case,
        action=Action.LGSCO_RECEIVED,
        actor=actor,
        reason=lgsco.lgsco_reference,
        changes=changes,
    )
    return lgsco


def lgsco_decided(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    decided_on: date,
    decision: LgscoDecision,
    actor: Actor,
    remedy: str | None = None,
    remedy_cost_pence: int | None = None,
    reason: str | None = None,
    lgsco_reference: str | None = None,
    recommendations: Sequence[RecommendationInput] = (),
    today: date | None = None,
    lgsco: LgscoCase | None = None,
) -> LgscoCase:
    """The Ombudsman's decision. Premature: the complaint goes back to the stage the complainant
    had not finished (cases.procedure.premature_return_stage), its clock running from the
    decision date. A reply the council still owed the enquiry is owed no longer: its deadline
    is cancelled, not met (only `lgsco_replied` meets it)."""
    reference = _reference(case, lgsco_reference)
    lgsco = lgsco or open_enquiry(session, case)
    if lgsco is None:
        raise_invalid(case, "record an Ombudsman decision: no enquiry is open (lgsco-received)")
    if today is not None:
        service.event_date(case, decided_on, today=today, what="the decision date")
    if decided_on < lgsco.received_on:
        raise_invalid(case, f"a decision before the enquiry of {lgsco.received_on.isoformat()}")
    try:
        check_lgsco_finding(decision, reason=reason)
    except ProcedureError as error:
        raise_invalid(case, str(error))
    for recommendation in recommendations:
        if recommendation.due_on < decided_on:
            raise_invalid(case, "a recommendation due before the decision")
        check_due_on(case, recommendation.due_on, after=decided_on, what="a recommendation")
    restart = premature_returns_to(session, case) if refers_back(decision) else None

    def changes() -> None:
        lgsco.decided_on, lgsco.decision, lgsco.decided_by = decided_on, decision, str(actor)
        lgsco.remedy = (remedy or "").strip()[:2000] or None
        lgsco.remedy_cost_pence = remedy_cost_pence
        lgsco.not_investigated_reason = (reason or "").strip()[:1000] or None
        if reference:
            lgsco.lgsco_reference = reference
        session.add(lgsco)
        session.flush()
        assert case.id is not None and lgsco.id is not None
        if remedy_cost_pence:
            session.add(
                Cost(
                    case_id=case.id,
                    kind=CostKind.LGSCO_REMEDY,
                    amount_pence=remedy_cost_pence,
                    incurred_on=decided_on,
                    description=lgsco.remedy,
                )
            )
        for recommendation in recommendations:
            session.add(
                LgscoRecommendation(
                    lgsco_case_id=lgsco.id,
                    case_id=case.id,
                    text=recommendation.text[:2000],
                    due_on=recommendation.due_on,
                    status=RecommendationStatus.OUTSTANDING,
                )
            )
        for owed in deadlines.open_deadlines(
            session, case_id=case.id, rules=[DeadlineRule.LGSCO_RESPONSE]
        ):
            owed.cancelled = True
            session.add(owed)
            deadlines.notify(session, owed, service.deadline_listeners)
        if restart is not None:
            deadlines.cancel_all(session, case_id=case.id, listeners=service.deadline_listeners)
            case.closed_at = None
            case.paused_on = None
            if case.route not in (Route.STATUTORY, Route.CORPORATE):
                case.route = Route.STATUTORY
                case.record_kind = RecordKind.COMPLAINT
                case.not_logged_reason = None
            # Started before the change is recorded, so its listeners (the letter telling the
            # complainant which stage now answers, by when) see the new stage.
            stage = service.start_stage(session, case, restart, start=decided_on)
            stage.opened_by = str(actor)
            stage.open_reason = f"referred back by the Ombudsman as premature ({restart.label})"
            session.add(stage)
            session.flush()

    service.transition(
        session,
        case=case,
        action=Action.LGSCO_DECIDED,
        actor=actor,
        reason=decision.label,
        start_stage=restart,
        changes=changes,
    )
    return lgsco


NOTE_MAX = 1000


def update_recommendation(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    recommendation_id: int,
    status: RecommendationStatus,
    on: date,
    actor: Actor,
    note: str | None = None,
    today: date | None = None,
) -> LgscoRecommendation:
    """A step on an Ombudsman recommendation: progress while it stays outstanding (the note says
    what was done, so it is required), completed (the note is the evidence the Ombudsman will
    ask for) or not completed (why). Each step is kept (LgscoRecommendationUpdate) and audited;
    the audit reason stays heard's own words, since Slack threads echo it and a note may name
    a child."""
    row = session.get(LgscoRecommendation, recommendation_id)
    if row is None or row.case_id != case.id:
        raise_invalid(case, f"update recommendation {recommendation_id}: not on this case")
    if today is not None:
        service.event_date(case, on, today=today, what="the day it changed")
    decision = session.get(LgscoCase, row.lgsco_case_id)
    decided_on = decision.decided_on if decision is not None else None
    if decided_on is not None and on < decided_on:
        raise_invalid(
            case, f"a recommendation update before the decision of {decided_on.isoformat()}"
        )
    written = (note or "").strip()[:NOTE_MAX] or None
    progress = status == RecommendationStatus.OUTSTANDING == row.status
    if progress and written is None:
        raise_refused(case, "progress on a recommendation needs a note of what was done")
    before = {"status": row.status.value, "completed_on": _iso(row.completed_on)}
    row.status = status
    row.completed_on = on if status == RecommendationStatus.COMPLETED else None
    session.add(row)
    assert row.id is not None
    session.add(
        LgscoRecommendationUpdate(
            recommendation_id=row.id, status=status, updated_on=on, note=written, by=str(actor)
        )
    )
    reason = f"progress recorded {long_date(on)}" if progress else status.label
    service.note(
        session,
        case=case,
        action=Note.LGSCO_RECOMMENDATION,
        actor=actor,
        reason=reason,
        before={"recommendation": row.id, **before},
        after={
            "recommendation": row.id,
            "status": status.value,
            "completed_on": _iso(row.completed_on),
            "on": on.isoformat(),
            "note": written,
        },
    )
    return row


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def lgsco_replied(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    replied_on: date,
    actor: Actor,
    today: date | None = None,
) -> LgscoCase:
    """The council replied to the Ombudsman's enquiry: the reply deadline is met that day and
    its chasers stop. The enquiry stays open for the Ombudsman's decision."""
    lgsco = open_enquiry(session, case)
    if lgsco is None:
        raise_invalid(case, "record a reply to the Ombudsman: no enquiry is open (lgsco-received)")
    if today is not None:
        service.event_date(case, replied_on, today=today, what="the reply date")
    if replied_on < lgsco.received_on:
        raise_invalid(
            case,
            f"record a reply to the Ombudsman on {long_date(replied_on)}: the enquiry came on "
            f"{long_date(lgsco.received_on)}, and the reply comes after it",
        )
    assert case.id is not None
    owed = deadlines.open_deadlines(session, case_id=case.id, rules=[DeadlineRule.LGSCO_RESPONSE])
    if not owed:
        raise_invalid(case, "record a reply to the Ombudsman: the reply is already recorded")
    deadlines.meet(session, deadlines=owed, on=replied_on, listeners=service.deadline_listeners)
    service.note(
        session,
        case=case,
        action=Note.LGSCO_REPLIED,
        actor=actor,
        reason=f"replied to the Ombudsman on {long_date(replied_on)}",
    )
    return lgsco


def premature_returns_to(session: Session, case: Case) -> StageKind | None:
    """Where a premature finding would send the case now (None: nothing restarts); the
    decision form says it before staff choose."""
    current = latest_stage(session, case_id=case.id) if case.id is not None else None
    return premature_return_stage(
        route=case.route,
        status=case.status,
        stage=case.stage,
        answered=current is not None and current.responded_on is not None,
    )
