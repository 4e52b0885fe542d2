"""Building the allow-listed card of a case from the store (runs in a worker thread)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session

from bot import ids
from bot.cards import CaseCard
from bot.permissions import STAFF_ACTION_OF
from cases.calendar import WorkingCalendar
from cases.day_words import long_day
from cases.deadline_standing import FAMILY_WINDOWS, window_words
from cases.enums import DeadlineRule, StageKind
from cases.kinds import COMPLAINT_KINDS
from cases.lifecycle import Action, CaseState, allowed_actions
from cases.staff_threat import is_threat
from cases.timescales import stage_three_steps_closed
from cases.triage_notes import triage_notes
from casework.finished import FINISHED, still_taken
from casework.stage_three import panel_timing, panel_to_arrange
from org.addresses import SLACK_USER
from org.directory import Organisation
from store.cases.learning import advocacy_of
from store.cases.lgsco import open_enquiry, recommendations_of, still_open
from store.cases.queries import any_stage_answered, issues_of, open_deadlines_by_id
from store.models import Case
from store.retention import anonymised_at
from triage.rulebook import Rulebook

_BUTTONS = {
    Action.ACKNOWLEDGE: ids.ACKNOWLEDGE,
    Action.EXTEND: ids.EXTEND,
    Action.RESPOND: ids.RESPOND,
    Action.ESCALATE: ids.ESCALATE,
    Action.CLOSE: ids.CLOSE,
    Action.WITHDRAW: ids.WITHDRAW,
    Action.PANEL_HELD: ids.PANEL_HELD,
    Action.CHAIR_REPORT: ids.CHAIR_REPORT,
    Action.LGSCO_RECEIVED: ids.LGSCO_RECEIVED,
    Action.LGSCO_DECIDED: ids.LGSCO_DECISION,
    Action.PAUSE: ids.PAUSE,
    Action.RESUME: ids.RESUME,
    Action.REOPEN: ids.REOPEN,
}
# Stage 3's buttons, by the step each takes (cases.timescales.STAGE_THREE_CLOCKS): Arrange panel
# goes with Panel held.
STAGE_THREE_BUTTONS = {
    ids.PANEL_ARRANGED: Action.PANEL_HELD,
    ids.PANEL_HELD: Action.PANEL_HELD,
    ids.CHAIR_REPORT: Action.CHAIR_REPORT,
    ids.RESPOND: Action.RESPOND,
}
# What the day the card gives is for, where it is not the stage's response: stage 3's steps.
_DUE_WHAT = {
    DeadlineRule.STAGE_3_PANEL.value: "Review panel",
    DeadlineRule.PANEL_REPORT.value: "Chair's report",
}
# What any complaint with a stage records at any time (the card's More menu).
_RECORDS = frozenset({ids.ADD_LEARNING, ids.UPDATE_LEARNING, ids.ADVOCACY})


def case_state(case: Case, *, lgsco_open: bool = False) -> CaseState:
    return CaseState(
        case.reference,
        case.record_kind,
        case.route,
        case.status,
        case.stage,
        case.acknowledged_at is not None,
        case.triage_confirmed_at is not None,
        paused=case.paused_on is not None,
        lgsco_open=lgsco_open,
    )


def build_card(
    session: Session,
    *,
    case: Case,
    calendar: WorkingCalendar,
    rulebook: Rulebook,
    organisation: Organisation,
    today: date,
    with_subject: bool = False,
    posts_letters: bool = False,
) -> CaseCard:
    assert case.id is not None
    teams = []
    issues = issues_of(session, case_id=case.id)
    for issue in issues:
        team = organisation.team(issue.team_id) if issue.team_id else None
        teams.append(
            (
                team.name if team else (issue.team_id or "triage queue"),
                rulebook.category_label(issue.category),
            )
        )
    open_deadlines = open_deadlines_by_id(session, case_id=case.id)
    ack = next((d for d in open_deadlines if d.rule == DeadlineRule.ACKNOWLEDGEMENT.value), None)
    # the stage's answer: not an acknowledgement's clock (a stage under the Complaint Handling
    # Code has its own, set after the answer's)
    acknowledging = (DeadlineRule.ACKNOWLEDGEMENT.value, DeadlineRule.CODE_ACKNOWLEDGEMENT.value)
    stage = next((d for d in reversed(open_deadlines) if d.rule not in acknowledging), None)
    stage_due = (stage.extended_to or stage.due_on) if stage else None
    # an overdue stage may be escalated unanswered: the complainant need not wait any longer
    state = replace(
        case_state(case, lgsco_open=open_enquiry(session, case) is not None),
        stage_overdue=stage_due is not None and stage_due < today,
    )
    allowed = {_BUTTONS[action] for action in allowed_actions(state) if action in _BUTTONS}
    if case.stage is not None:
        allowed |= _RECORDS
    if case.record_kind in COMPLAINT_KINDS and case.status.value in ("received", "open"):
        allowed |= {ids.EVENT_DATE}  # the 12-month time limit runs from it
    if ids.PANEL_HELD in allowed:  # until the panel meets, its date may be set or moved
        allowed |= {ids.PANEL_ARRANGED}
    if case.stage == StageKind.STATUTORY_3:  # one step at a time: each opens the next's clock
        closed = stage_three_steps_closed(d.rule for d in open_deadlines)
        allowed -= {button for button, step in STAGE_THREE_BUTTONS.items() if step in closed}
        if panel_to_arrange(session, case):  # Panel held is refused until then
            allowed.discard(ids.PANEL_HELD)
    if case.acknowledged_at is not None and any(
        d.rule == DeadlineRule.CODE_ACKNOWLEDGEMENT.value for d in open_deadlines
    ):
        allowed |= {ids.ACKNOWLEDGE_STAGE}  # a stage 2 under the Complaint Handling Code
    if case.needs_attention:
        allowed |= {ids.CLEAR_ATTENTION}  # a person looked: clear "needs a person to look"
    if still_open(recommendations_of(session, case=case)):
        allowed |= {ids.UPDATE_RECOMMENDATION}  # the council owes the Ombudsman evidence
    if any(d.rule == DeadlineRule.LGSCO_RESPONSE.value for d in open_deadlines):
        allowed |= {ids.LGSCO_REPLIED}  # the council's reply to the Ombudsman is still owed
    if case.status.value in ("received", "open", "not_logged"):
        if case.triage_confirmed_at is None:
            allowed |= {ids.CONFIRM_TRIAGE}
        # triage may change, confirmed or not, until a stage is answered (apply_triage): a
        # contact told it was not logged may show in its reply that it can be
        if not any_stage_answered(session, case_id=case.id):
            allowed |= {ids.CHANGE_TRIAGE}
    if posts_letters and case.status.value in ("received", "open", "responded"):
        allowed |= {ids.LETTERS_BY}  # GOV.UK Notify can print and post this case's letters
    if anonymised_at(session, case_id=case.id) is None:
        allowed |= {ids.CORRECT_COMPLAINANT}  # the name, email and phone letters use
    finished = case.status in FINISHED
    if finished:  # only what a finished case still takes (casework.finished), as every door
        taken = still_taken(session, case)
        allowed = {button for button in allowed if STAFF_ACTION_OF[button] in taken}
    notes = triage_notes(
        case.triage_decision,
        confirmed=case.triage_confirmed_at is not None,
        issue_rules=[issue.rule_id for issue in issues],
        out_of_time=case.out_of_time,
        event_dated=case.event_on is not None,
    )
    return CaseCard(
        reference=case.reference,
        record_kind=case.record_kind.label,
        route=case.route.label,
        status=case.status.label,
        stage=case.stage.label if case.stage else None,
        teams=tuple(teams),
        received_on=calendar.local_date(case.received_at),  # the day it came, as staff saw it
        acknowledged=case.acknowledged_at is not None,
        ack_due=ack.due_on if ack else None,
        stage_due=stage_due,
        working_days_left=(calendar.working_days_between(today, stage_due) if stage_due else None),
        reasons=notes.reasons,
        safeguarding=case.safeguarding,
        advocacy_offer=case.advocacy_offer,
        advocacy=advocacy.status.label if (advocacy := advocacy_of(session, case=case)) else None,
        needs_attention=case.needs_attention,
        threat_to_staff=is_threat(case.attention_reason),
        # a Slack user id (Slack shows their name), else the name the rule file gives them
        assignee=(
            case.assignee
            if case.assignee is None or SLACK_USER.fullmatch(case.assignee)
            else organisation.who(case.assignee)
        ),
        not_logged_reason=case.not_logged_reason.label if case.not_logged_reason else None,
        extended_to=stage.extended_to if stage else None,
        allowed=frozenset(allowed),
        finished=finished,
        subject=case.subject if with_subject else None,
        unsure=notes.doubts,
        time_limit=notes.time_limit,
        panel_timing=panel_timing(session, case, today=today, calendar=calendar),
        due_what=_DUE_WHAT.get(stage.rule, "Response") if stage else "Response",
        family_window=(
            window_words(
                stage.rule,
                until=long_day(stage_due),
                left=calendar.working_days_between(today, stage_due),
            )
            if stage and stage_due and stage.rule in FAMILY_WINDOWS
            else None
        ),
    )
