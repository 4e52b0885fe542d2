"""What a change to a case is called: in its audit entry, and to the listeners (cards, letters,
reminders) that hear of it. A lifecycle step is named by its `Action`; every other change by a
`Note`. What the audit log records besides changes is `cases.enums.AuditAction`."""

from __future__ import annotations

from enum import StrEnum

from cases.enums import AuditAction
from cases.lifecycle import Action


class Note(StrEnum):
    """A change to a case that is no step of the lifecycle."""

    CREATED = "created"
    TRIAGED = "triaged"
    TRIAGE_CONFIRMED = "triage_confirmed"
    STAGE_ACKNOWLEDGED = "stage_acknowledged"  # a later stage, under the Complaint Handling Code
    FLAGGED = "flagged"
    # words in a message read as a threat to a member of staff: flagged, and the team's
    # manager told (cases.staff_threat)
    STAFF_THREAT = "staff_threat"
    EVENT_DATE = "event_date"  # staff gave the day of the event or of awareness of it
    ATTENTION_CLEARED = "attention_cleared"  # a member of staff looked, and said why it is done
    REASON_FOR_DELAY = "reason_for_delay"
    SNOOZED = "snoozed"
    LEARNING_IDENTIFIED = "learning_identified"
    LEARNING_UPDATED = "learning_updated"
    EXAMPLE_CHOSEN = "example_chosen"  # staff chose the case as an example for the report
    EXAMPLE_REMOVED = "example_removed"
    COST = "cost"
    ADVOCACY = "advocacy"
    LGSCO_RECOMMENDATION = "lgsco_recommendation"
    LGSCO_REPLIED = "lgsco_replied"  # the council replied to the Ombudsman's enquiry
    NOTE_ADDED = "note_added"  # an internal note on the case
    CONTACT_LOGGED = "contact_logged"  # a phone call, letter or visit about the case, logged
    LETTERS_BY = "letters_by"  # how the complainant gets letters: by post, or as before
    # staff corrected the complainant's name, email or phone (casework.complainant_rules)
    COMPLAINANT_CORRECTED = "complainant_corrected"
    DELIVERY_RECEIPT = "delivery_receipt"  # GOV.UK Notify says whether a letter arrived
    PANEL_ARRANGED = "panel_arranged"  # the stage 3 review panel's date is set (a letter says so)
    REPORT_ATTACHED = "report_attached"  # stage 2: the investigating officer's or IP's report


ChangeAction = Action | Note


# What a member of staff did, as a person would say it: the line under a Slack card
# ("<@U1> extended the deadline", not "<@U1> extend") and the web case page's audit trail
# ("added a case note", not "note_added"); a change not listed is said by its name.
DONE: dict[str, str] = {  # keyed by ChangeAction, whose members are their values
    Action.CONFIRM_TRIAGE: "confirmed triage",
    Action.NOT_LOG: "recorded that it is not logged",
    Action.ACKNOWLEDGE: "acknowledged the complaint",
    Action.ASSIGN: "assigned the case",
    Action.EXTEND: "extended the deadline",
    Action.RESPOND: "recorded the response",
    Action.ESCALATE: "escalated the complaint to its next stage",
    Action.PANEL_HELD: "recorded the review panel",
    Action.CHAIR_REPORT: "recorded the panel chair's report",
    Action.CLOSE: "closed the case",
    Action.WITHDRAW: "recorded that the complaint was withdrawn",
    Action.LGSCO_RECEIVED: "recorded the Ombudsman's enquiry",
    Action.LGSCO_DECIDED: "recorded the Ombudsman's decision",
    Action.REOPEN: "reopened the case",
    Action.PAUSE: "paused the case",
    Action.RESUME: "resumed the case",
    Note.TRIAGE_CONFIRMED: "confirmed triage",
    Note.STAGE_ACKNOWLEDGED: "acknowledged the stage",
    Note.EVENT_DATE: "recorded the event or awareness date",
    Note.ATTENTION_CLEARED: "cleared the call for a person to look",
    Note.REASON_FOR_DELAY: "recorded the reason for delay",
    Note.SNOOZED: "set a reminder",
    Note.LEARNING_IDENTIFIED: "recorded a learning action",
    Note.LEARNING_UPDATED: "updated a learning action",
    Note.EXAMPLE_CHOSEN: "chose the case as an example for the annual report",
    Note.EXAMPLE_REMOVED: "took the case out of the annual report's examples",
    Note.COST: "recorded a cost",
    Note.ADVOCACY: "recorded advocacy",
    Note.LGSCO_RECOMMENDATION: "recorded the Ombudsman's recommendation",
    Note.LGSCO_REPLIED: "recorded the reply to the Ombudsman",
    Note.NOTE_ADDED: "added a case note",
    Note.CONTACT_LOGGED: "logged a contact",
    Note.LETTERS_BY: "changed how the complainant gets letters",
    Note.COMPLAINANT_CORRECTED: "corrected the complainant's details",
    Note.PANEL_ARRANGED: "arranged the review panel",
    Note.REPORT_ATTACHED: "attached a stage 2 report",
    Note.CREATED: "logged the case",
    Note.TRIAGED: "proposed the triage",
    Note.FLAGGED: "flagged the case for a person to look",
    Note.STAFF_THREAT: "flagged a threat to a member of staff in a message",
    Note.DELIVERY_RECEIPT: "said whether a letter arrived",  # by GOV.UK Notify
}

