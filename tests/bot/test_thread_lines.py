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


def test_staff_who_acted_elsewhere_are_named_as_the_rule_file_names_them() -> None:
    """walkerB item 4: a web or CLI actor read 'web:fostering.manager@… added a case note'."""
    from org.directory import Organisation
    from org.schema import Contact, TeamSpec

    manager = Contact(name="Fran Foster", email="fran@council.example", slack_user="UFRAN")
    nameless = Contact(name="Pat Placements", email="pat@council.example")
    teams = [
        TeamSpec(id="fostering", name="Fostering", directorate="csc", manager=manager),
        TeamSpec(id="placements", name="Placements", directorate="csc", manager=nameless),
    ]
    organisation = Organisation(directorates=(), teams=teams)
    web = CaseChange(Note.NOTE_ADDED, Actor.staff(Via.WEB, "pat@council.example"), {}, {})
    assert thread_line(web, organisation=organisation) == "Pat Placements added a case note"
    cli = CaseChange(Action.ASSIGN, Actor.staff(Via.CLI, "jo"), {}, {}, reason="pat@council.example")
    assert thread_line(cli, organisation=organisation) == "jo assigned the case to Pat Placements"
    by_web = CaseChange(Action.CLOSE, Actor.staff(Via.WEB, "FRAN@council.example"), {}, {})
    assert thread_line(by_web, organisation=organisation) == "<@UFRAN> closed the case"
    unknown = CaseChange(Action.CLOSE, Actor.staff(Via.WEB, "new@council.example"), {}, {})
    assert thread_line(unknown, organisation=organisation) == "new@council.example closed the case"


def test_triage_staff_change_reads_as_changed_and_heards_own_as_proposed() -> None:
    """Change triage records Note.TRIAGED as heard's own run does (walkerJ: "<@UOFFICER>
    proposed the triage")."""
    from cases.actor import TRIAGE

    assert thread_line(CaseChange(Note.TRIAGED, OFFICER, {}, {})) == (
        "<@UOFFICER> changed the triage"
    )
    assert "proposed the triage" in thread_line(CaseChange(Note.TRIAGED, TRIAGE, {}, {}))
