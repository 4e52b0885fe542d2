"""Text made safe to put in a header or a one-line display (used by intake/ too)."""

from __future__ import annotations

import re

# C0 and C1 controls, line and paragraph separators, and the bidirectional controls (an
# override can make "gpj.exe" read "exe.jpg", or reorder a reference on screen).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
# What a terminal must not be given: every control but the line break and tab (ESC starts the
# sequences that clear the screen or, with OSC 52, write the clipboard), C1 (0x9b is a
# one-byte CSI) and the bidirectional controls.
_TERMINAL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")


def one_line(text: str, *, limit: int = 998) -> str:
    """What a subject may be when shown or reused: one line, no control characters."""
    return " ".join(_CONTROL.sub(" ", text).split())[:limit]


def for_terminal(text: str) -> str:
    """Text safe to print on a terminal: each control shown as its escape (`\\x1b`), so staff
    see that it was there and nothing acts on it."""
    return _TERMINAL.sub(_shown, text)


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


LETTER_LINE = 100  # a letter's line longer than this is folded
_FOLD_AT = 92  # the width the letter templates are written to


def fold_long_lines(text: str) -> str:
    """A letter's text with no prose line over LETTER_LINE characters. The templates are
    wrapped by hand, so a long value (a date, a reference, a council's name, what staff wrote)
    pushes a line far past the rest; its overflow moves to the start of the next line of the
    same paragraph (or to a line of its own), which folds in turn. Indented lines (findings,
    lists) and short lines (an address, a sign-off) are left as written."""
    out: list[str] = []
    carry = ""
    for line in text.split("\n"):
        if carry:
            if line.strip() and not line[0].isspace() and not line.startswith("- "):
                line = f"{carry} {line}"
            else:
                out.extend(_wrapped(carry))
            carry = ""
        if len(line) > LETTER_LINE and not line[0].isspace():
            cut = line.rfind(" ", 0, _FOLD_AT + 1)
            if cut > 0:
                out.append(line[:cut])
                carry = line[cut + 1 :]
                continue
        out.append(line)
    if carry:
        out.extend(_wrapped(carry))
    return "\n".join(out)


def _wrapped(line: str) -> list[str]:
    lines: list[str] = []
    while len(line) > LETTER_LINE and (cut := line.rfind(" ", 0, _FOLD_AT + 1)) > 0:
        lines.append(line[:cut])
        line = line[cut + 1 :]
    return [*lines, line]


# A terminal's escape sequences (CSI such as ESC[31m, OSC such as ESC]52;…BEL) and every other
# control but the line break and tab: pasted into a finding or a reason, none belongs in a letter.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
_LETTER_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def as_letter(text: str) -> str:
    """A rendered letter as it goes: no control characters, no line past LETTER_LINE."""
    return fold_long_lines(_LETTER_CONTROL.sub("", _ESCAPES.sub("", text)))
