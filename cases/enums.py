"""Every closed list in docs/domain.md, as an enum.

Values are the strings stored in the database and shown in exports, so they are stable
snake_case identifiers; `label` gives the wording a complaints team would print.
"""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A StrEnum whose members print as the words used in the annual reports."""

    @property
    def label(self) -> str:
        return _LABELS.get(self.value, self.value.replace("_", " ").capitalize())


class RecordKind(Labelled):
    COMPLAINT = "complaint"
    PRE_COMPLAINT = "pre_complaint"
    PROFESSIONAL_COMPLAINT = "professional_complaint"
    ENQUIRY = "enquiry"
    COMMENT = "comment"
    COMPLIMENT = "compliment"
    LGSCO_ENQUIRY = "lgsco_enquiry"
    # Data protection (issue 27): cases/data_protection.py has their clocks.
    SUBJECT_ACCESS_REQUEST = "subject_access_request"
    DATA_PROTECTION_COMPLAINT = "data_protection_complaint"


class Route(Labelled):
    """Which procedure a complaint follows: the 2006 Regulations, the council's own, or none."""

    STATUTORY = "statutory"
    CORPORATE = "corporate"
    NOT_LOGGED = "not_logged"
    NONE = "none"  # compliments, comments, enquiries: no complaints procedure applies


class Channel(Labelled):
    EMAIL = "email"
    WEB_FORM = "web_form"
    TELEPHONE = "telephone"
    LETTER = "letter"
    IN_PERSON = "in_person"
    SLACK = "slack"
    UNKNOWN = "unknown"  # not recorded: cases imported from a spreadsheet without the column


class CaseStatus(Labelled):
    """Where a case stands. Triage and acknowledgement are recorded as timestamps on the case,
    not as statuses, because a council may acknowledge before or after triage is confirmed."""

    RECEIVED = "received"  # logged, awaiting triage
    OPEN = "open"  # a stage is running and awaits its response
    RESPONDED = "responded"  # the stage is answered; the escalation window is open
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    NOT_LOGGED = "not_logged"


class StageKind(Labelled):
    INFORMAL = "informal"
    STATUTORY_1 = "statutory_1"
    STATUTORY_2 = "statutory_2"
    STATUTORY_3 = "statutory_3"
    CORPORATE_1 = "corporate_1"
    CORPORATE_2 = "corporate_2"


class ComplainantType(Labelled):
    CHILD_IN_NEED = "child_in_need"
    LOOKED_AFTER_CHILD = "looked_after_child"
    CARE_LEAVER = "care_leaver"
    PARENT = "parent"
    PARENTAL_RESPONSIBILITY = "parental_responsibility"
    FOSTER_CARER = "foster_carer"
    SPECIAL_GUARDIAN = "special_guardian"
    SPECIAL_GUARDIANSHIP_APPLICANT = "special_guardianship_applicant"
    ADOPTION_APPLICANT = "adoption_applicant"
    CHILD_WHO_MAY_BE_ADOPTED = "child_who_may_be_adopted"
    ADOPTION_SERVICES_USER = "adoption_services_user"
    ADOPTED_PERSON = "adopted_person"
    ADOPTIVE_OR_BIRTH_PARENT = "adoptive_or_birth_parent"
    ADVOCATE = "advocate"
    SUFFICIENT_INTEREST = "sufficient_interest"
    RELATIVE = "relative"  # family member whose standing must be accepted by the council
    PROFESSIONAL = "professional"
    MP_OR_COUNCILLOR = "mp_or_councillor"
    OTHER = "other"
    UNKNOWN = "unknown"


class NotLoggedReason(Labelled):
    COURT_RELATED = "court_related"
    INSUFFICIENT_INTEREST = "insufficient_interest"
    ALTERNATIVE_PROCESS = "alternative_process"
    GENERAL_ENQUIRY = "general_enquiry"
    OUT_OF_TIME = "out_of_time"
    OUT_OF_JURISDICTION = "out_of_jurisdiction"
    CONSENT_NOT_GAINED = "consent_not_gained"
    S47_CHILD_PROTECTION = "s47_child_protection"
    SAFEGUARDING_REFERRAL = "safeguarding_referral"
    OTHER = "other"


class IssueCategory(Labelled):
    COMMUNICATION = "communication"
    QUALITY_OF_SERVICE = "quality_of_service"
    STAFF_CONDUCT = "staff_conduct"
    DELAYED_OR_FAILED_SERVICE = "delayed_or_failed_service"
    DENIAL_OR_WITHDRAWAL_OF_SERVICE = "denial_or_withdrawal_of_service"
    BROKEN_PROMISE = "broken_promise"
    DECISION_DISPUTED = "decision_disputed"
    POLICY_PROCEDURE = "policy_procedure"
    DATA_PROTECTION = "data_protection"
    FINANCIAL = "financial"
    OTHER = "other"


class Outcome(Labelled):
    UPHELD = "upheld"
    PARTIALLY_UPHELD = "partially_upheld"
    NOT_UPHELD = "not_upheld"
    INCONCLUSIVE = "inconclusive"
    WITHDRAWN = "withdrawn"
    RESOLVED_EARLY = "resolved_early"
    NOT_APPLICABLE = "not_applicable"


