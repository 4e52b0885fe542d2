"""Characters that draw nothing, or reorder what is drawn around them, in text a letter prints
(a name it greets, an address it is posted to): control characters, line and paragraph
separators, Unicode format characters (bidi controls, a zero-width space, a soft hyphen, the
Arabic letter mark) and U+FFFD, which stands for what the store could not keep (a NUL from a
form). A name or address holding one reads as another, and is found by neither spelling.

The zero-width joiner and non-joiner are kept: Persian and Indic names are spelt with them.
"""

from __future__ import annotations

import unicodedata

_JOINERS = frozenset("\u200c\u200d")
_REPLACED = "\ufffd"


def invisible(character: str) -> bool:
    category = unicodedata.category(character)
    return (
        category in ("Cc", "Zl", "Zp")
        or (category == "Cf" and character not in _JOINERS)
        or character == _REPLACED
    )


def holds_invisible(text: str) -> bool:
    return any(invisible(character) for character in text)
