"""The line under a case's card says what a member of staff did as a person would say it:
walking the Slack stand-in, the thread read "<@UOFFICER> extend", "intake acknowledge" and
"web:officer@council.example note added"."""

from __future__ import annotations

import pytest

from bot.notify import thread_line
from cases.actor import Actor, Via
from cases.changes import ChangeAction, Note
from cases.lifecycle import Action
from casework.service import CaseChange

OFFICER = Actor.staff(Via.SLACK, "UOFFICER")
# heard's own changes, each worded in its own branch or from the reason heard wrote itself
HEARDS_OWN = {Note.CREATED, Note.TRIAGED, Note.FLAGGED, Note.STAFF_THREAT, Note.DELIVERY_RECEIPT}
STAFF_CHANGES = [change for change in (*Action, *Note) if change not in HEARDS_OWN]


@pytest.mark.parametrize("action", STAFF_CHANGES, ids=str)
def test_every_staff_change_reads_as_what_was_done(action: ChangeAction) -> None:
    line = thread_line(CaseChange(action, OFFICER, {}, {}))
    assert line.startswith("<@UOFFICER> ")
    assert line != f"<@UOFFICER> {action.value.replace('_', ' ')}", line


def test_the_extension_line_reads_as_a_sentence() -> None:
    assert thread_line(CaseChange(Action.EXTEND, OFFICER, {}, {})) == (
        "<@UOFFICER> extended the deadline"
    )
