"""What every use case shares: the calendar and timescales, the listeners, and the one way a
case changes. A change goes through the pure lifecycle (cases.lifecycle), bumps the case's
version (so two people clicking at once apply one change), writes the audit log and tells
listeners (Slack cards, letters, reminders) inside the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any, NoReturn

from sqlmodel import Session

from cases.actor import Actor
from cases.calendar import WorkingCalendar
from cases.changes import ChangeAction, Note
from cases.clock import Clock, SystemClock
from cases.enums import DeadlineRule, RecordKind, StageKind
from cases.lifecycle import Action, CaseState, InvalidTransition, apply
from cases.procedure import ProcedureError, check_event_date
from cases.text_limits import TextTooLong, too_long
from cases.timescales import Deadline as ComputedDeadline
from cases.timescales import TimescalePolicy, compute_deadline, stage_clocks
from org.own_addresses import OwnAddresses
from store import audit, deadlines
from store.cases.lgsco import open_enquiry
from store.cases.queries import latest_stage
from store.cases.versions import bump_version
from store.deadlines import DeadlineListener
from store.models import Case, Stage

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
    "event_on",
    "needs_attention",
    "acknowledged_at",
    "triage_confirmed_at",
    "paused_on",
)


@dataclass(frozen=True)
class CaseChange:
    """What listeners hear of a change: its action, who, the audited fields before and after."""

    action: ChangeAction
    actor: Actor
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
    # When a change happened, for its audit entry and its rows' times (tests set it).
    clock: Clock = field(default_factory=SystemClock)
    # heard's own addresses (org.own_addresses): none is ever a complainant's email.
    own_addresses: OwnAddresses = field(default_factory=OwnAddresses)

    def arrived_on(self, case: Case) -> date:
        """The day the contact arrived, in the council's time: the earliest day anything about
        it can have happened. Its clocks may count from the next working day (mail on a Friday
        evening counts from Monday), but staff may agree an extension that evening."""
        return self.calendar.local_date(case.received_at)

    def event_date(self, case: Case, on: date, *, today: date, what: str) -> date:
        """`on` checked to be the day something happened (InvalidTransition if it cannot be)."""
        try:
            return check_event_date(on, received_on=self.arrived_on(case), today=today, what=what)
        except ProcedureError as error:
            raise_refused(case, str(error))

    def transition(
        self,
        session: Session,
        *,
        case: Case,
        action: Action,
        actor: Actor,
        reason: str | None = None,
        start_stage: StageKind | None = None,
        changes: Callable[[], None] | None = None,
        stage_overdue: bool = False,
        extra: tuple[dict[str, Any], dict[str, Any]] = ({}, {}),
    ) -> Case:
        """Check the action against the lifecycle, then apply `changes` and record it all
        (`extra`: facts before and after that are not fields of the case row)."""
        before = snapshot(case)
        state = replace(self.state_of(case, session), stage_overdue=stage_overdue)
        state = apply(state, action, start_stage=start_stage, reason=reason)
        if changes is not None:
            changes()
        case.status, case.stage = state.status, state.stage
        self.record(
            session, case, action=action, actor=actor, before=before, reason=reason, extra=extra
        )
        return case

    def note(
        self,
        session: Session,
        *,
        case: Case,
        action: Note,
        actor: Actor,
        reason: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> Case:
        """A change that is no lifecycle step (a reason for delay, a snoozed chaser, learning,
        costs) is recorded like one: the case's version moves, the audit log says who and when,
        listeners hear it. `before` and `after` carry the fields that changed outside the case
        row."""
        self.record(
            session,
            case,
            action=action,
            actor=actor,
            before=snapshot(case),
            reason=reason,
            extra=(before or {}, after or {}),
        )
        return case

    def record(
        self,
        session: Session,
        case: Case,
        *,
        action: ChangeAction,
        actor: Actor,
        before: dict[str, Any],
        reason: str | None = None,
        extra: tuple[dict[str, Any], dict[str, Any]] = ({}, {}),
    ) -> None:
        """Bump the version, audit what changed since `before` and tell the listeners."""
        after = snapshot(case)
        bump_version(session, case)
        changed_before, changed_after = audit.changes(before, after)
        changed_before, changed_after = (
            {**changed_before, **extra[0]},
            {**changed_after, **extra[1]},
        )
        audit.record(
            session,
            case_id=case_id(case),
            actor=actor,
            action=action,
            before=changed_before,
            after=changed_after,
            reason=reason,
            at=self.clock.now(),
        )
        self.notify(session, case, CaseChange(action, actor, changed_before, changed_after, reason))

    def notify(self, session: Session, case: Case, change: CaseChange) -> None:
        for listener in self.case_listeners:
            listener(session, case, change)

    def state_of(self, case: Case, session: Session | None = None) -> CaseState:
        """The case as the lifecycle sees it (with a session: whether an Ombudsman enquiry is
        open, which only the Ombudsman's actions need)."""
        lgsco_open = (
            session is not None and case.id is not None and open_enquiry(session, case) is not None
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
            stage_answered=(
                session is not None
                and case.id is not None
                and case.stage is not None
                and _answered(latest_stage(session, case_id=case.id))
            ),
        )

    def start_stage(self, session: Session, case: Case, kind: StageKind, *, start: date) -> Stage:
        stage = Stage(case_id=case_id(case), kind=kind, opened_on=start)
        session.add(stage)
        session.flush()
        clocks = stage_clocks(
            kind,
            start=start,
            calendar=self.calendar,
            policy=self.timescales,
            record_kind=RecordKind(case.record_kind),
        )
        for computed in clocks:
            self.open_computed(session, case=case, computed=computed, stage=stage)
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
        computed = compute_deadline(
            rule, start=start, calendar=self.calendar, policy=self.timescales
        )
        self.open_computed(session, case=case, computed=computed, stage=stage)

    def open_computed(
        self,
        session: Session,
        *,
        case: Case,
        computed: ComputedDeadline,
        stage: Stage | None = None,
    ) -> None:
        deadlines.open_deadline(
            session,
            case_id=case_id(case),
            rule=computed.rule,
            start_on=computed.start,
            due_on=computed.due,
            maximum_on=computed.maximum,
            stage_id=stage.id if stage is not None else None,
            listeners=self.deadline_listeners,
        )

    def current_stage(self, session: Session, case: Case) -> Stage | None:
        return latest_stage(session, case_id=case_id(case))


def _answered(stage: Stage | None) -> bool:
    return stage is not None and stage.responded_on is not None


def snapshot(case: Case) -> dict[str, Any]:
    return {name: getattr(case, name) for name in AUDITED_FIELDS}


MAX_DUE_DAYS = 5 * 366  # a learning action or a recommendation is due within five years


def check_due_on(case: Case, due_on: date | None, *, after: date, what: str) -> None:
    """A due date on or after `after` and within five years of it (9999-12-31 was accepted,
    and chased nothing for ever)."""
    if due_on is None:
        return
    if due_on < after:
        raise_invalid(case, f"set {what} due before {after.isoformat()}")
    if (due_on - after).days > MAX_DUE_DAYS:
        raise_invalid(case, f"set {what} due more than five years ahead ({due_on.isoformat()})")


def raise_invalid(case: Case, what: str) -> NoReturn:
    raise_refused(case, f"cannot {what}")


def raise_refused(
    case: Case, why: str, *, refusal: Callable[..., InvalidTransition] = InvalidTransition
) -> NoReturn:
    """A refusal said as a whole sentence ("the date 2099-01-01 is in the future"), where
    raise_invalid says what cannot be done; `refusal`, a narrower kind an adapter places."""
    stage = case.stage.value if case.stage else "no stage"
    raise refusal(f"{case.reference} ({case.status.value}, {stage}): {why}", said=why)


def refuse_too_long(case: Case, text: str | None, *, limit: int, what: str, field: str) -> None:
    """Casework's one length check on what staff wrote (cases.text_limits): refused as
    TextTooLong, naming `field` for the door that has no box capped at `limit` (the CLI)."""
    if text is not None and (why := too_long(text, limit=limit, what=what)):
        raise_refused(case, why, refusal=partial(TextTooLong, field=field, limit=limit,
                                                 length=len(text)))  # fmt: skip


def case_id(case: Case) -> int:
    if case.id is None:
        raise ValueError("case is not flushed")
    return case.id
