"""Text made safe to put in a header or a one-line display (used by intake/ too)."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def one_line(text: str, *, limit: int = 998) -> str:
    """What a subject may be when shown or reused: one line, no control characters."""
    return " ".join(_CONTROL.sub(" ", text).split())[:limit]
