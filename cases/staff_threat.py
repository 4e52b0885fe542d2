"""Words in a message that read as a threat to a member of staff ("I know where she parks"):
a person must look at the case, and the manager of the team the case is with is told. Named
once here, for triage that writes the case's flag, the card that shows it and the alert."""

from __future__ import annotations

THREAT_TO_STAFF = "a threat to a member of staff"


def threat_flag(reason: str, rule_id: str, words: tuple[str, ...] | list[str]) -> str:
    """The case's "needs a person to look" reason: what the rule says and the words that made
    it fire, as staff read them on the case page."""
    quoted = "; ".join(f'"{word}"' for word in words)
    return f"{THREAT_TO_STAFF}: {reason} ({rule_id}: {quoted})"


def is_threat(attention_reason: str | None) -> bool:
    """Whether a case's flag (its reasons joined) holds a threat to staff."""
    return THREAT_TO_STAFF in (attention_reason or "")
