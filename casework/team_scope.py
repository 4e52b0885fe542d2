"""Whether a manager would act on a case outside their teams (cases.permissions.
outside_their_teams), read from the case's issues and assignee and the rule file's teams: the
web view and Slack ask it before any change, so a team manager answers their own teams' cases
and those assigned to them. The command line has no roles (its users run heard) and is not
asked."""

from __future__ import annotations

from sqlmodel import Session

from cases.enums import Role
from cases.permissions import StaffAction, other_team_refusal, outside_their_teams
from org.directory import Organisation
from store.cases.queries import issues_of
from store.models import Case


def refusal_outside_their_teams(
    session: Session,
    case: Case,
    *,
    action: StaffAction,
    roles: frozenset[Role],
    identity: str,
    organisation: Organisation,
) -> str | None:
    """Why this person may not take `action` on `case` (another team's), or None."""
    their_teams = organisation.teams_managed_by(identity)
    if case.id is None or not their_teams:
        return None
    case_teams = frozenset(i.team_id for i in issues_of(session, case_id=case.id) if i.team_id)
    holds_it = case.assignee is not None and case.assignee in organisation.identities_of(identity)
    if outside_their_teams(
        action, roles, their_teams=their_teams, case_teams=case_teams, holds_it=holds_it
    ):
        return other_team_refusal(case.reference)
    return None
