"""Mirror the rule file's directorates and teams into the database at start-up.

Issues and learning actions reference teams by id; a team removed from the rule file is kept
(marked inactive) so last year's cases still report under the name they had. Several
`heard serve` processes may start together on one database: rows are inserted or left alone
(insert-or-ignore), then brought up to date, under the start-up lock.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import Session

from store.db import hold_startup_lock
from store.models import Directorate, Team
from store.types import table_of
from store.upsert import insert_or_ignore

_DIRECTORATES = table_of(Directorate)
_TEAMS = table_of(Team)


def sync_organisation(
    session: Session,
    *,
    directorates: Iterable[tuple[str, str]],
    teams: Iterable[tuple[str, str, str | None, str | None]],
) -> None:
    """directorates: (id, name); teams: (id, name, directorate id, Slack channel)."""
    connection = session.connection()
    hold_startup_lock(connection)
    dialect = connection.dialect.name
    directorate_rows = [{"id": key, "name": name} for key, name in directorates]
    team_rows = [
        {"id": key, "name": name, "directorate_id": directorate, "slack_channel": channel}
        for key, name, directorate, channel in teams
    ]
    if directorate_rows:
        connection.execute(insert_or_ignore(_DIRECTORATES, dialect=dialect), directorate_rows)
        connection.execute(
            sa.update(_DIRECTORATES)
            .where(_DIRECTORATES.c.id == sa.bindparam("key"))
            .values(name=sa.bindparam("new_name")),
            [{"key": row["id"], "new_name": row["name"]} for row in directorate_rows],
        )
    connection.execute(
        sa.update(_TEAMS).values(active=_TEAMS.c.id.in_([row["id"] for row in team_rows]))
    )
    if team_rows:
        connection.execute(
            insert_or_ignore(_TEAMS, dialect=dialect),
            [{**row, "active": True} for row in team_rows],
        )
        connection.execute(
            sa.update(_TEAMS)
            .where(_TEAMS.c.id == sa.bindparam("key"))
            .values(
                name=sa.bindparam("new_name"),
                directorate_id=sa.bindparam("new_directorate"),
                slack_channel=sa.bindparam("new_channel"),
            ),
            [
                {
                    "key": row["id"],
                    "new_name": row["name"],
                    "new_directorate": row["directorate_id"],
                    "new_channel": row["slack_channel"],
                }
                for row in team_rows
            ],
        )