# What the audit log records besides changes (cases.enums.AuditAction), as a case's trail says
# it at every door: "received a message", not "correspondence_received".
RECORDED: dict[str, str] = {
    AuditAction.CORRESPONDENCE_RECEIVED: "received a message",
    AuditAction.CORRESPONDENCE_READ: "read the message in full",
    AuditAction.CORRESPONDENCE_QUARANTINED: "set a message aside unread (quarantined)",
    AuditAction.NO_ACKNOWLEDGEMENT: "sent no automatic acknowledgement",
    AuditAction.MASH_REFERRAL: "referred the contact to the MASH",
    AuditAction.TRIAGE_CORRECTED: "corrected the triage",
    AuditAction.REFUSED: "was refused an action",
    AuditAction.IMPORTED: "imported the case",
    AuditAction.REIMPORTED: "imported the case again",
    AuditAction.DEMO_SEEDED: "made the case up as demo data",
    AuditAction.CASE_VIEWED: "opened the case",
    AuditAction.CASE_SUMMARY_VIEWED: "saw the case's summary",
    AuditAction.CASES_SEARCHED: "searched the cases",
    AuditAction.ATTACHMENT_DOWNLOADED: "downloaded an attachment",
    AuditAction.REPORT_DOWNLOADED: "downloaded a stage 2 report",
    AuditAction.CASES_EXPORTED: "exported cases",
    AuditAction.CASES_REPORTED: "listed the case in a report",
    AuditAction.SUBJECT_ACCESS_EXPORTED: "exported the records for a subject access request",
    AuditAction.STAFF_ACTIVITY_READ: "read a member of staff's activity",
    AuditAction.ANONYMISED: "removed personal data under the retention schedule",
    AuditAction.LEGAL_HOLD: "put the case under legal hold",
    AuditAction.LEGAL_HOLD_RELEASED: "ended the legal hold",
    AuditAction.RETENTION_REVIEWED: "reviewed the case before its personal data goes",
    AuditAction.CLOCK_STOPPED: "stopped the subject access clock",
    AuditAction.CLOCK_RESTARTED: "restarted the subject access clock",
    AuditAction.EXTENDED_COMPLEX: "extended the subject access request as complex",
}


# What the same entry says when a member of staff made it, not heard on its own: Change triage
# records the triage it applies as heard's own run does (Note.TRIAGED), and the thread read
# "<@UOFFICER> proposed the triage" (walkerJ).
DONE_BY_STAFF: dict[str, str] = {
    Note.TRIAGED: "changed the triage",
}


def done_words(action: str, *, by_staff: bool = False) -> str:
    """An audit entry's action as staff read it, at every door (the web trail, Slack's thread
    lines, `heard cases show`); an action named nowhere here is said by its name."""
    if by_staff and action in DONE_BY_STAFF:
        return DONE_BY_STAFF[action]
    return DONE.get(action) or RECORDED.get(action) or action.replace("_", " ")
