"""App Home: my open cases with their next deadline, then my team's, overdue first."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.mrkdwn import safe

Row = tuple[str, str, date | None]


def _lines(rows: list[Row], today: date) -> str:
    if not rows:
        return "_None._"
    ordered = sorted(rows, key=lambda row: (row[2] is None, row[2] or date.max))
    return "\n".join(
        f"{':red_circle: ' if due and due < today else ''}*{safe(ref, 40)}* {safe(status, 40)}"
        + (f" · due {due:%a %-d %b}" if due else "")
        for ref, status, due in ordered[:40]
    )


def home_view(*, mine: list[Row], team: list[Row], today: date) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "My open cases"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": _lines(mine, today)[:3000]}},
            {"type": "header", "text": {"type": "plain_text", "text": "My team's cases"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": _lines(team, today)[:3000]}},
        ],
    }
