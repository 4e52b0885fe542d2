"""Creating cases and changing them: every change goes through the pure lifecycle, bumps the
case's version (so two people clicking at once apply one change), writes the audit log and
tells listeners (Slack cards, reminders) inside the same transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, NoReturn

import sqlalchemy as sa
from sqlmodel import Session, col, select

from cases.calendar import WorkingCalendar
from cases.enums import (
    CaseStatus,
    Channel,
    ComplainantType,
    ComplimentSource,
    RecordKind,
    Route,
    StageKind,
)
from cases.kinds import COMPLAINT_KINDS
from cases.lifecycle import Action, CaseState, apply, first_stage
from cases.timescales import DeadlineRule, TimescalePolicy, stage_rule
from cases.triage_result import IssueProposal, TriageResult
from store import audit, deadlines
from store.bulk import insert_returning_ids
from store.cases.queries import latest_stage
from store.cases.received import open_and_triage_received
from store.deadlines import DeadlineListener
from store.models import Case, Compliment, Issue, LgscoCase, PartyRole, Person, Stage
from store.references import take_references
from store.types import table_of, utcnow

# Fields whose change is worth a line in the audit log.
AUDITED_FIELDS = (
    "status",
    "stage",
    "record_kind",
    "route",
    "not_logged_reason",
    "complainant_type",
    "assignee",
    "safeguarding",
    "advocacy_offer",
    "historic",
    "out_of_time",
    "needs_attention",
    "acknowledged_at",
    "triage_confirmed_at",
    "paused_on",
)


_CASES = table_of(Case)
_INSERT_PERSON = sa.insert(table_of(Person))


@dataclass(frozen=True)
class Writer:
    """Who wrote a contact, as the contact says (an email's sender)."""

    email: str | None
    name: str | None


@dataclass(frozen=True)
class NewContact:
    """A contact to log as received, awaiting triage."""

    record_kind: RecordKind
    channel: Channel
    received_at: datetime
    actor: str
    subject: str = ""
    route: Route = Route.NONE
    automated: bool = False
    attention_reason: str | None = None  # set: a person must look at it
    # Who wrote, when the contact says (an email's sender): recorded as its complainant.
    complainant: Writer | None = None


@dataclass(frozen=True)
class ReceivedCase:
    id: int
    reference: str


class ConcurrentChange(Exception):
    """Someone else changed the case first; the caller shows the fresh card instead."""


@dataclass(frozen=True)
class CaseChange:
    action: str
    actor: str
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str | None = None


CaseListener = Callable[[Session, Case, CaseChange], None]


@dataclass
class CaseService:
    calendar: WorkingCalendar
    timescales: TimescalePolicy
    reference_prefix: str
    case_listeners: list[CaseListener] = field(default_factory=list)
    deadline_listeners: list[DeadlineListener] = field(default_factory=list)

    # --- creation and triage ---------------------------------------------------------------
    def receive(self, session: Session, contact: NewContact) -> ReceivedCase:
        """Log one contact as received, awaiting triage (see receive_many)."""
        return self.receive_many(session, [contact])[0]

    def receive_many(
        self,
        session: Session,
        contacts: Sequence[NewContact],
        *,
        audit_batch: audit.Batch | None = None,
    ) -> list[ReceivedCase]:
        """Log contacts as received, awaiting triage: the lean path email takes before the SMTP
        250, so a batch costs a few statements in all and no ORM objects.

        Nobody works on a received contact yet, so no listener is told (cards follow triage),
        and its acknowledgement deadline is opened by whoever reads it next
        (open_acknowledgement_deadline), dated from receipt all the same.
        """
        if not contacts:
            return []
        now = utcnow()
        references = self._references(session, contacts)
        rows = [
            {
                "reference": reference,
                "record_kind": contact.record_kind,
                "route": contact.route,
                "channel": contact.channel,
                "status": CaseStatus.RECEIVED,
                "received_at": contact.received_at,
                "receipt_day": self.calendar.receipt_day(contact.received_at),
                "complainant_type": ComplainantType.UNKNOWN,
                "safeguarding": False,
                "advocacy_offer": False,
                "historic": False,
                "out_of_time": False,
                "automated": contact.automated,
                "needs_attention": contact.attention_reason is not None,
                "attention_reason": contact.attention_reason,
                "subject": contact.subject[:998],
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for contact, reference in zip(contacts, references, strict=True)
        ]
        connection = session.connection()
        ids = insert_returning_ids(connection, _CASES, rows, key=["reference"])
        writers = [
            {
                "case_id": case_id,
                "role": PartyRole.COMPLAINANT,
                "email": contact.complainant.email,
                "name": contact.complainant.name,
                "complainant_type": ComplainantType.UNKNOWN,
                "is_child": False,
            }
            for case_id, contact in zip(ids, contacts, strict=True)
            if contact.complainant is not None
        ]
        if writers:
            connection.execute(_INSERT_PERSON, writers)
        audit.insert_or_batch(
            connection,
            [
                audit.entry(
                    case_id=case_id,
                    actor=contact.actor,
                    action="created",
                    after=audit.changes({}, {name: row.get(name) for name in AUDITED_FIELDS})[1],
                )
                for case_id, contact, row in zip(ids, contacts, rows, strict=True)
            ],
            audit_batch,
        )
        return [
            ReceivedCase(case_id, reference)
            for case_id, reference in zip(ids, references, strict=True)
        ]

    def _references(self, session: Session, contacts: Sequence[NewContact]) -> list[str]:
        years = [contact.received_at.astimezone(self.calendar.zone).year for contact in contacts]
        taken = {
            year: iter(
                take_references(
                    session, prefix=self.reference_prefix, year=year, count=years.count(year)
                )
            )
            for year in set(years)
        }
        return [next(taken[year]) for year in years]

    def create(
        self,
        session: Session,
        *,
        record_kind: RecordKind,
        channel: Channel,
        received_at: datetime,
        actor: str,
        subject: str = "",
        route: Route = Route.NONE,
        automated: bool = False,
        needs_attention: bool = False,
        attention_reason: str | None = None,
    ) -> Case:
        """A new case with its acknowledgement deadline, for contacts a person logs."""
        contact = NewContact(
            record_kind=record_kind,
            channel=channel,
            received_at=received_at,
            actor=actor,
            subject=subject,
            route=route,
            automated=automated,
            attention_reason=(attention_reason or "needs attention") if needs_attention else None,
        )
        received = self.receive(session, contact)
        case = session.get(Case, received.id)
        assert case is not None
        self.open_acknowledgement_deadline(session, case)
        self._notify(session, case, CaseChange("created", actor, {}, snapshot(case)))
        return case

    def arrived_on(self, case: Case) -> date:
        """The day the contact arrived, in the council's time: the earliest day anything about
        it can have happened. Its clocks may count from the next working day (mail on a Friday
        evening counts from Monday), but staff may agree an extension that evening."""
        return self.calendar.local_date(case.received_at)

    def open_acknowledgement_deadline(self, session: Session, case: Case) -> None:
        if case.record_kind in COMPLAINT_KINDS and not case.automated:
            self.open_deadline(
                session, case=case, rule=DeadlineRule.ACKNOWLEDGEMENT, start=case.receipt_day
            )

    def open_and_triage_received(
        self,
        session: Session,
        items: Sequence[tuple[Case, TriageResult | None]],
        *,
        actor: str,
    ) -> None:
        """For each newly received case, open_acknowledgement_deadline then apply_triage (None:
        no triage), for a whole batch of intake's mail with a few statements in all (see
        store/cases/received.py)."""
        open_and_triage_received(self, session, items, actor=actor)

    def apply_triage(
        self,
        session: Session,
        *,
        case: Case,
        result: TriageResult,
        actor: str,
        reason: str | None = None,
    ) -> Case:
        """Apply a triage result to a case that no stage has answered yet.

        The automatic proposal is applied at once, so statutory clocks run from receipt and never
        wait for a person; staff confirm it or apply a changed result (with a reason) later.
        """
        before = snapshot(case)
        if case.status not in (CaseStatus.RECEIVED, CaseStatus.OPEN, CaseStatus.NOT_LOGGED) or (
            self._any_stage_answered(session, case)
        ):
            raise_invalid(case, "change triage")
        self._undo_opened_stage(session, case)
        case.record_kind = result.record_kind
        case.route = result.route
        case.complainant_type = result.complainant_type
        case.not_logged_reason = result.not_logged_reason
        case.safeguarding = result.safeguarding
        case.advocacy_offer = result.advocacy_offer
        case.out_of_time = result.out_of_time
        case.historic = result.historic
        if result.decision is not None:
            case.triage_decision = result.decision
        self._replace_issues(session, case, result.issues)
        self._record_compliment(session, case, result)
        self._match_acknowledgement_deadline(session, case)
        state = self._state(case)
        if result.route == Route.NOT_LOGGED:
            state = apply(state, Action.NOT_LOG)
            deadlines.cancel_all(session, case_id=_id(case), listeners=self.deadline_listeners)
        else:
            # A historic or serious case starts at stage 2 only when a member of staff agrees
            # and says why; the automatic proposal starts it at stage 1, flagged historic.
            agreed = bool(reason and reason.strip()) and not actor.startswith(("triage", "smtp"))
            stage_kind = first_stage(
                result.record_kind, result.route, historic=result.historic and agreed
            )
            if stage_kind is not None:
                state = apply(state, Action.CONFIRM_TRIAGE, start_stage=stage_kind)
                stage = self.start_stage(session, case, stage_kind, start=case.receipt_day)
                if stage_kind == StageKind.STATUTORY_2:
                    stage.opened_by, stage.open_reason = actor, f"started at stage 2: {reason}"
                    session.add(stage)
        case.status, case.stage = state.status, state.stage
        self._record(session, case, action="triaged", actor=actor, before=before, reason=reason)
        return case

    def _match_acknowledgement_deadline(self, session: Session, case: Case) -> None:
        """Only a complaint is owed the complaints acknowledgement. A contact first opened as a
        complaint (by the mailbox it came to) and triaged as a compliment, comment or enquiry
        has had its letter; its deadline goes, or staff would be chased to acknowledge a thank
        you. Changed back to a complaint, it is owed one again, dated from receipt."""
        owed = (
            case.record_kind in COMPLAINT_KINDS
            and case.route != Route.NOT_LOGGED
            and not case.automated
        )
        running = deadlines.open_deadlines(
            session, case_id=_id(case), rules=[DeadlineRule.ACKNOWLEDGEMENT]
        )
        if not owed:
            for deadline in running:
                deadline.cancelled = True
                session.add(deadline)
                deadlines.notify(session, deadline, self.deadline_listeners)
        elif not running and case.acknowledged_at is None:
            self.open_acknowledgement_deadline(session, case)

    def _record_compliment(self, session: Session, case: Case, result: TriageResult) -> None:
        """A compliment counts by team and by who sent it (every seed's table)."""
        for old in session.exec(select(Compliment).where(Compliment.case_id == case.id)):
            session.delete(old)
        if result.record_kind != RecordKind.COMPLIMENT:
            return
        teams: list[str | None] = [issue.team_id for issue in result.issues if issue.team_id]
        teams = teams or [None]
        for team_id in dict.fromkeys(teams):
            session.add(
                Compliment(
                    case_id=_id(case),
                    team_id=team_id,
                    source=compliment_source(result.complainant_type),
                    received_on=case.receipt_day,
                    summary=case.subject[:2000] or None,
                )
            )
        session.flush()

    def record_fact(
        self,
        session: Session,
        *,
        case: Case,
        action: str,
        actor: str,
        reason: str | None = None,
    ) -> None:
        """Audit a change that is not a lifecycle step (learning, costs, advocacy…)."""
        self._record(
            session, case, action=action, actor=actor, before=snapshot(case), reason=reason
        )

    def confirm_triage(self, session: Session, *, case: Case, actor: str, now: datetime) -> Case:
        if case.triage_confirmed_at is not None:
            raise_invalid(case, "confirm triage twice")
        before = snapshot(case)
        case.triage_confirmed_at, case.triage_confirmed_by = now, actor
        self._record(session, case, action="triage_confirmed", actor=actor, before=before)
        return case

    def flag(self, session: Session, *, case: Case, actor: str, why: str) -> Case:
        """Ask staff to look at the case; reasons add up rather than replace each other."""
        before = snapshot(case)
        reasons = [case.attention_reason] if case.needs_attention and case.attention_reason else []
        if why not in reasons:
            reasons.append(why)
        case.needs_attention = True
        case.attention_reason = "; ".join(reasons)[:300]
        self._record(session, case, action="flagged", actor=actor, before=before, reason=why)
        return case

    def note(
        self,
        session: Session,
        *,
        case: Case,
        action: str,
        actor: str,
        reason: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> Case:
        """A change that is no lifecycle step (a reason for delay, a snoozed chaser) is recorded
        like one: the case's version moves, the audit log says who and when, listeners hear it.
        `before` and `after` carry the fields that changed outside the case row."""
        self._record(
            session,
            case,
            action=action,
            actor=actor,
            before=snapshot(case),
            reason=reason,
            extra=(before or {}, after or {}),
        )
        return case

    # --- shared machinery used by the staff actions (store.cases.actions) -----------------
    def transition(
        self,
        session: Session,
        *,
        case: Case,
        action: Action,
        actor: str,
        reason: str | None = None,
        start_stage: StageKind | None = None,
        changes: Callable[[], None] | None = None,
        stage_overdue: bool = False,
    ) -> Case:
        """Check the action against the lifecycle, then apply `changes` and record it all."""
        before = snapshot(case)
        state = replace(self._state(case, session), stage_overdue=stage_overdue)
        state = apply(state, action, start_stage=start_stage, reason=reason)
        if changes is not None:
            changes()
        case.status, case.stage = state.status, state.stage
        self._record(session, case, action=action.value, actor=actor, before=before, reason=reason)
        return case

    def _record(
        self,
        session: Session,
        case: Case,
        *,
        action: str,
        actor: str,
        before: dict[str, Any],
        reason: str | None = None,
        extra: tuple[dict[str, Any], dict[str, Any]] = ({}, {}),
    ) -> None:
        after = snapshot(case)
        self._bump_version(session, case)
        changed_before, changed_after = audit.changes(before, after)
        changed_before, changed_after = (
            {**changed_before, **extra[0]},
            {**changed_after, **extra[1]},
        )
        audit.record(
            session,
            case_id=_id(case),
            actor=actor,
            action=action,
            before=changed_before,
            after=changed_after,
            reason=reason,
        )
        self._notify(
            session, case, CaseChange(action, actor, changed_before, changed_after, reason)
        )

    def _notify(self, session: Session, case: Case, change: CaseChange) -> None:
        for listener in self.case_listeners:
            listener(session, case, change)

    def _bump_version(self, session: Session, case: Case) -> None:
        """Compare-and-set on the version read with the case: the loser of a race gets 0 rows."""
        seen = case.version
        updated = session.connection().execute(
            sa.update(_CASES)
            .where(_CASES.c.id == case.id, _CASES.c.version == seen)
            .values(version=seen + 1, updated_at=sa.func.now())
        )
        if updated.rowcount != 1:
            raise ConcurrentChange(f"{case.reference} was changed by someone else")
        case.version = seen + 1
        session.add(case)
        session.flush()

    def _state(self, case: Case, session: Session | None = None) -> CaseState:
        lgsco_open = False
        if session is not None and case.id is not None:
            lgsco_open = (
                session.exec(
                    select(LgscoCase.id).where(
                        LgscoCase.case_id == case.id, col(LgscoCase.decided_on).is_(None)
                    )
                ).first()
                is not None
            )
        return CaseState(
            reference=case.reference,
            record_kind=case.record_kind,
            route=case.route,
            status=case.status,
            stage=case.stage,
            acknowledged=case.acknowledged_at is not None,
            triage_confirmed=case.triage_confirmed_at is not None,
            paused=case.paused_on is not None,
            lgsco_open=lgsco_open,
        )

    def start_stage(self, session: Session, case: Case, kind: StageKind, *, start: date) -> Stage:
        stage = Stage(case_id=_id(case), kind=kind, opened_on=start)
        session.add(stage)
        session.flush()
        self.open_deadline(session, case=case, rule=stage_rule(kind), start=start, stage=stage)
        return stage

    def open_deadline(
        self,
        session: Session,
        *,
        case: Case,
        rule: DeadlineRule,
        start: date,
        stage: Stage | None = None,
    ) -> None:
        deadlines.open_deadline(
            session,
            case=case,
            rule=rule,
            start=start,
            calendar=self.calendar,
            policy=self.timescales,
            stage=stage,
            listeners=self.deadline_listeners,
        )

    def current_stage(self, session: Session, case: Case) -> Stage | None:
        assert case.id is not None
        return latest_stage(session, case_id=case.id)

    def _any_stage_answered(self, session: Session, case: Case) -> bool:
        statement = select(Stage).where(
            Stage.case_id == case.id, col(Stage.responded_on).is_not(None)
        )
        return session.exec(statement).first() is not None

    def _undo_opened_stage(self, session: Session, case: Case) -> None:
        """Re-triage before any response: the stage opened by the earlier proposal goes away."""
        for stage in session.exec(select(Stage).where(Stage.case_id == case.id)):
            for deadline in deadlines.open_deadlines(session, case_id=_id(case)):
                if deadline.stage_id == stage.id:
                    deadline.cancelled = True
                    deadline.stage_id = None
                    session.add(deadline)
                    deadlines.notify(session, deadline, self.deadline_listeners)
            session.flush()
            session.delete(stage)
        session.flush()
        case.status, case.stage = CaseStatus.RECEIVED, None

    def _replace_issues(
        self, session: Session, case: Case, proposals: Iterable[IssueProposal]
    ) -> None:
        for issue in session.exec(select(Issue).where(Issue.case_id == case.id)):
            session.delete(issue)
        for proposal in proposals:
            session.add(
                Issue(
                    case_id=_id(case),
                    category=proposal.category,
                    team_id=proposal.team_id,
                    rule_id=proposal.rule_id,
                )
            )
        session.flush()


def snapshot(case: Case) -> dict[str, Any]:
    return {name: getattr(case, name) for name in AUDITED_FIELDS}


def compliment_source(complainant_type: str) -> ComplimentSource:
    """Who sent a compliment, in the groups the seeds count (`complainant_type` is an id from
    the rule file's list: a council's own ids count as other)."""
    return _COMPLIMENT_SOURCES.get(complainant_type, ComplimentSource.OTHER)


_COMPLIMENT_SOURCES: dict[str, ComplimentSource] = {
    ComplainantType.CHILD_IN_NEED: ComplimentSource.SERVICE_USER,
    ComplainantType.LOOKED_AFTER_CHILD: ComplimentSource.SERVICE_USER,
    ComplainantType.CARE_LEAVER: ComplimentSource.SERVICE_USER,
    ComplainantType.ADOPTED_PERSON: ComplimentSource.SERVICE_USER,
    ComplainantType.PARENT: ComplimentSource.PARENT,
    ComplainantType.PARENTAL_RESPONSIBILITY: ComplimentSource.PARENT,
    ComplainantType.ADOPTIVE_OR_BIRTH_PARENT: ComplimentSource.PARENT,
    ComplainantType.FOSTER_CARER: ComplimentSource.CARER,
    ComplainantType.SPECIAL_GUARDIAN: ComplimentSource.CARER,
    ComplainantType.PROFESSIONAL: ComplimentSource.PROFESSIONAL,
}


def raise_invalid(case: Case, what: str) -> NoReturn:
    from cases.lifecycle import InvalidTransition

    stage = case.stage.value if case.stage else "no stage"
    raise InvalidTransition(f"{case.reference} ({case.status.value}, {stage}): cannot {what}")


def _id(case: Case) -> int:
    if case.id is None:
        raise ValueError("case is not flushed")
    return case.id
