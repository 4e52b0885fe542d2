"""A form's fields and how their values are read and checked: each problem is kept against
its field, so the page shows it in the error summary and next to the field (GOV.UK pattern)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from starlette.datastructures import FormData

from store.text import storable_text

MAX_TEXT = 2000


class Kind(StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    DATE = "date"
    RADIOS = "radios"
    CHECKBOXES = "checkboxes"
    SELECT = "select"
    FILES = "files"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind = Kind.TEXT
    hint: str | None = None
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    max_length: int = MAX_TEXT
    today_by_default: bool = False
    initial: str | None = None  # what the form opens with (a choice's value, or text)
    # What to say when it is left empty, for a label 'Enter' or 'Choose' cannot go before
    # (a question: 'Did a manager call or meet the complainant?').
    missing: str | None = None

    @property
    def named(self) -> str:
        """The field as an error message names it: its label without the note in brackets
        that ends it (the note says where the text goes, the message says what is wrong), as
        written, so 'Ombudsman' or a category keeps its capital."""
        label = self.label
        if label.endswith(")") and " (" in label:
            label = label[: label.rindex(" (")]
        return label

    def needed(self, verb: str) -> str:
        """'Enter the day ...' or 'Choose how it came': the message for a field left empty."""
        named = self.named
        return self.missing or f"{verb} {named[:1].lower()}{named[1:]}"


@dataclass
class Answers:
    """What was typed, as typed (to show the form again), and what it means once checked."""

    typed: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def refuse(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    @property
    def summary(self) -> list[dict[str, str]]:
        return [
            {"text": message, "href": f"#{anchor(name)}"} for name, message in self.errors.items()
        ]


def anchor(name: str) -> str:
    """The id of a field's first input, for the error summary's link."""
    return name


def read(fields: tuple[Field, ...], form: FormData, *, today: date) -> Answers:
    answers = Answers()
    for spec in fields:
        if spec.kind is Kind.DATE:
            _read_date(spec, form, answers, today=today)
        elif spec.kind is Kind.CHECKBOXES:
            chosen = [str(v) for v in form.getlist(spec.name)]
            answers.typed[spec.name] = chosen
            known = {value for value, _ in spec.choices}
            if any(value not in known for value in chosen):
                answers.refuse(spec.name, spec.needed("Choose") + " from the list")
            elif spec.required and not chosen:
                answers.refuse(spec.name, spec.needed("Choose"))
            answers.values[spec.name] = chosen
        elif spec.kind is Kind.FILES:
            answers.values[spec.name] = [
                f for f in form.getlist(spec.name) if not isinstance(f, str)
            ]
        else:
            raw = form.get(spec.name)
            # the store's rule for text a database cannot hold (a NUL fails on PostgreSQL)
            text = storable_text(raw).strip() if isinstance(raw, str) else ""
            answers.typed[spec.name] = text
            if spec.choices and text and text not in {value for value, _ in spec.choices}:
                answers.refuse(spec.name, spec.needed("Choose") + " from the list")
            elif spec.required and not text:
                answers.refuse(spec.name, spec.needed("Choose" if spec.choices else "Enter"))
            elif len(text) > spec.max_length:
                answers.refuse(
                    spec.name, f"{spec.named} must be {spec.max_length:,} characters or fewer"
                )
            answers.values[spec.name] = text or None
    return answers


def _read_date(spec: Field, form: FormData, answers: Answers, *, today: date) -> None:
    parts = {
        part: str(form.get(f"{spec.name}-{part}") or "").strip()
        for part in ("day", "month", "year")
    }
    answers.typed[spec.name] = parts
    if not any(parts.values()):
        if spec.required:
            answers.refuse(spec.name, spec.needed("Enter"))
        answers.values[spec.name] = None
        return
    missing = [part for part, value in parts.items() if not value]
    if missing:
        answers.refuse(spec.name, f"{spec.named} must include a {missing[0]}")
        return
    if not all(value.isdigit() for value in parts.values()) or len(parts["year"]) != 4:
        answers.refuse(spec.name, f"{spec.named} must be a real date, like 27 3 2026")
        return
    try:
        answers.values[spec.name] = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        answers.refuse(spec.name, f"{spec.named} must be a real date")


def blank(fields: tuple[Field, ...], *, today: date) -> dict[str, Any]:
    """What a new form shows: today in the date fields that default to it, and each field's
    initial value (what the case holds now, for a form that changes it)."""
    typed: dict[str, Any] = {}
    for spec in fields:
        if spec.initial is not None and spec.kind not in (Kind.DATE, Kind.CHECKBOXES, Kind.FILES):
            typed[spec.name] = spec.initial
        if spec.kind is Kind.DATE and spec.today_by_default:
            typed[spec.name] = {
                "day": str(today.day),
                "month": str(today.month),
                "year": str(today.year),
            }
    return typed
