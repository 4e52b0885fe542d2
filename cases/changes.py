"""What a change to a case is called: in its audit entry, and to the listeners (cards, letters,
reminders) that hear of it. A lifecycle step is named by its `Action`; every other change by a
`Note`. What the audit log records besides changes is `cases.enums.AuditAction`."""

from __future__ import annotations

from enum import StrEnum

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
    DELIVERY_RECEIPT = "delivery_receipt"  # GOV.UK Notify says whether a letter arrived
    PANEL_ARRANGED = "panel_arranged"  # the stage 3 review panel's date is set (a letter says so)
    REPORT_ATTACHED = "report_attached"  # stage 2: the investigating officer's or IP's report


ChangeAction = Action | Note
