"""Words in a message that read as a threat to a member of staff ("I know where she parks"):
a person must look at the case, and the manager of the team the case is with is told. Named
once here, for triage that writes the case's flag, the card that shows it and the alert."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

THREAT_TO_STAFF = "a threat to a member of staff"

# the rule ids a flag names (a rule file's ids: triage.rulebook_schema's pattern)
_NAMED = re.compile(re.escape(THREAT_TO_STAFF) + r" \(([a-z0-9_.\-]+(?:, [a-z0-9_.\-]+)*)\): ")


@dataclass(frozen=True)
class FiredThreat:
    """One staff_threat rule that fired: its id, what it says and the words that made it."""

    rule_id: str
    reason: str
    words: tuple[str, ...]


def threat_flag(fired: Sequence[FiredThreat]) -> str:
    """The case's "needs a person to look" reason: every rule that fired and the words that
    made each fire, as staff read them on the case page. The ids come first, so a flag cut
    short (a case's reasons hold 300 characters) still names every rule."""
    ids = ", ".join(threat.rule_id for threat in fired)
    said = "; ".join(f"{threat.reason.rstrip('.')} ({_quoted(threat.words)})" for threat in fired)
    return f"{THREAT_TO_STAFF} ({ids}): {said}"


def _quoted(words: Sequence[str]) -> str:
    return ", ".join(f'"{word}"' for word in words)


def threat_rules(flag: str | None) -> tuple[str, ...]:
    """The ids of the rules a flag names (threat_flag's own words): what the manager's alert
    and the case's thread line may say, where the words that fired may not go."""
    found = _NAMED.search(flag or "")
    return tuple(found[1].split(", ")) if found else ()


def is_threat(attention_reason: str | None) -> bool:
    """Whether a case's flag (its reasons joined) holds a threat to staff."""
    return THREAT_TO_STAFF in (attention_reason or "")
