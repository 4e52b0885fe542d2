"""What each Slack action does to the store. Runs in a worker thread after the listener has
acknowledged Slack; returns a message for the user when something is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from bot import ids
from bot.modals import ChangeTriageInput, ExtendInput, LogContactInput, RespondInput
from cases.enums import CaseStatus, LearningStatus
from cases.lifecycle import InvalidTransition
from cases.timescales import ExtensionRefused
from heard.context import AppContext
from heard.wiring import build_case_service
from store import audit
from store.cases import actions as case_actions
from store.cases.queries import get_case
from store.cases.service import CaseService, ConcurrentChange, IssueProposal, TriageResult
from store.db import session_scope
from store.models import Case, Child, Correspondence, Deadline, PartyRole, Person
from triage.engine import Contact, triage


class Refused(Exception):
    """Shown to the user as an ephemeral message."""


@dataclass
class Handlers:
    context: AppContext

    @property
    def service(self) -> CaseService:
        return build_case_service(self.context)

    def refuse(self, *, user: str, action_id: str, reference: str | None) -> None:
        with session_scope(self.context.engine) as session:
            case = get_case(session, reference=reference) if reference else None
            audit.record(
                session,
                case_id=case.id if case else None,
                actor=f"slack:{user}",
                action="refused",
                reason=f"{action_id}: no role",
            )

    def run(self, action_id: str, *, user: str, reference: str, **details: Any) -> str | None:
        """Apply one action; None on success, else the reason it was not applied."""
        actor = f"slack:{user}"
        now = self.context.clock.now()
        service = self.service
        try:
            with session_scope(self.context.engine) as session:
                case = get_case(session, reference=reference)
                if case is None:
                    return f"There is no case {reference}."
                _ACTIONS[action_id](self, service, session, case, actor, now, details)
        except (InvalidTransition, ExtensionRefused) as error:
            return str(error)
        except ConcurrentChange:
            return f"{reference} was changed by someone else just now; the card shows it."
        return None

    # --- the actions --------------------------------------------------------------------
    def _acknowledge(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        case_actions.acknowledge(service, session, case=case, actor=actor, now=now)

    def _assign(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        case_actions.assign(service, session, case=case, assignee=details["assignee"], actor=actor)

    def _confirm(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        service.confirm_triage(session, case=case, actor=actor, now=now)

    def _change(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        change: ChangeTriageInput = details["change"]
        service.apply_triage(
            session,
            case=case,
            actor=actor,
            reason=change.why,
            result=TriageResult(
                record_kind=change.kind,
                route=change.route,
                not_logged_reason=change.not_logged,
                complainant_type=case.complainant_type,
                issues=tuple(
                    IssueProposal(issue.category, issue.team_id, issue.rule_id)
                    for issue in _issues(session, case)
                ),
                safeguarding=case.safeguarding,
                advocacy_offer=case.advocacy_offer,
                out_of_time=case.out_of_time,
                historic=case.historic,
            ),
        )
        service.confirm_triage(session, case=case, actor=actor, now=now)

    def _extend(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        extension: ExtendInput = details["extension"]
        case_actions.extend(
            service,
            session,
            case=case,
            new_due=extension.new_due,
            reason=extension.reason,
            agreed_on=extension.agreed_on,
            actor=actor,
        )

    def _respond(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        answer: RespondInput = details["response"]
        remedies = []
        if answer.remedy:
            remedies.append(
                case_actions.RemedyInput(case_actions.RemedyKind.EXPLANATION, answer.remedy)
            )
        if answer.compensation_pence:
            remedies.append(
                case_actions.RemedyInput(
                    case_actions.RemedyKind.FINANCIAL, "compensation", answer.compensation_pence
                )
            )
        learning = (
            [
                case_actions.LearningInput(
                    answer.learning, _first_team(session, case), LearningStatus.PLANNED
                )
            ]
            if answer.learning
            else []
        )
        case_actions.record_response(
            service,
            session,
            case=case,
            actor=actor,
            response=case_actions.ResponseInput(
                responded_on=answer.responded_on,
                outcome=answer.outcome,
                issue_outcomes={},
                remedies=remedies,
                learning=learning,
                manager_contacted=answer.manager_contacted,
                reason_for_delay=answer.reason_for_delay,
            ),
        )

    def _escalate(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        case_actions.escalate(
            service,
            session,
            case=case,
            actor=actor,
            requested_on=self.context.calendar.local_date(now),
        )

    def _panel_held(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        case_actions.panel_held(
            service, session, case=case, actor=actor, held_on=self.context.calendar.local_date(now)
        )

    def _chair_report(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        case_actions.chair_report(
            service,
            session,
            case=case,
            actor=actor,
            received_on=self.context.calendar.local_date(now),
        )

    def _lgsco(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        case_actions.lgsco_received(
            service,
            session,
            case=case,
            actor=actor,
            received_on=self.context.calendar.local_date(now),
        )

    def _reason_for_delay(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        stage = service.current_stage(session, case)
        if stage is None:
            raise InvalidTransition(f"{case.reference}: no stage to record a delay on")
        before = stage.reason_for_delay
        stage.reason_for_delay = details["reason"][:1000]
        session.add(stage)
        audit.record(
            session,
            case_id=case.id,
            actor=actor,
            action="reason_for_delay",
            before={"reason_for_delay": before},
            after={"reason_for_delay": stage.reason_for_delay},
            at=now,
        )

    def snooze(self, *, user: str, reference: str) -> str:
        """A copy of the chaser for this user on the next working day; the ladder is untouched."""
        from scheduler.rules import ReminderKind
        from store.models import Reminder

        now = self.context.clock.now()
        calendar = self.context.calendar
        next_day = calendar.add_working_days(calendar.local_date(now), 1)
        due_at = calendar.at_local_time(next_day, self.context.settings.chaser_hour)
        with session_scope(self.context.engine) as session:
            case = get_case(session, reference=reference)
            if case is None:
                return f"There is no case {reference}."
            deadline = session.exec(
                select(Deadline)
                .where(
                    Deadline.case_id == case.id,
                    col(Deadline.met_on).is_(None),
                    col(Deadline.cancelled).is_(False),
                )
                .order_by(col(Deadline.due_on))
            ).first()
            if deadline is None:
                return f"{reference} has no open deadline to be reminded of."
            session.add(
                Reminder(
                    case_id=case.id,
                    deadline_id=deadline.id,
                    kind=ReminderKind.DUE_TODAY.value,
                    recipient="assignee",
                    due_at=due_at,
                    dedupe_key=f"snooze:{deadline.id}:{user}:{next_day.isoformat()}",
                    details={
                        "snoozed_by": user,
                        "rule": deadline.rule,
                        "step": 0,
                        "due": (deadline.extended_to or deadline.due_on).isoformat(),
                    },
                )
            )
            audit.record(
                session,
                case_id=case.id,
                actor=f"slack:{user}",
                action="snoozed",
                reason=f"reminder to {user} moved to {next_day.isoformat()}",
                at=now,
            )
        return f"I'll remind you about {reference} on {next_day:%A %-d %B}."

    def _close(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        case_actions.close(service, session, case=case, actor=actor, now=now)

    def _withdraw(self, service, session, case, actor, now, details) -> None:  # type: ignore[no-untyped-def]
        case_actions.withdraw(service, session, case=case, actor=actor, now=now)

    # --- reading ------------------------------------------------------------------------
    def details(self, reference: str) -> list[tuple[str, str]] | None:
        with session_scope(self.context.engine) as session:
            case = get_case(session, reference=reference)
            if case is None:
                return None
            people = session.exec(select(Person).where(Person.case_id == case.id)).all()
            children = session.exec(select(Child).where(Child.case_id == case.id)).all()
            letters = session.exec(
                select(Correspondence)
                .where(Correspondence.case_id == case.id)
                .order_by(Correspondence.id)
            ).all()
            lines = [("Subject", case.subject)]
            lines += [
                (
                    f"{person.role.value.capitalize()}",
                    ", ".join(filter(None, [person.name, person.email, person.phone])),
                )
                for person in people
            ]
            lines += [("Child", child.name or "-") for child in children]
            lines += [
                (f"{item.direction.value} {item.at:%d %b %H:%M}", item.text or "")
                for item in letters[-5:]
            ]
            return lines

    def find(self, reference: str) -> str:
        with session_scope(self.context.engine) as session:
            case = get_case(session, reference=reference)
            if case is None:
                return f"There is no case {reference}."
            due = _next_due(session, case)
            return (
                f"{case.reference}: {case.record_kind.label}, {case.status.label}"
                + (f", {case.stage.label}" if case.stage else "")
                + (f", next deadline {due:%a %-d %b}" if due else "")
            )

    def mine(self, user: str) -> list[tuple[str, str, date | None]]:
        with session_scope(self.context.engine) as session:
            cases = session.exec(
                select(Case).where(
                    Case.assignee == user,
                    Case.status.in_(
                        [
                            CaseStatus.RECEIVED,
                            CaseStatus.OPEN,  # type: ignore[attr-defined]
                            CaseStatus.RESPONDED,
                        ]
                    ),
                )
            ).all()
            found = [
                (case.reference, case.status.label, _next_due(session, case)) for case in cases
            ]
        return sorted(found, key=lambda row: (row[2] is None, row[2] or date.max))

    def team_cases(self, user: str) -> list[tuple[str, str, date | None]]:
        from store.models import Issue

        teams = {
            person.team for person in self.context.rulebook.spec.staff if person.slack_user == user
        }
        if not teams:
            return []
        with session_scope(self.context.engine) as session:
            cases = session.exec(
                select(Case)
                .join(Issue, Issue.case_id == Case.id)
                .where(
                    Issue.team_id.in_(sorted(teams)),  # type: ignore[union-attr]
                    Case.status.in_([CaseStatus.OPEN, CaseStatus.RECEIVED]),  # type: ignore[attr-defined]
                )
                .distinct()
                .limit(200)
            ).all()
            return [(case.reference, case.status.label, _next_due(session, case)) for case in cases]

    def stage_due(self, reference: str) -> tuple[date, date | None]:
        with session_scope(self.context.engine) as session:
            case = get_case(session, reference=reference)
            deadlines = session.exec(
                select(Deadline).where(
                    Deadline.case_id == (case.id if case else -1),
                    col(Deadline.met_on).is_(None),
                    col(Deadline.cancelled).is_(False),
                    Deadline.rule != "acknowledgement",
                )
            ).all()
            if not deadlines:
                today = self.context.calendar.local_date(self.context.clock.now())
                return today, None
            last = deadlines[-1]
            return last.extended_to or last.due_on, last.maximum_on

    def is_late(self, reference: str) -> bool:
        due, _ = self.stage_due(reference)
        return due < self.context.calendar.local_date(self.context.clock.now())

    def log_contact(self, *, user: str, contact: LogContactInput) -> str:
        now = self.context.clock.now()
        service = self.service
        with session_scope(self.context.engine) as session:
            case = service.create(
                session,
                record_kind=contact.kind,
                channel=contact.channel,
                received_at=now,
                actor=f"slack:{user}",
                subject=contact.text[:120],
            )
            session.add(
                Person(
                    case_id=case.id,
                    role=PartyRole.COMPLAINANT,
                    name=contact.name,
                    email=contact.contact if contact.contact and "@" in contact.contact else None,
                    phone=contact.contact
                    if contact.contact and "@" not in contact.contact
                    else None,
                )
            )
            if contact.child:
                session.add(Child(case_id=case.id, name=contact.child))
            session.add(
                Correspondence(
                    case_id=case.id,
                    direction="internal",
                    channel=contact.channel,
                    at=now,
                    text=contact.text,
                    author=f"slack:{user}",
                    subject=contact.text[:120],
                )
            )
            decision = triage(
                Contact(
                    subject="",
                    body=contact.text,
                    channel=contact.channel,
                    mailbox_kind=contact.kind,
                    record_kind=contact.kind,
                    received_on=self.context.calendar.local_date(now),
                ),
                self.context.rulebook,
                today=self.context.calendar.local_date(now),
            )
            from heard.wiring import mash_referral
            from triage.result import triage_result

            service.apply_triage(session, case=case, actor="triage", result=triage_result(decision))
            if decision.safeguarding:
                mash_referral(self.context.settings).refer(
                    session, case=case, actor="triage", now=now
                )
            return case.reference


def _issues(session: Session, case: Case) -> list[Any]:
    from store.models import Issue

    return list(session.exec(select(Issue).where(Issue.case_id == case.id)))


def _first_team(session: Session, case: Case) -> str | None:
    return next((issue.team_id for issue in _issues(session, case) if issue.team_id), None)


def _next_due(session: Session, case: Case) -> date | None:
    deadlines = session.exec(
        select(Deadline).where(
            Deadline.case_id == case.id,
            col(Deadline.met_on).is_(None),
            col(Deadline.cancelled).is_(False),
        )
    ).all()
    dues = [deadline.extended_to or deadline.due_on for deadline in deadlines]
    return min(dues) if dues else None


_ACTIONS = {
    ids.ACKNOWLEDGE: Handlers._acknowledge,
    ids.ASSIGN: Handlers._assign,
    ids.CONFIRM_TRIAGE: Handlers._confirm,
    ids.CHANGE_TRIAGE_VIEW: Handlers._change,
    ids.EXTEND_VIEW: Handlers._extend,
    ids.RESPOND_VIEW: Handlers._respond,
    ids.ESCALATE: Handlers._escalate,
    ids.CLOSE: Handlers._close,
    ids.WITHDRAW: Handlers._withdraw,
    ids.PANEL_HELD: Handlers._panel_held,
    ids.CHAIR_REPORT: Handlers._chair_report,
    ids.LGSCO_RECEIVED: Handlers._lgsco,
    ids.REASON_FOR_DELAY_VIEW: Handlers._reason_for_delay,
}
