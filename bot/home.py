"""App Home: my open cases with their next deadline, then my team's, overdue first. Someone
with no role in heard sees only that, not the list of cases."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot.kit import Kit, Listener
from bot.mrkdwn import safe
from cases.day_words import long_day
from store.cases.queries import CaseRow, open_cases_held_by, open_cases_of_teams

NO_ROLE = "You have no role in heard yet. Ask the complaints team."


def _lines(rows: list[CaseRow], today: date) -> str:
    if not rows:
        return "_None._"
    ordered = sorted(rows, key=lambda row: (row.next_due is None, row.next_due or date.max))
    return "\n".join(
        f"{':red_circle: ' if row.next_due and row.next_due < today else ''}"
        f"*{safe(row.reference, 40)}* {safe(row.status.label, 40)}"
        + (f" · due {long_day(row.next_due)}" if row.next_due else "")
        for row in ordered[:40]
    )


def home_view(*, mine: list[CaseRow], team: list[CaseRow], today: date) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "My open cases"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": _lines(mine, today)[:3000]}},
            {"type": "header", "text": {"type": "plain_text", "text": "My team's cases"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": _lines(team, today)[:3000]}},
        ],
    }


def no_role_view() -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": NO_ROLE}}],
    }


def app_home_opened(kit: Kit) -> Listener:
    async def publish_home(event: dict[str, Any], client: AsyncWebClient) -> None:
        user = str(event.get("user") or "")
        if not user:
            return
        if not await kit.roles_of(user):
            await client.views_publish(user_id=user, view=no_role_view())
            return
        teams = {
            person.team for person in kit.deps.organisation.staff if person.slack_user == user
        }

        def read(session: Session) -> tuple[list[CaseRow], list[CaseRow]]:
            return (
                open_cases_held_by(session, assignee=user),
                open_cases_of_teams(session, team_ids=teams),
            )

        mine, team = await kit.read(read)
        await client.views_publish(
            user_id=user, view=home_view(mine=mine, team=team, today=kit.deps.today())
        )

    return publish_home
