"""Rendering the digest (plain text, HTML, Slack blocks) and queueing it for each director,
once per directorate and ISO week, also when nothing is overdue."""

from __future__ import annotations

import functools
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cases.calendar import WorkingCalendar
from outbound.messenger import Addressee, Messenger
from scheduler.digest import DirectorateDigest, build_digests
from store.db import session_scope
from store.models import Case
from store.types import table_of
from triage.rulebook import Rulebook

TEMPLATES = Path(__file__).resolve().parent / "templates"
SECTION_LIMIT = 2900  # Block Kit allows 3000 characters in a section


@functools.lru_cache(maxsize=4)
def _environment(templates_dir: Path | None) -> jinja2.Environment:
    search = [str(templates_dir)] if templates_dir else []
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(TEMPLATES)]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(["html"]),
    )


def render(
    digest: DirectorateDigest, *, links: dict[str, str], templates_dir: Path | None = None
) -> tuple[str, str]:
    def link(reference: str) -> str:
        return f" {links[reference]}" if reference in links else ""

    environment = _environment(templates_dir)
    text = environment.get_template("digest.txt.j2").render(digest=digest, link=link)
    html = environment.get_template("digest.html.j2").render(digest=digest, link=link)
    return text, html


def slack_blocks(text: str) -> list[dict[str, Any]]:
    """The plain-text digest in sections under Block Kit's limits (escaped: it is plain_text)."""
    blocks: list[dict[str, Any]] = []
    chunk = ""
    for paragraph in text.split("\n\n"):
        while len(paragraph) > SECTION_LIMIT:
            blocks.append(_section(paragraph[:SECTION_LIMIT]))
            paragraph = paragraph[SECTION_LIMIT:]
        if len(chunk) + len(paragraph) + 2 > SECTION_LIMIT:
            blocks.append(_section(chunk))
            chunk = ""
        chunk = f"{chunk}\n\n{paragraph}" if chunk else paragraph
    if chunk.strip():
        blocks.append(_section(chunk))
    return blocks[:50]


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "plain_text", "text": text.strip() or " "}}


def card_links(session: Session, references: set[str]) -> dict[str, str]:
    table = table_of(Case)
    links = {}
    for reference, channel, ts in session.execute(
        sa.select(table.c.reference, table.c.slack_channel, table.c.slack_ts).where(
            table.c.reference.in_(sorted(references)), table.c.slack_ts.is_not(None)
        )
    ):
        links[reference] = f"https://slack.com/archives/{channel}/p{ts.replace('.', '')}"
    return links


def send_digests(
    engine: Engine,
    *,
    messenger: Messenger,
    rulebook: Rulebook,
    calendar: WorkingCalendar,
    now: datetime,
) -> int:
    """Queue this week's digest for every director; returns how many were newly queued."""
    today = calendar.local_date(now)
    year, week, _ = today.isocalendar()
    queued = 0
    with session_scope(engine) as session:
        digests = build_digests(
            session.connection(), rulebook=rulebook, calendar=calendar, today=today
        )
        references = {
            line.reference
            for digest in digests
            for team in digest.teams
            for line in (*team.overdue, *team.due_this_week)
        }
        links = card_links(session, references)
        directors = {
            directorate.id: (directorate, contact) for directorate, contact in rulebook.directors
        }
        for digest in digests:
            if digest.directorate_id not in directors:
                continue
            directorate, director = directors[digest.directorate_id]
            text, html = render(digest, links=links, templates_dir=messenger.identity.templates_dir)
            subject = f"[heard] Weekly complaints digest: {digest.name}, week of {digest.week_of}"
            queued += messenger.tell(
                session,
                Addressee(
                    email=director.email, slack=director.slack_user or directorate.slack_channel
                ),
                subject=subject,
                text=text,
                html=html,
                slack_text=subject,
                slack_blocks=slack_blocks(text),
                dedupe_key=f"digest:{digest.directorate_id}:{year}-W{week:02d}",
                now=now,
            )
    return queued


def preview(engine: Engine, *, rulebook: Rulebook, calendar: WorkingCalendar, as_of: date) -> str:
    with engine.connect() as connection:
        digests = build_digests(connection, rulebook=rulebook, calendar=calendar, today=as_of)
    return "\n".join(render(digest, links={})[0] for digest in digests)
