"""Building modals and reading what staff submit in them, checked on the server.

Slack's client enforces a modal's `max_length`, `min_value` and the like, but a request can be
forged or replayed by anyone holding a valid signature, so every value is checked again here.
A problem is reported as `{block_id: message}`, sent back with `response_action: errors` so it
shows next to the field instead of failing the action.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any, TypeVar

from bot.mrkdwn import MODAL_TITLE, OPTION_TEXT, plain, truncate
from cases.procedure import ProcedureError, pounds_to_pence
from store.text import storable_text

Errors = dict[str, str]
View = dict[str, Any]
Block = dict[str, Any]
E = TypeVar("E", bound=Enum)


def option(value: str, label: str) -> dict[str, Any]:
    return {"text": plain(label, OPTION_TEXT), "value": value}


def input_block(
    block_id: str, label: str, element: Block, *, optional: bool = False, hint: str | None = None
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain(label, 2000),
        "element": element,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


# Slack's static select shows at most 100 options, or 100 groups of up to 100 each.
SELECT_MOST = 100


def select(options: list[tuple[str, str]], *, initial: str | None = None) -> Block:
    """A menu; `initial` is the value it opens on, if it is one of the options (Slack refuses
    a view whose initial option is not among them). More than 100 options (a council's teams:
    a county's localities) are shown in groups of 100, each labelled by its first and last."""
    shown = [option(value, label) for value, label in options]
    element: Block = {"type": "static_select", "action_id": "value"}
    if len(shown) <= SELECT_MOST:
        element["options"] = shown
    else:
        element["option_groups"] = [
            {"label": _group_label(options[start : start + SELECT_MOST]), "options": group}
            for start in range(0, min(len(shown), SELECT_MOST * SELECT_MOST), SELECT_MOST)
            for group in [shown[start : start + SELECT_MOST]]
        ]
    chosen = [option(value, label) for value, label in options if value == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def _group_label(options: list[tuple[str, str]]) -> dict[str, Any]:
    first, last = options[0][1], options[-1][1]
    return plain(f"{truncate(first, 36)} – {truncate(last, 36)}", OPTION_TEXT)


def text_input(max_length: int, *, multiline: bool = False, initial: str | None = None) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": "value", "max_length": max_length}
    if multiline:
        element["multiline"] = True
    if initial:
        element["initial_value"] = initial[:max_length]
    return element


def datepicker(initial: date | None = None) -> Block:
    """A calendar; `initial` is the date it opens on (staff change it when it happened earlier)."""
    element: Block = {"type": "datepicker", "action_id": "value"}
    if initial is not None:
        element["initial_date"] = initial.isoformat()
    return element


def radio_buttons(options: list[tuple[str, str]]) -> Block:
    """One answer of a few, all in sight; left untouched it sends no answer (unlike a
    checkbox, which cannot tell 'no' from 'not answered')."""
    return {
        "type": "radio_buttons",
        "action_id": "value",
        "options": [option(value, label) for value, label in options],
    }


def checkboxes(options: list[tuple[str, str]]) -> Block:
    return {
        "type": "checkboxes",
        "action_id": "value",
        "options": [option(value, label) for value, label in options],
    }


def modal(callback_id: str, title: str, blocks: list[Block], *, reference: str = "") -> View:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": reference,
        "title": plain(title, MODAL_TITLE),
        "submit": plain("Save", 24),
        "close": plain("Cancel", 24),
        "blocks": blocks,
    }


class Form:
    """The submitted state of a modal, read field by field; problems collect in `errors`."""

    def __init__(self, values: Any) -> None:
        self.values: dict[str, Any] = values if isinstance(values, dict) else {}
        self.errors: Errors = {}

    def has(self, block_id: str) -> bool:
        return block_id in self.values

    def _element(self, block_id: str) -> dict[str, Any]:
        block = self.values.get(block_id)
        if not isinstance(block, dict) or not block:
            return {}
        element = next(iter(block.values()))
        return element if isinstance(element, dict) else {}

    def text(self, block_id: str, *, max_length: int, required: str | None = None) -> str | None:
        """Free text, stripped; None when empty. Longer than the modal allows is an error, not a
        silent cut: staff should see what was not kept."""
        raw = self._element(block_id).get("value")
        # the store's one rule for text a database cannot hold: NUL and lone surrogates become
        # a visible U+FFFD, as in mail, rather than vanishing
        value = storable_text(raw).strip() if isinstance(raw, str) else ""
        if not value:
            if required:
                self.errors[block_id] = required
            return None
        if len(value) > max_length:
            self.errors[block_id] = f"At most {max_length:,} characters (this is {len(value):,})."
            return None
        return value

    def choice(
        self, block_id: str, offered: list[tuple[str, str]], *, required: str | None
    ) -> str | None:
        """The value of the option chosen, which must be one the modal offered."""
        chosen = self._element(block_id).get("selected_option")
        value = chosen.get("value") if isinstance(chosen, dict) else None
        if value is None or value == "":
            if required:
                self.errors[block_id] = required
            return None
        if value not in {offered_value for offered_value, _ in offered}:
            self.errors[block_id] = "Choose one of the options offered."
            return None
        return str(value)

    def ticked(self, block_id: str, offered: list[tuple[str, str]]) -> list[str] | None:
        """The values of the boxes ticked, in the order offered; None if one was not offered."""
        chosen = self._element(block_id).get("selected_options")
        values = {
            str(item.get("value"))
            for item in (chosen if isinstance(chosen, list) else [])
            if isinstance(item, dict)
        }
        known = [value for value, _ in offered]
        if values - set(known):
            self.errors[block_id] = "Tick only the boxes offered."
            return None
        return [value for value in known if value in values]

    def enum(
        self, block_id: str, kind: type[E], offered: list[tuple[str, str]], *, required: str | None
    ) -> E | None:
        value = self.choice(block_id, offered, required=required)
        return kind(value) if value is not None else None

    def day(
        self,
        block_id: str,
        *,
        required: str | None = None,
        earliest: date | None = None,
        earliest_why: str = "",
        latest: date | None = None,
        latest_why: str = "",
    ) -> date | None:
        raw = self._element(block_id).get("selected_date")
        if not raw:
            if required:
                self.errors[block_id] = required
            return None
        try:
            value = date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else None
        except ValueError:
            value = None
        if value is None:
            self.errors[block_id] = "Choose a date from the calendar."
        elif earliest is not None and value < earliest:
            self.errors[block_id] = f"Not before {earliest:%-d %B %Y}{earliest_why}."
        elif latest is not None and value > latest:
            self.errors[block_id] = f"Not after {latest:%-d %B %Y}{latest_why}."
        else:
            return value
        return None

    def pounds(self, block_id: str, *, maximum: int) -> int | None:
        """A sum in pounds as pence, read as every door reads one (cases.procedure.
        pounds_to_pence: more than £0, at most `maximum`, two decimals); None when empty."""
        raw = self._element(block_id).get("value")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        try:
            return pounds_to_pence(str(raw), what="the amount", maximum=maximum)
        except ProcedureError as problem:
            self.errors[block_id] = f"{problem}."
            return None


def enum_options(members: list[Any]) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in members]
