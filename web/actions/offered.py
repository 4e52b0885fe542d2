"""Which actions a case offers now: the case page lists them, and a form opened by its address
(a bookmark, the browser's history, a link in a chat) opens only if its case offers it, else
says why, rather than a form whose Save can only be refused."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from cases.enums import Role, Route, StageKind
from cases.kinds import COMPLAINT_KINDS, EXAMPLE_KINDS
from cases.lifecycle import Action, InvalidTransition, apply
from cases.permissions import ANY_TEAM, StaffAction, allowed, refusal
from casework.finished import not_taken, still_taken
from casework.team_scope import refusal_outside_their_teams
from store.cases.case_file import CaseFile
from store.models import Case
from store.retention import anonymised_at
from web.actions.catalogue import ACTIONS, WebAction
from web.actions.running import available
from web.actions.usecases import example_of, panel_to_arrange, steps_allowed
from web.deps import WebDeps
from web.staff import Staff


@dataclass(frozen=True)
class Offer:
    """What a case offers one member of staff now, and why it leaves out what it does."""

    actions: list[WebAction]
    steps: frozenset[Action]  # the lifecycle steps open now
    holds: frozenset[str]  # what the case has (WebAction.needs)
    roles: frozenset[Role]
    taken: frozenset[StaffAction]  # what the case takes at all (less once it is finished)
    other_team: str | None = None  # why a manager may not act on it: another team's case

    def why_not(self, action: WebAction, *, deps: WebDeps, found: CaseFile) -> str | None:
        """None if `action` is offered; else why not, as staff would say it."""
        if action in self.actions:
            return None
        if not allowed(action.staff_action, self.roles):  # said before the form is filled in;
            return refusal(action.staff_action)  # a Save is refused and audited (running.run)
        case = found.case
        if self.other_team is not None and action.staff_action not in ANY_TEAM:
            return self.other_team
        if action.staff_action not in self.taken:
            said = not_taken(case, action.staff_action)
            return f"{said[:1].upper()}{said[1:]}."
        if action.step is Action.ACKNOWLEDGE and case.acknowledged_at is not None:
            day = deps.calendar.local_date(case.acknowledged_at)
            by = case.acknowledged_by or "someone"
            if "stage_acknowledgement" in self.holds:  # a later stage under the Code
                return (
                    f"{case.reference} was acknowledged on {day:%-d %B %Y} ({by}). This "
                    "stage is acknowledged on its own: use Record the stage's "
                    "acknowledgement on the case page."
                )
            return (
                f"{case.reference} was acknowledged on {day:%-d %B %Y} ({by}): there is "
                "nothing more to record, and nothing is sent again."
            )
        if action.step is not None and action.step not in self.steps:
            try:
                apply(deps.cases.state_of(case), action.step)
            except InvalidTransition as refused:
                return f"{refused.sentence}."
        if action.needs == "panel_arranged":
            return (
                "Arrange the panel first: the complainant is told its date and that they may "
                "attend with an advocate."
            )
        if action.needs == "stage_two":
            at = case.stage.label.lower() if case.stage else "no stage"
            return (
                f"Reports belong to a statutory stage 2, and {case.reference} is at {at}: "
                "attach them once the complaint is at stage 2."
            )
        return f"{action.title} is not open on {case.reference} now."


def offered(deps: WebDeps, session: Session, *, found: CaseFile, staff: Staff) -> Offer:
    case = found.case
    steps = steps_allowed(deps.cases, session, case, today=deps.today())
    holds = _holds(deps, session, case=case, found=found)
    taken = still_taken(session, case)
    other_team = refusal_outside_their_teams(
        session, case, action=StaffAction.ADD_NOTE, roles=staff.roles, identity=staff.email,
        organisation=deps.directory.organisation,
    )  # fmt: skip
    actions = [
        action
        for action in ACTIONS
        if action.staff_action in taken
        and (other_team is None or action.staff_action in ANY_TEAM)
        and available(
            action,
            staff=staff,
            allowed_steps=steps,
            has_stage=case.stage is not None,
            holds=holds,
        )
    ]
    return Offer(
        actions=actions, steps=steps, holds=holds, roles=staff.roles, taken=taken,
        other_team=other_team,
    )  # fmt: skip


def _holds(deps: WebDeps, session: Session, *, case: Case, found: CaseFile) -> frozenset[str]:
    # Triage may change until a stage is answered (casework.triage.apply_triage).
    triage_open = (
        deps.change_triage is not None
        and case.status.value in ("received", "open", "not_logged")
        and all(stage.responded_on is None for stage in found.stages)
    )
    open_rules = {d.rule for d in found.deadlines if d.met_on is None and not d.cancelled}
    return frozenset(
        name
        for name, present in (
            ("learning", bool(found.learning)),
            ("example_kind", case.record_kind in EXAMPLE_KINDS),
            ("example", example_of(session, case=case) is not None),
            ("recommendations", bool(found.recommendations)),
            # the investigating officer's and independent person's reports (statutory stage 2)
            (
                "stage_two",
                case.route == Route.STATUTORY
                and any(stage.kind == StageKind.STATUTORY_2 for stage in found.stages),
            ),
            ("triage", triage_open),
            ("attention", case.needs_attention),
            # Record the review panel is refused until the panel is arranged
            ("panel_arranged", not panel_to_arrange(session, case)),
            # GOV.UK Notify can post this case's letters
            ("post", deps.posts_letters and case.status.value in ("received", "open", "responded")),
            # the complainant's details, until retention removes them
            ("details", case.id is not None and anonymised_at(session, case_id=case.id) is None),
            ("open_deadline", bool(open_rules)),
            ("lgsco_reply", "lgsco_response" in open_rules),
            # the 12-month time limit runs from it, while the complaint is not answered
            (
                "event_date",
                case.record_kind in COMPLAINT_KINDS and case.status.value in ("received", "open"),
            ),
            # A later stage under the Complaint Handling Code is acknowledged again.
            (
                "stage_acknowledgement",
                case.acknowledged_at is not None and "code_acknowledgement" in open_rules,
            ),
        )
        if present
    )
