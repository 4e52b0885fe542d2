"""Words a letter to a complainant may not carry, as a rule both the rule file and the settings
check: text that reaches a not-logged contact never names the MASH (the contact may be read by
someone a child needs protecting from, and saying a referral was made could warn them)."""

from __future__ import annotations

import re

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