class Timeliness(Labelled):
    IN_TIME = "in_time"
    IN_EXTENDED_TIME = "in_extended_time"
    LATE = "late"


class DeadlineRule(StrEnum):
    """Which clock a deadline row runs (cases.timescales says how long each is)."""

    ACKNOWLEDGEMENT = "acknowledgement"
    INFORMAL = "informal"
    STATUTORY_1 = "statutory_1"
    STAGE_2_REQUEST = "stage_2_request"
    STATUTORY_2 = "statutory_2"
    STAGE_3_REQUEST = "stage_3_request"
    STAGE_3_PANEL = "stage_3_panel"
    PANEL_REPORT = "panel_report"
    COUNCIL_RESPONSE = "council_response"
    CORPORATE_1 = "corporate_1"
    CORPORATE_2 = "corporate_2"
    CORPORATE_2_REQUEST = "corporate_2_request"
    LGSCO_RESPONSE = "lgsco_response"
    # The corporate procedure under the Ombudsman's Complaint Handling Code: each stage is
    # acknowledged by its own clock, and its answer is timed from the acknowledgement (the
    # answer's clock is still the stage's, corporate_1 or corporate_2, so reports, reminders
    # and letters read it as before; code_corporate_1/2 name the timescale it runs to).
    CODE_ACKNOWLEDGEMENT = "code_acknowledgement"
    CODE_CORPORATE_1 = "code_corporate_1"
    CODE_CORPORATE_2 = "code_corporate_2"
    SUBJECT_ACCESS = "subject_access"  # one month; three if complex; stopped while waiting
    DATA_PROTECTION_ACKNOWLEDGEMENT = "data_protection_acknowledgement"  # 30 days


class RemedyKind(Labelled):
    APOLOGY = "apology"
    EXPLANATION = "explanation"
    SERVICE_PROVIDED = "service_provided"
    FINANCIAL = "financial"  # with an amount
    PRACTICE_CHANGE = "practice_change"
    NO_REMEDY_REQUIRED = "no_remedy_required"
    # Older names kept so rows written before casework (0004) still read.
    ACTION_TAKEN = "action_taken"
    SERVICE_CHANGE = "service_change"


class LearningStatus(Labelled):
    IDENTIFIED = "identified"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    NOT_IMPLEMENTED = "not_implemented"  # with why
    PLANNED = "planned"  # older name for in progress, kept for rows written before 0004


class LearningSource(Labelled):
    """Where a learning action was identified: a stage's response or the Ombudsman."""

    STAGE = "stage"
    OMBUDSMAN = "ombudsman"


class CostKind(Labelled):
    COMPENSATION = "compensation"
    INDEPENDENT_INVESTIGATOR = "independent_investigator"
    INDEPENDENT_PERSON = "independent_person"
    PANEL_MEMBERS = "panel_members"
    LGSCO_REMEDY = "lgsco_remedy"
    OTHER = "other"


class LgscoDecision(Labelled):
    """The Ombudsman's finding (the `--finding` of `heard case REF lgsco-decision`)."""

    UPHELD_WITH_INJUSTICE = "upheld_with_injustice"
    UPHELD_NO_FURTHER_ACTION = "upheld_no_further_action"
    NOT_UPHELD = "not_upheld"
    CLOSED_AFTER_INITIAL_ENQUIRIES = "closed_after_initial_enquiries"
    # Referred back for local resolution: the complaint returns to the stage the complainant had
    # not finished (cases.procedure.premature_return_stage), not necessarily stage 1.
    PREMATURE = "premature"
    NOT_INVESTIGATED = "not_investigated"  # with the Ombudsman's reason
    # Finer findings some councils record; kept for rows written before 0004.
    OUT_OF_JURISDICTION = "out_of_jurisdiction"
    DISCRETION_NOT_TO_INVESTIGATE = "discretion_not_to_investigate"
    UPHELD_WITHOUT_INJUSTICE = "upheld_without_injustice"


class RecommendationStatus(Labelled):
    """An Ombudsman recommendation the council must carry out by a date."""

    OUTSTANDING = "outstanding"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"


class ReportKind(Labelled):
    """The two reports a statutory stage 2 is decided on (Getting the Best from Complaints): the
    investigating officer's and the independent person's; the complainant is entitled to both."""

    INVESTIGATING_OFFICER = "io"
    INDEPENDENT_PERSON = "ip"


class PauseReason(Labelled):
    """Why a complaint is put on hold (Regulation 8: other proceedings would be prejudiced)."""

    LEGAL_PROCEEDINGS = "legal_proceedings"
    POLICE_INVESTIGATION = "police_investigation"


class AdvocacyStatus(Labelled):
    OFFERED = "offered"
    TAKEN_UP = "taken_up"
    DECLINED = "declined"


class ComplimentSource(Labelled):
    SERVICE_USER = "service_user"
    PARENT = "parent"
    CARER = "carer"
    PROFESSIONAL = "professional"
    IRO = "iro"
    OTHER = "other"


