"""Action, view and command ids: one place, so builders and listeners always agree."""

ACKNOWLEDGE = "case_acknowledge"
# A later stage under the Complaint Handling Code is acknowledged again (casework/acknowledgement)
ACKNOWLEDGE_STAGE = "case_acknowledge_stage"
ASSIGN = "case_assign"
CONFIRM_TRIAGE = "case_confirm_triage"
CHANGE_TRIAGE = "case_change_triage"
EXTEND = "case_extend"
RESPOND = "case_respond"
ESCALATE = "case_escalate"
WITHDRAW = "case_withdraw"
CLOSE = "case_close"
CLOSE_VIEW = "close_view"  # Close while the complainant may still ask (bot/modals/close.py)
VIEW_DETAILS = "case_view_details"

EXTEND_VIEW = "extend_view"
# A form or button whose change writes to the complainant shows the letter first (Send / Back):
# each has its own letter view, named <form>_preview_view (bot/modals/preview.py)
EXTEND_PREVIEW_VIEW = "extend_preview_view"
ESCALATE_PREVIEW_VIEW = "escalate_preview_view"
CHANGE_TRIAGE_PREVIEW_VIEW = "change_triage_preview_view"
PAUSE_PREVIEW_VIEW = "pause_preview_view"
RESUME_PREVIEW_VIEW = "resume_preview_view"
LGSCO_DECISION_PREVIEW_VIEW = "lgsco_decision_preview_view"
RESPOND_VIEW = "respond_view"
RESPOND_PREVIEW_VIEW = "respond_preview_view"  # the letter, Send / Back
LOG_CONTACT_VIEW = "log_contact_view"
CHANGE_TRIAGE_VIEW = "change_triage_view"

LOG_CONTACT_SHORTCUT = "log_contact"
COMMAND = "/complaint"

PANEL_HELD = "case_panel_held"
PANEL_ARRANGED = "case_panel_arranged"
CHAIR_REPORT = "case_chair_report"
LGSCO_RECEIVED = "case_lgsco_received"
LGSCO_REPLIED = "case_lgsco_replied"
REASON_FOR_DELAY_VIEW = "reason_for_delay_view"

# Permission names for chaser buttons (their action ids are the scheduler's, see actions/chaser.py)
SNOOZE_CHASER = "snooze_chaser"

# View details: paging inside the modal
DETAILS_NEXT = "case_details_next"
DETAILS_PREVIOUS = "case_details_previous"

# Pause, resume and the Ombudsman's decision (buttons), learning and advocacy (the "More" menu)
PAUSE = "case_pause"
RESUME = "case_resume"
LGSCO_DECISION = "case_lgsco_decision"
ADD_LEARNING = "case_add_learning"
UPDATE_LEARNING = "case_update_learning"
ADVOCACY = "case_advocacy"
CLEAR_ATTENTION = "case_clear_attention"
REOPEN = "case_reopen"
UPDATE_RECOMMENDATION = "case_update_recommendation"  # shown while one is not completed
EVENT_DATE = "case_event_date"
LETTERS_BY = "case_letters_by"  # a button, shown when letters can go by post (GOV.UK Notify)
CORRECT_COMPLAINANT = "case_correct_complainant"  # their name, email or phone
MORE = "case_more"  # the card's overflow menu; each option's value is "ACTION_ID REFERENCE"

PAUSE_VIEW = "pause_view"
RESUME_VIEW = "resume_view"
LGSCO_DECISION_VIEW = "lgsco_decision_view"
ADD_LEARNING_VIEW = "add_learning_view"
UPDATE_LEARNING_VIEW = "update_learning_view"
ADVOCACY_VIEW = "advocacy_view"
CLEAR_ATTENTION_VIEW = "clear_attention_view"
REOPEN_VIEW = "reopen_view"
UPDATE_RECOMMENDATION_VIEW = "update_recommendation_view"
EVENT_DATE_VIEW = "event_date_view"
LETTERS_BY_VIEW = "letters_by_view"
CORRECT_COMPLAINANT_VIEW = "correct_complainant_view"

# The modals the card's dated steps open: the date staff enter is the day it happened
ESCALATE_VIEW = "escalate_view"
PANEL_HELD_VIEW = "panel_held_view"
PANEL_ARRANGED_VIEW = "panel_arranged_view"
PANEL_ARRANGED_PREVIEW_VIEW = "panel_arranged_preview_view"  # the letter, Send / Back
CHAIR_REPORT_VIEW = "chair_report_view"
LGSCO_RECEIVED_VIEW = "lgsco_received_view"
LGSCO_REPLIED_VIEW = "lgsco_replied_view"
