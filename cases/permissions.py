"""Which roles may take which staff action, whichever adapter it is taken from (Slack's buttons,
the web view's forms): one table, so the two can never disagree."""

from __future__ import annotations

from enum import StrEnum

from cases.enums import Role


class StaffAction(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    ASSIGN = "assign"
    CONFIRM_TRIAGE = "confirm_triage"
    CHANGE_TRIAGE = "change_triage"
    EXTEND = "extend"
    RESPOND = "respond"
    ESCALATE = "escalate"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"
    PANEL_HELD = "panel_held"
    CHAIR_REPORT = "chair_report"
    LGSCO_RECEIVED = "lgsco_received"
    LGSCO_REPLIED = "lgsco_replied"
    LGSCO_DECISION = "lgsco_decision"
    UPDATE_RECOMMENDATION = "update_recommendation"
    ATTACH_REPORT = "attach_report"  # stage 2's investigating officer's or IP's report
    PAUSE = "pause"
    RESUME = "resume"
    ADD_LEARNING = "add_learning"
    UPDATE_LEARNING = "update_learning"
    ADVOCACY = "advocacy"
    ADD_COST = "add_cost"
    REASON_FOR_DELAY = "reason_for_delay"
    VIEW_DETAILS = "view_details"
    LOG_CONTACT = "log_contact"
    ADD_NOTE = "add_note"
    CLEAR_ATTENTION = "clear_attention"
    EVENT_DATE = "event_date"
    LETTERS_BY = "letters_by"
    CORRECT_COMPLAINANT = "correct_complainant"  # their name, email or phone, as the letters use
    SNOOZE_CHASER = "snooze_chaser"
    CHOOSE_EXAMPLE = "choose_example"  # a case as an example for the annual report


OFFICER = frozenset({Role.COMPLAINTS_OFFICER})
OFFICER_OR_MANAGER = frozenset({Role.COMPLAINTS_OFFICER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER})
ANY_ROLE = frozenset(Role)
STAFF = ANY_ROLE - {Role.READ_ONLY}  # everyone a chaser can be sent to

ROLES_NEEDED: dict[StaffAction, frozenset[Role]] = {
    StaffAction.ACKNOWLEDGE: OFFICER_OR_MANAGER,
    StaffAction.ASSIGN: OFFICER_OR_MANAGER,
    StaffAction.EXTEND: OFFICER_OR_MANAGER,
    StaffAction.RESPOND: OFFICER_OR_MANAGER,
    StaffAction.CONFIRM_TRIAGE: OFFICER,
    StaffAction.CHANGE_TRIAGE: OFFICER,
    StaffAction.ESCALATE: OFFICER,
    StaffAction.CLOSE: OFFICER,
    StaffAction.WITHDRAW: OFFICER,
    StaffAction.REOPEN: OFFICER,
    StaffAction.PANEL_HELD: OFFICER,
    StaffAction.CHAIR_REPORT: OFFICER,
    StaffAction.LGSCO_RECEIVED: OFFICER,
    StaffAction.LGSCO_REPLIED: OFFICER,
    StaffAction.LGSCO_DECISION: OFFICER,
    StaffAction.UPDATE_RECOMMENDATION: OFFICER,
    StaffAction.ATTACH_REPORT: OFFICER,
    StaffAction.PAUSE: OFFICER,
    StaffAction.RESUME: OFFICER,
    StaffAction.ADD_LEARNING: OFFICER_OR_MANAGER,
    StaffAction.CHOOSE_EXAMPLE: OFFICER,
    StaffAction.UPDATE_LEARNING: OFFICER_OR_MANAGER,
    StaffAction.ADVOCACY: OFFICER_OR_MANAGER,
    StaffAction.ADD_COST: OFFICER_OR_MANAGER,
    StaffAction.REASON_FOR_DELAY: OFFICER_OR_MANAGER,
    StaffAction.VIEW_DETAILS: ANY_ROLE,
    StaffAction.LOG_CONTACT: OFFICER_OR_MANAGER,
    StaffAction.ADD_NOTE: OFFICER_OR_MANAGER,
    StaffAction.CLEAR_ATTENTION: OFFICER_OR_MANAGER,
    StaffAction.EVENT_DATE: OFFICER,
    StaffAction.LETTERS_BY: OFFICER_OR_MANAGER,
    StaffAction.CORRECT_COMPLAINANT: OFFICER_OR_MANAGER,
    StaffAction.SNOOZE_CHASER: STAFF,
}


def allowed(action: StaffAction, roles: frozenset[Role]) -> bool:
    return bool(ROLES_NEEDED[action] & roles)


def refusal(action: StaffAction) -> str:
    names = " or ".join(
        sorted(role.label.lower() for role in ROLES_NEEDED[action] if role != Role.READ_ONLY)
    )
    return f"You need the {names} role in heard to do that. Ask the complaints team."


# What a closed or withdrawn case still takes, at every door. The Ombudsman may enquire and
# decide after the procedure ends (the council's reply and its recommendations are owed
# meanwhile); learning is followed up and costs are paid (an investigator's invoice, a remedy)
# after closing, and the annual report picks its examples from finished cases; a reply from
# the family is flagged, looked at and noted, and so is a call or letter from them that staff log
# on the case (triage still reads it for safeguarding); the family may ask for the next stage,
# so the case may be reopened. A stage 2 report that comes late (an investigating officer's
# final version, one found at review) is still the stage's record, kept with no letter
# (casework.stage_reports). The complainant's name and contact details may be corrected (their
# right to rectification does not end with the procedure, and the Ombudsman's letters still go
# to them). What belongs to the procedure itself (advocacy for the child, a stage's steps,
# triage, how letters go) waits for a reopening. The reason for delay is the one exception, and
# only for a response that was late (casework.finished): the annual report counts those reasons.
AFTER_THE_END = frozenset(
    {
        StaffAction.LGSCO_RECEIVED,
        StaffAction.LGSCO_REPLIED,
        StaffAction.LGSCO_DECISION,
        StaffAction.UPDATE_RECOMMENDATION,
        StaffAction.ADD_LEARNING,
        StaffAction.UPDATE_LEARNING,
        StaffAction.ADD_COST,
        StaffAction.CHOOSE_EXAMPLE,
        StaffAction.REOPEN,
        StaffAction.ADD_NOTE,
        StaffAction.CLEAR_ATTENTION,
        StaffAction.VIEW_DETAILS,
        StaffAction.SNOOZE_CHASER,
        StaffAction.LOG_CONTACT,
        StaffAction.ATTACH_REPORT,
        StaffAction.CORRECT_COMPLAINANT,
    }
)


# A team manager or service manager answers for their own teams (DOMAIN.md: "Team managers /
# service delivery managers answer stage 1 complaints for their team"); complaints officers work
# every case. Reading a case and snoozing one's own reminder are not acting on it.
MANAGERS = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER})
ANY_TEAM = frozenset({StaffAction.VIEW_DETAILS, StaffAction.SNOOZE_CHASER})


def outside_their_teams(
    action: StaffAction,
    roles: frozenset[Role],
    *,
    their_teams: frozenset[str],
    case_teams: frozenset[str],
    holds_it: bool,
) -> bool:
    """True when a manager would act on a case that is not their teams': no issue of it is
    routed to a team the rule file says they manage, and it is not assigned to them. Not for a
    complaints officer, nor for a manager the rule file ties to no team (it cannot tell which
    cases are theirs, and is trusted with every team's, as before)."""
    if action in ANY_TEAM or Role.COMPLAINTS_OFFICER in roles or not roles & MANAGERS:
        return False
    if not their_teams:
        return False
    return not holds_it and not their_teams & case_teams


def other_team_refusal(reference: str) -> str:
    return (
        f"{reference} is not for a team you manage, and it is not assigned to you. "
        "Ask the complaints team to assign it to you if you are to answer it."
    )
