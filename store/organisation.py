"""Mirror the rule file's directorates and teams into the database at start-up.

Issues and learning actions reference teams by id; a team removed from the rule file is kept
(marked inactive) so last year's cases still report under the name they had.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from store.models import Directorate, Team


def sync_organisation(
    session: Session,
    *,
    directorates: Iterable[tuple[str, str]],
    teams: Iterable[tuple[str, str, str | None, str | None]],
) -> None:
    """directorates: (id, name); teams: (id, name, directorate id, Slack channel)."""
    for directorate_id, name in directorates:
        found = session.get(Directorate, directorate_id)
        session.add(found or Directorate(id=directorate_id, name=name))
        if found:
            found.name = name
    session.flush()
    wanted = {
        team_id: (name, directorate_id, channel) for team_id, name, directorate_id, channel in teams
    }
    for team in session.exec(select(Team)):
        team.active = team.id in wanted
        session.add(team)
    for team_id, (name, directorate_id, channel) in wanted.items():
        team = session.get(Team, team_id) or Team(id=team_id, name=name)
        team.name, team.directorate_id, team.slack_channel = name, directorate_id, channel
        team.active = True
        session.add(team)
    session.flush()
