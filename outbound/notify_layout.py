"""A letter laid out for GOV.UK Notify, which turns every line break in a message into a break
on the page: Notify renders emails, text messages and printed letters as Markdown with
hard_wrap on (notifications-utils' markdown.py). heard's letter templates are wrapped by hand
for plain-text mail, at about 92 characters; sent as they are, each line ends where the
template's did and a phone's narrower column wraps it again, leaving a short line after nearly
every long one. So for Notify the breaks inside a paragraph are joined: a line continues the
one before when that one was long enough to have been wrapped, both start at the same indent
(a finding's lines do; its numbered heading does not), and neither is a list item or a row of
fixed-width columns. Short lines (a greeting, a sign-off, an address) stay lines of their own.
heard's own copy of the letter, on the case and in the outbox, keeps its wrapping."""

from __future__ import annotations

import re

WRAPPED_AT_LEAST = 60  # a shorter line ends where its writer meant it to
_LIST_ITEM = re.compile(r"([-*•^#>]|\d+[.)])(\s|$)")
_COLUMNS = re.compile(r"\S {3,}\S")  # a table's row, spaced into columns


def unwrapped(text: str) -> str:
    """`text` with each hand-wrapped paragraph on one line (see the module's docstring)."""
    lines: list[str] = []
    written = ""  # the line before, as the template wrote it
    for line in text.split("\n"):
        if lines and _continues(written, line):
            lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
        else:
            lines.append(line)
        written = line
    return "\n".join(lines)


def _continues(before: str, line: str) -> bool:
    if not before.strip() or not line.strip() or len(before.rstrip()) < WRAPPED_AT_LEAST:
        return False
    if _indent(before) != _indent(line):
        return False
    return not any(
        _LIST_ITEM.match(part.lstrip()) or _COLUMNS.search(part.strip()) for part in (before, line)
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
