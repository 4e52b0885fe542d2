"""A case's audit trail as staff read it, the same at every door that shows it (the web's case
page, `heard cases show`): who by the name the rule file gives them, what in plain words
(cases.changes.done_words), and the reason with its days written out and an assignment's
person named. The audit rows themselves keep what was stored ("slack:U123", "note_added")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cases.actor import stored_by_staff
from cases.changes import done_words
from cases.day_words import people_dates
from cases.lifecycle import Action
from org.directory import Organisation


@dataclass(frozen=True)
class TrailLine:
    at: datetime
    who: str
    what: str
    reason: str | None


def trail_line(entry: dict[str, Any], *, organisation: Organisation) -> TrailLine:
    """One audit entry (store.cases.case_file's `audit` rows) in people's words."""
    action, reason = str(entry["action"]), entry["reason"]
    if reason and action == Action.ASSIGN.value:
        said: str | None = organisation.who(reason)
    else:
        said = people_dates(reason) if reason else None
    return TrailLine(
        at=entry["at"],
        who=organisation.who(entry["actor"]),
        what=done_words(action, by_staff=stored_by_staff(str(entry["actor"]))),
        reason=said,
    )
