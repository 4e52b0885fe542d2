"""Who may do what from Slack. Roles come from the rule file (user ids, user groups, staff)."""

from __future__ import annotations

from bot import ids
from cases.enums import Role

OFFICER = frozenset({Role.COMPLAINTS_OFFICER})
OFFICER_OR_MANAGER = frozenset({Role.COMPLAINTS_OFFICER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER})
ANY_ROLE = frozenset(Role)
STAFF = ANY_ROLE - {Role.READ_ONLY}  # everyone a chaser can be sent to

NEEDED: dict[str, frozenset[Role]] = {
    ids.ACKNOWLEDGE: OFFICER_OR_MANAGER,
    ids.ASSIGN: OFFICER_OR_MANAGER,
    ids.EXTEND: OFFICER_OR_MANAGER,
    ids.RESPOND: OFFICER_OR_MANAGER,
    ids.CONFIRM_TRIAGE: OFFICER,
    ids.CHANGE_TRIAGE: OFFICER,
    ids.ESCALATE: OFFICER,
    ids.CLOSE: OFFICER,
    ids.WITHDRAW: OFFICER,
    ids.PANEL_HELD: OFFICER,
    ids.CHAIR_REPORT: OFFICER,
    ids.LGSCO_RECEIVED: OFFICER,
    ids.LGSCO_DECISION: OFFICER,
    ids.PAUSE: OFFICER,
    ids.RESUME: OFFICER,
    ids.ADD_LEARNING: OFFICER_OR_MANAGER,
    ids.UPDATE_LEARNING: OFFICER_OR_MANAGER,
    ids.ADVOCACY: OFFICER_OR_MANAGER,
    ids.REASON_FOR_DELAY_VIEW: OFFICER_OR_MANAGER,
    ids.VIEW_DETAILS: ANY_ROLE,
    ids.LOG_CONTACT_VIEW: OFFICER_OR_MANAGER,
    ids.SNOOZE_CHASER: STAFF,
}


def refusal(action_id: str) -> str:
    names = " or ".join(
        sorted(role.label.lower() for role in NEEDED[action_id] if role != Role.READ_ONLY)
    )
    return f"You need the {names} role in heard to do that. Ask the complaints team."


def allowed(action_id: str, roles: frozenset[Role]) -> bool:
    return bool(NEEDED[action_id] & roles)
