"""Deciding whether the sender of a message that quotes a case may add to it.

A reference in a subject is easy to copy: a stranger quoting another family's reference must
never be attached to that family's case (Zammad #5064). Only a party to the case (complainant,
representative, advocate) may add to it, and, when the council requires it, only with a DMARC
pass from its mail gateway, because a From address is easy to forge. Finding the case and its
parties is store/threads.py's.
"""

from __future__ import annotations


def may_attach(
    *, party: bool, dmarc_verdict: str | None, require_dmarc_pass: bool
) -> tuple[bool, str]:
    if not party:
        return False, "sender is not a party to the case it quotes"
    if require_dmarc_pass and (dmarc_verdict or "").lower() != "pass":
        return False, f"reply failed the DMARC check ({dmarc_verdict or 'no result'})"
    return True, "sender is a party to the case"
