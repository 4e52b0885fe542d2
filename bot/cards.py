"""The case card: Block Kit built from an allow-listed view of a case, never from the case row.

`CaseCard` holds only what may go to a channel: reference, kinds, dates, teams, flags and the
council's own triage reasons. Names, addresses and complaint text are not fields here, so they
cannot reach a card by accident; "View details" opens them in a modal for staff with a role.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from bot import ids
from bot.mrkdwn import BUTTON_TEXT, HEADER_TEXT, plain, safe
from cases.day_words import long_date, long_day
from org.addresses import SLACK_USER

CARD_FIELDS = frozenset(
    {
        "reference",
        "record_kind",
        "route",
        "status",
        "stage",
        "teams",
        "received_on",
        "acknowledged",
        "ack_due",
        "stage_due",
        "working_days_left",
        "reasons",
        "safeguarding",
        "advocacy_offer",
        "needs_attention",
        "assignee",
        "not_logged_reason",
        "extended_to",
        "allowed",
        "subject",
        "unsure",
        "finished",
        "threat_to_staff",
        "time_limit",
        "advocacy",
        "panel_timing",
        "due_what",
        "family_window",
    }
)


@dataclass(frozen=True)
class CaseCard:
    reference: str
    record_kind: str
    route: str
    status: str
    stage: str | None
    teams: tuple[tuple[str, str], ...]  # (team name, category label)
    received_on: date
    acknowledged: bool
    ack_due: date | None
    stage_due: date | None
    working_days_left: int | None
    reasons: tuple[tuple[str, str], ...]  # (rule id, council's reason text)
    safeguarding: bool
    advocacy_offer: bool
    needs_attention: bool
    assignee: str | None
    not_logged_reason: str | None = None
    extended_to: date | None = None
    allowed: frozenset[str] = frozenset()  # action ids the lifecycle allows now
    # Only with HEARD_SLACK_SHOW_DETAILS_IN_PRIVATE_CHANNELS, for a private triage channel.
    subject: str | None = None
    # Why triage is unsure of its proposal, while staff have not confirmed it (the rule
    # file's words: team and category names, never the complaint's).
    unsure: tuple[str, ...] = ()
    finished: bool = False  # closed or withdrawn: no assigning, only what may still come
    # a message read as a threat to a member of staff (cases.staff_threat): said on the card
    # in heard's words; the words that fired stay on the case page
    threat_to_staff: bool = False
    # over the 12-month limit, in heard's words (cases.triage_notes.OUT_OF_TIME_NOTE)
    time_limit: str | None = None
    # what came of the advocacy offer once staff recorded it (AdvocacyStatus.label): the card
    # no longer asks for an offer made already (walkerJ: "Offer an advocate" after it was taken up)
    advocacy: str | None = None
    # a stage 3 panel outside its 30 working days, or not arranged by then, in heard's words
    # (casework.stage_three.panel_timing: the web case page and `heard cases show` say the same)
    panel_timing: str | None = None
    # what `stage_due` is the day for: a stage's response, or at stage 3 the step before it
    # (the card said "Response due" for the review panel's deadline)
    due_what: str = "Response"
    # the family's time to ask for the next stage, in cases.deadline_standing's words: not a
    # response due (it read "Response due 12 May 2026 (overdue)" after stage 1 was answered)
    family_window: str | None = None


assert {field.name for field in fields(CaseCard)} == CARD_FIELDS, "card fields are allow-listed"


def case_card_blocks(card: CaseCard) -> list[dict[str, Any]]:
    flags = []
    if card.safeguarding:
        flags.append(
            ":rotating_light: *Safeguarding referral sent to the MASH* "
            "(what was disclosed goes to the MASH only)"
        )
    if card.unsure:
        flags.append(
            ":grey_question: *Triage is unsure:* "
            + "; ".join(safe(reason, 300) for reason in card.unsure[:5])
            + ". Confirm or change triage."
        )
    if card.time_limit:
        flags.append(f":hourglass: {card.time_limit}.")
    if card.panel_timing:
        flags.append(f":calendar: *{card.panel_timing}.*")
    if card.advocacy:
        flags.append(f":raising_hand: Advocacy {card.advocacy.lower()}")
    elif card.advocacy_offer:
        flags.append(":raising_hand: Offer an advocate (child or young person)")
    if card.needs_attention and card.threat_to_staff:
        flags.append(
            ":warning: *Needs a person to look: a message reads as a threat to a member of "
            "staff.* The team's manager has been told; the words are on the case page."
        )
    elif card.needs_attention:
        flags.append(":warning: Needs a person to look")
    due = []
    if card.ack_due and not card.acknowledged:
        due.append(f"Acknowledge by {long_day(card.ack_due)}")
    if card.family_window:
        due.append(card.family_window)
    elif card.stage_due:
        left = card.working_days_left
        when = (
            "overdue"
            if left is not None and left < 0
            else f"{left} working days left"
            if left is not None
            else ""
        )
        due.append(
            f"{card.due_what} due {long_day(card.stage_due)}" + (f" ({when})" if when else "")
        )
    if card.extended_to:
        due.append(f"extended to {long_date(card.extended_to)}")
    teams = ", ".join(f"{safe(team, 200)} ({safe(category, 100)})" for team, category in card.teams)
    lines = [
        f"*{safe(card.record_kind, 100)}* · route *{safe(card.route, 100)}*"
        + (f" ({safe(card.not_logged_reason, 100)})" if card.not_logged_reason else "")
        + f" · status *{safe(card.status, 50)}*"
        + (f" · {safe(card.stage, 50)}" if card.stage else ""),
        f"Received {long_day(card.received_on)}"
        + (" · acknowledged" if card.acknowledged else ""),
    ]
    if teams:
        lines.append(f"Teams: {teams}")
    if due:
        lines.append(" · ".join(due))
    if card.assignee and SLACK_USER.fullmatch(card.assignee):
        lines.append(f"Held by <@{card.assignee}>")  # a Slack user id: Slack shows the name
    elif card.assignee:
        lines.append(f"Held by {safe(card.assignee, 80)}")  # a member of staff not in Slack
    else:
        lines.append("Not assigned yet")
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain(f"Case {card.reference}", HEADER_TEXT)},
        # every piece from outside was escaped above; the rest is our own mrkdwn
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:3000]}},
    ]
    if card.subject:
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"Subject: {safe(card.subject, 2900)}"}],
            }
        )
    if flags:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(flags)}})
    if card.reasons:
        reasons = "\n".join(
            f"• {safe(reason, 300)} _({safe(rule, 60)})_" for rule, reason in card.reasons[:10]
        )
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": safe("Why heard proposed this:", 100) + "\n" + reasons,
                    }
                ],
            }
        )
    blocks.extend(_actions(card))
    return blocks


# Buttons that end a case in one click ask first: a slip of the mouse must not withdraw or
# close a complaint (Slack shows this dialog before it sends the click).
_ASK_FIRST = {
    ids.WITHDRAW: (
        "Withdraw {ref}?",
        "Only if the complainant has withdrawn the complaint. Its deadlines and reminders stop.",
        "Withdraw",
    ),
    ids.CLOSE: ("Close {ref}?", "The case is finished with and leaves the open lists.", "Close"),
}


def _button(
    action_id: str, text: str, reference: str, style: str | None = None
) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "value": reference,
        "text": plain(text, BUTTON_TEXT),
    }
    if style:
        button["style"] = style
    if action_id in _ASK_FIRST:
        title, body, yes = _ASK_FIRST[action_id]
        button["confirm"] = {
            "title": plain(title.format(ref=reference), 100),
            "text": plain(body, 300),
            "confirm": plain(yes, 30),
            "deny": plain("Cancel", 30),
            **({"style": "danger"} if style == "danger" else {}),
        }
    return button


def _actions(card: CaseCard) -> list[dict[str, Any]]:
    wanted = [
        (ids.ACKNOWLEDGE, "Acknowledge", "primary"),
        (ids.ACKNOWLEDGE_STAGE, "Acknowledge the stage", "primary"),
        (ids.CONFIRM_TRIAGE, "Confirm triage", None),
        (ids.CHANGE_TRIAGE, "Change triage", None),
        (ids.EXTEND, "Extend", None),
        (ids.RESPOND, "Record response", None),
        (ids.ESCALATE, "Escalate", None),
        (ids.PANEL_ARRANGED, "Arrange panel", None),
        (ids.PANEL_HELD, "Panel held", None),
        (ids.CHAIR_REPORT, "Chair's report in", None),
        (ids.LGSCO_RECEIVED, "LGSCO enquiry received", None),
        (ids.LGSCO_REPLIED, "Replied to the Ombudsman", None),
        (ids.LGSCO_DECISION, "Ombudsman's decision", None),
        (ids.UPDATE_RECOMMENDATION, "Ombudsman recommendation…", None),
        (ids.EVENT_DATE, "Event date", None),
        (ids.LETTERS_BY, "Letters by…", None),
        (ids.CORRECT_COMPLAINANT, "Correct details…", None),
        (ids.RESUME, "Resume", "primary"),
        (ids.CLOSE, "Close", None),
        (ids.WITHDRAW, "Withdraw", "danger"),
        (ids.REOPEN, "Reopen…", None),
    ]
    buttons = [
        _button(action, text, card.reference, style)
        for action, text, style in wanted
        if action in card.allowed
    ]
    buttons.append(_button(ids.VIEW_DETAILS, "View details", card.reference))
    assign = {
        "type": "users_select",
        "action_id": ids.ASSIGN,
        "placeholder": plain("Assign to…", 150),
    }
    if card.assignee and SLACK_USER.fullmatch(card.assignee):
        assign["initial_user"] = card.assignee
    elements = [*buttons] if card.finished else [*buttons, assign]
    more = _more(card)
    if more:
        elements.append(more)
    return [
        {
            "type": "actions",
            "block_id": f"case_actions_{start}",
            "elements": elements[start : start + 5],
        }
        for start in range(0, len(elements), 5)
    ]


# The card's More menu: less frequent actions, so the buttons stay few. Slack allows 5 options.
_MORE = [
    (ids.PAUSE, "Pause…"),
    (ids.ADD_LEARNING, "Add a learning action…"),
    (ids.UPDATE_LEARNING, "Update a learning action…"),
    (ids.ADVOCACY, "Record advocacy or the advocate…"),
    (ids.CLEAR_ATTENTION, "Looked at: clear the flag…"),
]


def _more(card: CaseCard) -> dict[str, Any] | None:
    """An overflow menu; each option's value is "ACTION_ID REFERENCE" (an overflow has no
    value of its own), read back by bot/actions/more.py."""
    options = [
        {"text": plain(text, BUTTON_TEXT), "value": f"{action} {card.reference}"}
        for action, text in _MORE
        if action in card.allowed
    ]
    if not options:
        return None
    return {"type": "overflow", "action_id": ids.MORE, "options": options[:5]}
