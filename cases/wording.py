"""Words a letter to a complainant may not carry, as a rule both the rule file and the settings
check: text that reaches a not-logged contact never names the MASH (the contact may be read by
someone a child needs protecting from, and saying a referral was made could warn them)."""

from __future__ import annotations

import re

_MASH = re.compile(r"\bMASH\b|safeguarding\s+hub", re.IGNORECASE)


def names_the_mash(text: str) -> bool:
    return bool(_MASH.search(text))
