"""Who may do what from Slack: each button's staff action, with the roles cases/permissions.py
says it needs (the web view checks the same table). Roles come from the rule file."""

from __future__ import annotations

from bot import ids
from cases.enums import Role
from cases.permissions import ROLES_NEEDED, StaffAction

STAFF_ACTION_OF: dict[str, StaffAction] = {
    ids.ACKNOWLEDGE: StaffAction.ACKNOWLEDGE,
    ids.ACKNOWLEDGE_STAGE: StaffAction.ACKNOWLEDGE,
    ids.ASSIGN: StaffAction.ASSIGN,
    ids.EXTEND: StaffAction.EXTEND,
    ids.RESPOND: StaffAction.RESPOND,
    ids.CONFIRM_TRIAGE: StaffAction.CONFIRM_TRIAGE,
    ids.CHANGE_TRIAGE: StaffAction.CHANGE_TRIAGE,
    ids.ESCALATE: StaffAction.ESCALATE,
    ids.CLOSE: StaffAction.CLOSE,
    ids.WITHDRAW: StaffAction.WITHDRAW,
    ids.PANEL_HELD: StaffAction.PANEL_HELD,
    ids.PANEL_ARRANGED: StaffAction.PANEL_HELD,  # the same officers arrange and record it
    ids.CHAIR_REPORT: StaffAction.CHAIR_REPORT,
    ids.LGSCO_RECEIVED: StaffAction.LGSCO_RECEIVED,
    ids.LGSCO_REPLIED: StaffAction.LGSCO_REPLIED,
    ids.LGSCO_DECISION: StaffAction.LGSCO_DECISION,
    ids.PAUSE: StaffAction.PAUSE,
    ids.RESUME: StaffAction.RESUME,
    ids.ADD_LEARNING: StaffAction.ADD_LEARNING,
    ids.UPDATE_LEARNING: StaffAction.UPDATE_LEARNING,
    ids.ADVOCACY: StaffAction.ADVOCACY,
    ids.CLEAR_ATTENTION: StaffAction.CLEAR_ATTENTION,
    ids.REOPEN: StaffAction.REOPEN,
    ids.UPDATE_RECOMMENDATION: StaffAction.UPDATE_RECOMMENDATION,
    ids.EVENT_DATE: StaffAction.EVENT_DATE,
    ids.LETTERS_BY: StaffAction.LETTERS_BY,
    ids.CORRECT_COMPLAINANT: StaffAction.CORRECT_COMPLAINANT,
    ids.REASON_FOR_DELAY_VIEW: StaffAction.REASON_FOR_DELAY,
    ids.VIEW_DETAILS: StaffAction.VIEW_DETAILS,
    ids.LOG_CONTACT_VIEW: StaffAction.LOG_CONTACT,
    ids.SNOOZE_CHASER: StaffAction.SNOOZE_CHASER,
}
NEEDED: dict[str, frozenset[Role]] = {
    action_id: ROLES_NEEDED[action] for action_id, action in STAFF_ACTION_OF.items()
}


def refusal(action_id: str) -> str:
    names = " or ".join(
        sorted(role.label.lower() for role in NEEDED[action_id] if role != Role.READ_ONLY)
    )
    return f"You need the {names} role in heard to do that. Ask the complaints team."


def allowed(action_id: str, roles: frozenset[Role]) -> bool:
    return bool(NEEDED[action_id] & roles)
