"""The words of every chaser, in one place. References, stages and teams only: no names and no
complaint text, because chasers go to Slack channels and mailboxes."""

from __future__ import annotations

from datetime import date

from cases.day_words import long_day, working_days
from scheduler.rules import ReminderKind

_TEXTS: dict[ReminderKind, str] = {
    ReminderKind.ACKNOWLEDGEMENT_LATE: "{reference} has not been acknowledged: it was due by {due}.",
    ReminderKind.DUE_SOON: "{reference}: the {what} is due on {due} ({days}).",
    ReminderKind.DUE_TODAY: "{reference}: the {what} is due today, {due}.",
    ReminderKind.OVERDUE: "{reference} is overdue: the {what} was due on {due}, {overdue} ago.",
    ReminderKind.REASON_FOR_DELAY: "{reference}: the {what} was due on {due}. Please record the reason for the delay.",
    ReminderKind.EXTENSION_AT_MAXIMUM: "{reference}: the {what} is extended to {due}, the statutory maximum. It cannot be "
    "extended again.",
    ReminderKind.ESCALATION_WINDOW_CLOSING: "{reference}: the complainant's window to ask for the next stage closes on {due}.",
    ReminderKind.PANEL_NOT_ARRANGED: "{reference}: the stage 3 review panel has not been arranged and must meet by {due} "
    "({days}). Arrange it, so that the complainant is told its date and that they may bring an advocate.",
}
_WHAT = {
    "informal": "informal response",
    "statutory_1": "stage 1 response",
    "statutory_2": "stage 2 investigation",
    "stage_3_panel": "stage 3 review panel",
    "panel_report": "panel chair's report",
    "council_response": "council's response to the panel",
    "corporate_1": "corporate stage 1 response",
    "corporate_2": "corporate stage 2 response",
    "lgsco_response": "response to the Ombudsman",
    "acknowledgement": "acknowledgement",
    "stage_2_request": "stage 2 request window",
    "stage_3_request": "stage 3 request window",
    "corporate_2_request": "corporate stage 2 request window",
    "subject_access": "answer to the subject access request",
    "data_protection_acknowledgement": "acknowledgement of the data protection complaint",
}


def chaser_text(
    *,
    kind: ReminderKind,
    reference: str,
    rule: str,
    due: date,
    today: date,
    working_days_to_due: int,
) -> str:
    return _TEXTS[kind].format(
        reference=reference,
        what=_WHAT.get(rule, rule.replace("_", " ")),
        due=long_day(due),
        days=working_days(max(working_days_to_due, 0)),
        overdue=working_days(max(-working_days_to_due, 0)),
    )


def chaser_subject(*, kind: ReminderKind, reference: str) -> str:
    words = {
        ReminderKind.OVERDUE: "Overdue",
        ReminderKind.DUE_TODAY: "Due today",
        ReminderKind.DUE_SOON: "Due soon",
        ReminderKind.ACKNOWLEDGEMENT_LATE: "Not acknowledged",
        ReminderKind.REASON_FOR_DELAY: "Reason for delay needed",
        ReminderKind.EXTENSION_AT_MAXIMUM: "At the statutory maximum",
        ReminderKind.ESCALATION_WINDOW_CLOSING: "Escalation window closing",
        ReminderKind.PANEL_NOT_ARRANGED: "Review panel not arranged",
    }
    return f"[heard] {words[kind]}: {reference}"
