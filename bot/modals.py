"""Modals and the parsing of what staff submit in them. Pure: no Slack calls, no database.

A parser returns either a typed result or `{block_id: message}` for `response_action: errors`,
so a mistake is shown next to the field instead of failing the action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot import ids
from bot.mrkdwn import MODAL_TITLE, OPTION_TEXT, plain, safe
from cases.enums import Channel, NotLoggedReason, Outcome, RecordKind, Route

Errors = dict[str, str]


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": plain(label, OPTION_TEXT), "value": value}


def _input(
    block_id: str, label: str, element: dict[str, Any], *, optional: bool = False
) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain(label, 2000),
        "element": element,
    }


def _select(action_id: str, options: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "type": "static_select",
        "action_id": action_id,
        "options": [_option(value, label) for value, label in options],
    }


def _modal(
    callback_id: str, title: str, blocks: list[dict[str, Any]], *, reference: str = ""
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": reference,
        "title": plain(title, MODAL_TITLE),
        "submit": plain("Save", 24),
        "close": plain("Cancel", 24),
        "blocks": blocks,
    }


def _value(values: dict[str, Any], block_id: str) -> Any:
    block = values.get(block_id) or {}
    return next(iter(block.values()), {}) if block else {}


# --- extend -------------------------------------------------------------------------------
def extend_modal(reference: str, *, current_due: date, maximum: date | None) -> dict[str, Any]:
    limit = f" The statutory maximum is {maximum:%a %-d %b %Y}." if maximum else ""
    return _modal(
        ids.EXTEND_VIEW,
        "Extend deadline",
        [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"Now due {current_due:%a %-d %b %Y}.{limit}"},
            },
            _input("new_due", "New due date", {"type": "datepicker", "action_id": "value"}),
            _input(
                "agreed_on",
                "Date the complainant agreed",
                {"type": "datepicker", "action_id": "value"},
                optional=True,
            ),
            _input(
                "reason",
                "Reason",
                {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": 1000,
                },
            ),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class ExtendInput:
    new_due: date
    agreed_on: date | None
    reason: str


def parse_extend(values: dict[str, Any]) -> ExtendInput | Errors:
    new_due = _date(_value(values, "new_due").get("selected_date"))
    agreed = _date(_value(values, "agreed_on").get("selected_date"))
    reason = (_value(values, "reason").get("value") or "").strip()
    errors: Errors = {}
    if new_due is None:
        errors["new_due"] = "Choose the new due date."
    if not reason:
        errors["reason"] = "Say why the extension is needed."
    if errors or new_due is None:
        return errors
    return ExtendInput(new_due, agreed, reason)


# --- response -------------------------------------------------------------------------------
OUTCOMES = [(outcome.value, outcome.label) for outcome in Outcome]


def respond_modal(reference: str, *, late: bool) -> dict[str, Any]:
    blocks = [
        _input("outcome", "Outcome", _select("value", OUTCOMES)),
        _input("responded_on", "Response sent on", {"type": "datepicker", "action_id": "value"}),
        _input(
            "manager_contact",
            "Did a manager call or meet the complainant?",
            _select("value", [("yes", "Yes"), ("no", "No")]),
        ),
        _input(
            "remedy",
            "Remedy (explanation, apology, action…)",
            {"type": "plain_text_input", "action_id": "value", "max_length": 1000},
            optional=True,
        ),
        _input(
            "compensation",
            "Compensation in pounds",
            {
                "type": "number_input",
                "action_id": "value",
                "is_decimal_allowed": True,
                "min_value": "0",
            },
            optional=True,
        ),
        _input(
            "learning",
            "Learning or service improvement",
            {
                "type": "plain_text_input",
                "action_id": "value",
                "multiline": True,
                "max_length": 2000,
            },
            optional=True,
        ),
    ]
    if late:
        blocks.append(
            _input(
                "reason_for_delay",
                "Reason for delay (the response is late)",
                {"type": "plain_text_input", "action_id": "value", "max_length": 1000},
            )
        )
    return _modal(ids.RESPOND_VIEW, "Record response", blocks, reference=reference)


@dataclass(frozen=True)
class RespondInput:
    outcome: Outcome
    responded_on: date
    manager_contacted: bool
    remedy: str | None
    compensation_pence: int | None
    learning: str | None
    reason_for_delay: str | None


def parse_respond(values: dict[str, Any]) -> RespondInput | Errors:
    errors: Errors = {}
    outcome = (_value(values, "outcome").get("selected_option") or {}).get("value")
    responded = _date(_value(values, "responded_on").get("selected_date"))
    contact = (_value(values, "manager_contact").get("selected_option") or {}).get("value")
    compensation_text = _value(values, "compensation").get("value")
    compensation = None
    if compensation_text:
        try:
            compensation = round(float(compensation_text) * 100)
        except ValueError:
            errors["compensation"] = "A sum in pounds, such as 250 or 99.50."
    if outcome not in Outcome._value2member_map_:
        errors["outcome"] = "Choose an outcome."
    if responded is None:
        errors["responded_on"] = "Choose the date the response was sent."
    if (
        "reason_for_delay" in values
        and not (_value(values, "reason_for_delay").get("value") or "").strip()
    ):
        errors["reason_for_delay"] = "The response is late: say why."
    if errors or responded is None:
        return errors
    return RespondInput(
        outcome=Outcome(outcome),
        responded_on=responded,
        manager_contacted=contact == "yes",
        remedy=(_value(values, "remedy").get("value") or None),
        compensation_pence=compensation,
        learning=(_value(values, "learning").get("value") or None),
        reason_for_delay=(_value(values, "reason_for_delay").get("value") or None),
    )


# --- logging a phone call, letter, compliment… ---------------------------------------------
CHANNELS = [(c.value, c.label) for c in Channel if c not in (Channel.EMAIL, Channel.SLACK)]
KINDS = [(k.value, k.label) for k in RecordKind]


def log_contact_modal() -> dict[str, Any]:
    return _modal(
        ids.LOG_CONTACT_VIEW,
        "Log a contact",
        [
            _input("channel", "How it came in", _select("value", CHANNELS)),
            _input("kind", "What it is", _select("value", KINDS)),
            _input(
                "name",
                "Name of the person",
                {"type": "plain_text_input", "action_id": "value", "max_length": 200},
            ),
            _input(
                "contact",
                "Email or phone",
                {"type": "plain_text_input", "action_id": "value", "max_length": 320},
                optional=True,
            ),
            _input(
                "child",
                "Child concerned",
                {"type": "plain_text_input", "action_id": "value", "max_length": 200},
                optional=True,
            ),
            _input(
                "text",
                "What they said",
                {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": 3000,
                },
            ),
        ],
    )


@dataclass(frozen=True)
class LogContactInput:
    channel: Channel
    kind: RecordKind
    name: str
    contact: str | None
    child: str | None
    text: str


def parse_log_contact(values: dict[str, Any]) -> LogContactInput | Errors:
    channel = (_value(values, "channel").get("selected_option") or {}).get("value")
    kind = (_value(values, "kind").get("selected_option") or {}).get("value")
    name = (_value(values, "name").get("value") or "").strip()
    text = (_value(values, "text").get("value") or "").strip()
    errors: Errors = {}
    if channel not in Channel._value2member_map_:
        errors["channel"] = "Choose how it came in."
    if kind not in RecordKind._value2member_map_:
        errors["kind"] = "Choose what it is."
    if not name:
        errors["name"] = "A name is needed."
    if not text:
        errors["text"] = "Write down what they said."
    if errors:
        return errors
    return LogContactInput(
        Channel(channel),
        RecordKind(kind),
        name,
        (_value(values, "contact").get("value") or None),
        (_value(values, "child").get("value") or None),
        text,
    )


# --- change triage ---------------------------------------------------------------------------
def change_triage_modal(reference: str) -> dict[str, Any]:
    return _modal(
        ids.CHANGE_TRIAGE_VIEW,
        "Change triage",
        [
            _input("kind", "Kind of record", _select("value", KINDS)),
            _input("route", "Route", _select("value", [(r.value, r.label) for r in Route])),
            _input(
                "not_logged",
                "Reason not logged",
                _select("value", [(r.value, r.label) for r in NotLoggedReason]),
                optional=True,
            ),
            _input(
                "why",
                "Why the change",
                {"type": "plain_text_input", "action_id": "value", "max_length": 1000},
            ),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class ChangeTriageInput:
    kind: RecordKind
    route: Route
    not_logged: NotLoggedReason | None
    why: str


def parse_change_triage(values: dict[str, Any]) -> ChangeTriageInput | Errors:
    kind = (_value(values, "kind").get("selected_option") or {}).get("value")
    route = (_value(values, "route").get("selected_option") or {}).get("value")
    reason = (_value(values, "not_logged").get("selected_option") or {}).get("value")
    why = (_value(values, "why").get("value") or "").strip()
    errors: Errors = {}
    if kind not in RecordKind._value2member_map_:
        errors["kind"] = "Choose the kind of record."
    if route not in Route._value2member_map_:
        errors["route"] = "Choose a route."
    elif route == Route.NOT_LOGGED.value and not reason:
        errors["not_logged"] = "Say why it is not logged."
    if not why:
        errors["why"] = "Say why you are changing heard's proposal."
    if errors:
        return errors
    return ChangeTriageInput(
        RecordKind(kind), Route(route), NotLoggedReason(reason) if reason else None, why
    )


# --- reason for delay --------------------------------------------------------------------
def reason_for_delay_modal(reference: str) -> dict[str, Any]:
    return _modal(
        ids.REASON_FOR_DELAY_VIEW,
        "Reason for delay",
        [
            _input(
                "reason",
                "Why is the response late?",
                {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": 1000,
                },
            ),
        ],
        reference=reference,
    )


def parse_reason_for_delay(values: dict[str, Any]) -> str | Errors:
    reason = (_value(values, "reason").get("value") or "").strip()
    return reason or {"reason": "Say why the response is late."}


# --- details ---------------------------------------------------------------------------------
def details_modal(reference: str, *, lines: list[tuple[str, str]]) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*{safe(label, 100)}*\n{safe(value, 2800) or '-'}"},
        }
        for label, value in lines
    ]
    modal = _modal("details_view", "Case details", blocks[:100], reference=reference)
    modal.pop("submit")
    modal["close"] = plain("Close", 24)
    return modal


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
