"""Assigning a case to the member of staff who will answer it: only someone the rule file knows
(a named person, someone granted a role, or a team's manager by the team's name), kept as Slack
shows them and as chasers reach them (org.directory.Organisation.assignee)."""

from __future__ import annotations

from sqlmodel import Session

from cases.actor import Actor
from cases.lifecycle import Action, InvalidTransition
from casework.service import CaseService, raise_refused
from org.directory import Organisation
from store.models import Case


class UnknownAssignee(InvalidTransition):
    """Refused: nobody the rule file knows. Typed so each door says it where staff chose (the
    web form's field, Slack's menu, the CLI's --to)."""


def unknown_assignee(said: str, organisation: Organisation) -> str:
    """What every door says for an assignee the rule file does not know: what was typed in
    quotes, as typed (each door starts its refusal with a capital, which made
    'pat@council.gov.uk' read 'Pat@council.gov.uk is not in the rule file'; walkerI). A team
    the rule file names without a manager (a vacant post) is said to be one: "not in the rule
    file" sent staff looking for a typo in a name that was right (walkerC)."""
    shown = " ".join(said.split())[:60] or "(nothing)"
    if organisation.team_named(said) is not None:
        return (
            f"'{shown}' is a team the rule file gives no manager: give the name, email address "
            "or Slack user id of a member of staff it lists"
        )
    return (
        f"'{shown}' is not in the rule file: give the name, email address or Slack user id of a "
        "member of staff it lists, or a team's name"
    )


def assign(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    assignee: str,
    actor: Actor,
    organisation: Organisation,
) -> Case:
    known = organisation.assignee(assignee)
    if known is None:
        raise_refused(case, unknown_assignee(assignee, organisation), refusal=UnknownAssignee)

    def changes() -> None:
        case.assignee = known

    return service.transition(
        session, case=case, action=Action.ASSIGN, actor=actor, changes=changes, reason=known
    )
