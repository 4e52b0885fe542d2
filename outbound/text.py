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