class Direction(Labelled):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
    INTERNAL = "internal"  # notes and calls logged by staff


class AuditAction(StrEnum):
    """What the audit log records besides the changes casework makes to a case
    (cases.changes.ChangeAction): mail filed and read, letters not sent, referrals, refusals,
    corrections, imports, and every read of a case (store/reads.py)."""

    CORRESPONDENCE_RECEIVED = "correspondence_received"
    CORRESPONDENCE_READ = "correspondence_read"
    CORRESPONDENCE_QUARANTINED = "correspondence_quarantined"
    NO_ACKNOWLEDGEMENT = "no_acknowledgement"
    MASH_REFERRAL = "mash_referral"
    TRIAGE_CORRECTED = "triage_corrected"
    REFUSED = "refused"
    IMPORTED = "imported"
    REIMPORTED = "reimported"
    DEMO_SEEDED = "demo_seeded"
    CASE_VIEWED = "case viewed"
    # its summary only (`heard cases show --json`, Slack's /complaint find): no message, so the
    # case stays in the reading queue
    CASE_SUMMARY_VIEWED = "case summary viewed"
    CASES_SEARCHED = "cases searched"
    ATTACHMENT_DOWNLOADED = "attachment downloaded"
    REPORT_DOWNLOADED = "report downloaded"  # a stage 2 investigating officer's or IP's report
    CASES_EXPORTED = "cases exported"
    CASES_REPORTED = "cases reported"  # a report's appendix listed them (`heard report`)
    SUBJECT_ACCESS_EXPORTED = "subject access exported"
    # `heard audit staff --by`: whose trail was read, by whom, when (names no single case)
    STAFF_ACTIVITY_READ = "staff activity read"
    ANONYMISED = "anonymised"  # personal data removed under the retention schedule
    LEGAL_HOLD = "legal hold"
    LEGAL_HOLD_RELEASED = "legal hold released"
    RETENTION_REVIEWED = "retention reviewed"  # a flagged case reviewed before removal
    CLOCK_STOPPED = "clock stopped"  # a subject access request waits for identity or clarity
    CLOCK_RESTARTED = "clock restarted"
    EXTENDED_COMPLEX = "extended as complex"  # a subject access request: three months


class OutboxKind(Labelled):
    EMAIL = "email"
    TEXT_MESSAGE = "text_message"  # through GOV.UK Notify, to a complainant with only a phone
    POSTAL_LETTER = "postal_letter"  # through GOV.UK Notify, when staff chose post
    SLACK_POST = "slack_post"
    SLACK_UPDATE = "slack_update"


class OutboxPurpose(Labelled):
    """Why heard sends a message from the outbox (OutboxKind says how)."""

    ACKNOWLEDGEMENT = "acknowledgement"  # the first reply to a new contact: a few a day a sender
    LETTER = "letter"  # to a complainant as their case moves
    CARD = "card"  # a case's Slack card, posted or updated in place
    THREAD_REPLY = "thread_reply"  # who did what, under a case's card
    FLOOD_NOTICE = "flood_notice"  # cards held back from one sender, summarised
    MASH_REFERRAL = "mash_referral"
    CHASER = "chaser"  # a reminder of a deadline, by email and Slack
    DIGEST = "digest"  # the weekly director digest
    STAFF_ALERT = "staff_alert"  # a threat to a member of staff, told to the team's manager


class OutboxStatus(Labelled):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt; shown to staff


class Role(Labelled):
    COMPLAINTS_OFFICER = "complaints_officer"
    TEAM_MANAGER = "team_manager"
    SERVICE_MANAGER = "service_manager"
    DIRECTOR = "director"
    READ_ONLY = "read_only"


def label_of(value: object) -> str:
    """The printed words for an enum member or a plain string value (categories and
    complainant types are configurable strings)."""
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    text = str(value)
    return _LABELS.get(text, text.replace("_", " ").capitalize())


_LABELS: dict[str, str] = {
    "io": "Investigating officer's report",
    "ip": "Independent person's report",
    "lgsco_enquiry": "LGSCO enquiry",
    "lgsco_response": "Reply to the Ombudsman",  # the council's reply to an enquiry (a deadline)
    "lgsco_remedy": "The Ombudsman's remedy",  # a cost (it read "Lgsco remedy" on the form)
    "s47_child_protection": "S47 child protection",
    "statutory_1": "Statutory stage 1",
    "statutory_2": "Statutory stage 2",
    "statutory_3": "Statutory stage 3",
    "corporate_1": "Corporate stage 1",
    "corporate_2": "Corporate stage 2",
    "iro": "IRO",
    "mp_or_councillor": "MP or councillor",
    "staff_conduct": "Staff conduct/attitude",
    "decision_disputed": "Decision/assessment disputed",
    "policy_procedure": "Policy/procedure",
    "pre_complaint": "Pre-complaint",
    "in_person": "In person",
    "web_form": "Web form",
    "upheld_with_injustice": "Upheld with injustice",
    "upheld_no_further_action": "Upheld, no further action",
    "ombudsman": "Ombudsman",
    "no_remedy_required": "No remedy required",
}
