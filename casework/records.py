"""What a case records beyond its stages: learning actions and their progress, costs, and the
advocacy offer. Each change is audited on the case."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from cases.enums import AdvocacyStatus, CostKind, LearningSource, LearningStatus
from cases.permissions import StaffAction
from casework.advocate_rules import AdvocateRefused, advocate_problems
from casework.finished import refuse_if_finished
from casework.service import CaseService, check_due_on, raise_invalid
from store.cases.learning import advocacy_of, advocate_of
from store.models import Advocacy, Case, Cost, LearningAction, LearningUpdate, PartyRole, Person


def add_learning(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    text: str,
    owner_team_id: str | None,
    identified_on: date,
    actor: Actor,
    today: date,
    due_on: date | None = None,
    source: LearningSource = LearningSource.STAGE,
    lgsco_case_id: int | None = None,
) -> LearningAction:
    service.event_date(case, identified_on, today=today, what="the date identified")
    check_due_on(case, due_on, after=identified_on, what="a learning action")
    if not text.strip():
        raise_invalid(case, "record learning without saying what it is")
    stage = service.current_stage(session, case) if source == LearningSource.STAGE else None
    assert case.id is not None
    action = LearningAction(
        case_id=case.id,
        stage=stage.kind if stage else None,
        stage_id=stage.id if stage else None,
        text=text.strip()[:2000],
        owner_team_id=owner_team_id,
        status=LearningStatus.IDENTIFIED,
        identified_on=identified_on,
        due_on=due_on,
        source=source,
        lgsco_case_id=lgsco_case_id,
    )
    session.add(action)
    session.flush()
    assert action.id is not None
    session.add(
        LearningUpdate(
            learning_action_id=action.id,
            status=LearningStatus.IDENTIFIED,
            updated_on=identified_on,
            by=str(actor),
        )
    )
    service.note(session, case=case, action=Note.LEARNING_IDENTIFIED, actor=actor, reason=text)
    return action


def update_learning(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    learning_id: int,
    status: LearningStatus,
    on: date,
    actor: Actor,
    today: date,
    note: str | None = None,
) -> LearningAction:
    """A learning action moves on: in progress, implemented, or not implemented (say why)."""
    action = session.get(LearningAction, learning_id)
    if action is None or action.case_id != case.id:
        raise_invalid(case, f"update learning {learning_id}: not on this case")
    service.event_date(case, on, today=today, what="the update date")
    if status == LearningStatus.NOT_IMPLEMENTED and not (note and note.strip()):
        raise_invalid(case, "learning not implemented needs the reason why")
    action.status = status
    action.implemented_on = on if status == LearningStatus.IMPLEMENTED else None
    if status == LearningStatus.NOT_IMPLEMENTED:
        action.why_not_implemented = (note or "").strip()[:1000]
    session.add(action)
    session.add(
        LearningUpdate(
            learning_action_id=learning_id,
            status=status,
            updated_on=on,
            note=(note or "").strip()[:1000] or None,
            by=str(actor),
        )
    )
    service.note(
        session, case=case, action=Note.LEARNING_UPDATED, actor=actor, reason=status.label
    )
    return action


def add_cost(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    kind: CostKind,
    amount_pence: int,
    incurred_on: date,
    actor: Actor,
    today: date,
    description: str | None = None,
) -> Cost:
    service.event_date(case, incurred_on, today=today, what="the cost date")
    if amount_pence <= 0:
        raise_invalid(case, "record a cost of £0 or less")
    stage = service.current_stage(session, case)
    assert case.id is not None
    cost = Cost(
        case_id=case.id,
        stage_id=stage.id if stage else None,
        kind=kind,
        amount_pence=amount_pence,
        incurred_on=incurred_on,
        description=(description or "").strip()[:500] or None,
    )
    session.add(cost)
    service.note(
        session,
        case=case,
        action=Note.COST,
        actor=actor,
        reason=f"{kind.label} £{amount_pence / 100:,.2f}",
    )
    return cost


def record_advocacy(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    status: AdvocacyStatus,
    on: date,
    actor: Actor,
    today: date,
    organisation: str | None = None,
) -> Advocacy:
    """The advocacy offer a child or young person gets, and whether they took it up."""
    refuse_if_finished(session, case, StaffAction.ADVOCACY, what="advocacy")
    service.event_date(case, on, today=today, what="the advocacy date")
    assert case.id is not None
    row = advocacy_of(session, case=case)
    if row is None:
        row = Advocacy(case_id=case.id, status=status, offered_on=on, recorded_by=str(actor))
    row.status = status
    row.recorded_by = str(actor)
    if status != AdvocacyStatus.OFFERED:
        row.decided_on = on
    if organisation:
        row.organisation = organisation.strip()[:200]
    session.add(row)
    service.note(
        session,
        case=case,
        action=Note.ADVOCACY,
        actor=actor,
        reason=status.label + (f" ({row.organisation})" if row.organisation else ""),
    )
    return row


def record_advocate(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    name: str,
    email: str | None,
    consent_to_copy: bool,
    actor: Actor,
    today: date,
) -> Person:
    """The complainant's advocate, and whether the complainant agreed that the advocate gets a
    copy of every letter (with consent only: the letters carry the family's details). Refused
    (AdvocateRefused, each field's problem) by casework.advocate_rules, whichever door asked."""
    refuse_if_finished(session, case, StaffAction.ADVOCACY, what="an advocate")
    problems = advocate_problems(name, email, consent_to_copy=consent_to_copy)
    if problems:
        raise AdvocateRefused(problems)
    assert case.id is not None
    row = advocate_of(session, case=case) or Person(case_id=case.id, role=PartyRole.ADVOCATE)
    row.name = " ".join(name.split())
    row.email = (email or "").strip() or None
    row.consent_given = consent_to_copy
    row.consent_recorded_on = today
    session.add(row)
    session.flush()
    service.note(
        session,
        case=case,
        action=Note.ADVOCACY,
        actor=actor,
        reason="advocate recorded" + (", copied on letters with consent" if consent_to_copy else ""),
    )
    return row
