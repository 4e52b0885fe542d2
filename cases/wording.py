"""Words a letter to a complainant may not carry, as a rule both the rule file and the settings
check: text that reaches a not-logged contact never names the MASH (the contact may be read by
someone a child needs protecting from, and saying a referral was made could warn them)."""

from __future__ import annotations

import re
import unicodedata

_MASH = re.compile(r"\bMASH\b|safeguarding\s+hub", re.IGNORECASE)


def names_the_mash(text: str) -> bool:
    return bool(_MASH.search(text))


def without_the_mash(text: str) -> str:
    """HEARD_IMMEDIATE_RISK_TEXT: it goes in every letter, a not-logged contact's too."""
    if names_the_mash(text):
        raise ValueError(
            "it goes in every letter, a not-logged contact's too, which never names the "
            "MASH: give the emergency numbers without it (an acknowledgement template in "
            "HEARD_TEMPLATES_DIR may name the MASH)"
        )
    return text


# A UK telephone number: 10 or 11 digits from a leading 0 (or +44), in any grouping.
_NUMBER = re.compile(r"(?:\+\s?44|(?<![\d+])0)(?:[\s()-]*\d){9,10}(?!\d)")


def emergency_guidance(text: str) -> str:
    """HEARD_IMMEDIATE_RISK_TEXT: every automatic letter carries it, so a family who wrote
    about a child at risk, at night or at a weekend, reads at once whom to call. Without 999
    and the council's emergency duty (out-of-hours) number it tells them nothing they can use."""
    without_the_mash(text)
    if not re.search(r"(?<!\d)999(?!\d)", text) or not _NUMBER.search(text):
        raise ValueError(
            "it goes on every automatic letter to say what to do if a child is at risk now or "
            "out of hours: name 999 and the council's emergency duty (out-of-hours) telephone "
            "number"
        )
    return text


COUNCIL_NAME_MOST = 120  # "Bournemouth, Christchurch and Poole Council" is 43


def one_line_name(text: str, *, most: int, why: str) -> str:
    """A name heard prints (on letters, cards, the digest and the reports), trimmed: not
    empty, on one line with no control character (a tab, a line break or an escape would be
    printed as it is), and at most `most` characters. `why` ends each message: where it is
    printed."""
    name = text.strip()
    if not name:
        raise ValueError(f"give a name, {why}")
    if any(unicodedata.category(character) == "Cc" for character in name):
        raise ValueError("the name has a control character (a tab, a line break or an escape)")
    if len(name) > most:
        raise ValueError(f"at most {most} characters, {why}")
    return name


def plain_council_name(text: str) -> str:
    """HEARD_COUNCIL_NAME: every letter thanks the family for contacting it and is signed with
    it, and the digest is headed with it. Empty, a letter read "Thank you for contacting ."; a
    control character (a pasted tab or escape) or a paragraph would be printed as it is."""
    if not text.strip():
        raise ValueError("give the council's name, as letters are signed with it")
    return one_line_name(text, most=COUNCIL_NAME_MOST, why="as letters are signed with it")
