"""Rendering the digest (plain text, HTML, Slack blocks) and queueing it once per ISO week, also
when nothing is overdue: the whole council's for each recipient in HEARD_DIGEST_TO, and each
directorate's own (its cases only) for its director in the rule file (email and Slack user).
Nothing goes until HEARD_DIGEST_TO names someone, so a fresh install mails no example director.

The wording is in outbound/templates/digest.txt.j2 and digest.html.j2, rendered by the same
template environment as every letter heard sends, so a council replaces them the same way (a
file of the same name in HEARD_TEMPLATES_DIR). The email carries both, as
multipart/alternative: the text part for mail clients that show no HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from cases.calendar import WorkingCalendar
from cases.enums import OutboxPurpose
from org.directory import Organisation
from outbound.compose import templates
from outbound.messenger import Addressee, Messenger
from scheduler.digest import Digest, build_digest
from store.db import session_scope

SECTION_LIMIT = 2900  # Block Kit allows 3000 characters in a section
MAX_BLOCKS = 50  # in one Slack message


def render(
    digest: Digest, *, council_name: str, templates_dir: Path | None = None
) -> tuple[str, str]:
    """(text, html) of the digest, from the council's templates or the shipped ones."""
    environment = templates(templates_dir)
    values = {"digest": digest, "council_name": council_name}
    text = environment.get_template("digest.txt.j2").render(values)
    html = environment.get_template("digest.html.j2").render(values)
    return text, html


def subject(digest: Digest) -> str:
    whose = f" for {digest.directorate}" if digest.directorate else ""
    return f"Complaints digest{whose}, {digest.week}: {digest.headline}"


def slack_blocks(text: str) -> list[dict[str, Any]]:
    """The plain-text digest in sections under Block Kit's limits. Its tables (paragraphs with
    aligned columns) go in code blocks so Slack shows them in a fixed-width font; <, > and & are
    escaped, so nothing in it can become a mention or a link Slack did not print."""
    blocks: list[dict[str, Any]] = []
    chunk = ""
    for paragraph in (_slack_paragraph(part) for part in text.split("\n\n")):
        while len(paragraph) > SECTION_LIMIT:
            blocks.append(_section(paragraph[:SECTION_LIMIT]))
            paragraph = paragraph[SECTION_LIMIT:]
        if len(chunk) + len(paragraph) + 2 > SECTION_LIMIT:
            blocks.append(_section(chunk))
            chunk = ""
        chunk = f"{chunk}\n\n{paragraph}" if chunk else paragraph
    if chunk.strip():
        blocks.append(_section(chunk))
    if len(blocks) > MAX_BLOCKS:  # Slack's limit: say what is left out, never cut in silence
        left = len(blocks) - (MAX_BLOCKS - 1)
        blocks = [
            *blocks[: MAX_BLOCKS - 1],
            _section(f"… and {left} more sections: the email digest has them all."),
        ]
    return blocks


def _slack_paragraph(paragraph: str) -> str:
    escaped = paragraph.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _ALIGNED.search(paragraph):
        return f"```{escaped.strip(chr(10))}```"
    return escaped


_ALIGNED = re.compile(r"\S {3,}\d")  # "Fostering      2": a table row


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text.strip() or " "}}


def addressee(recipient: str) -> Addressee:
    """An email address, or a Slack user or channel id (HEARD_DIGEST_TO accepts both)."""
    return Addressee(email=recipient) if "@" in recipient else Addressee(slack=recipient)


def send_digests(
    engine: Engine,
    *,
    messenger: Messenger,
    organisation: Organisation,
    calendar: WorkingCalendar,
    now: datetime,
    recipients: Sequence[str],
    council_name: str,
    workspace_url: str | None = None,
    case_pages_url: str | None = None,
) -> int:
    """Queue this week's digests: the council's for every recipient, each directorate's for its
    director; returns how many were newly queued.

    No recipients (a fresh install): nothing is built or queued."""
    if not recipients:
        return 0
    today = calendar.local_date(now)
    year, week, _ = today.isocalendar()
    queued = 0
    with session_scope(engine) as session:
        wanted: list[tuple[str | None, list[str]]] = [(None, list(recipients))]
        for directorate, director in organisation.directors:
            wanted.append((directorate.id, [a for a in (director.email, director.slack_user) if a]))
        for directorate_id, addresses in wanted:
            if not addresses:
                continue
            digest = build_digest(
                session.connection(),
                organisation=organisation,
                calendar=calendar,
                today=today,
                workspace_url=workspace_url,
                case_pages_url=case_pages_url,
                past=False,
                directorate=directorate_id,
                at=now,
            )
            text, html = render(
                digest, council_name=council_name, templates_dir=messenger.identity.templates_dir
            )
            title = subject(digest)
            whose = f"{directorate_id}:" if directorate_id else ""
            for recipient in addresses:
                queued += messenger.tell(
                    session,
                    addressee(recipient),
                    subject=title,
                    text=text,
                    html=html,
                    slack_text=title,
                    slack_blocks=slack_blocks(text),
                    purpose=OutboxPurpose.DIGEST,
                    dedupe_key=f"digest:{whose}{recipient}:{year}-W{week:02d}",
                    now=now,
                )
    return queued


def preview(
    engine: Engine,
    *,
    organisation: Organisation,
    calendar: WorkingCalendar,
    as_of: date,
    council_name: str,
    workspace_url: str | None = None,
    case_pages_url: str | None = None,
    templates_dir: Path | None = None,
    html: bool = False,
    past: bool = True,
    directorate: str | None = None,
) -> str:
    """The digest as it would have been on `as_of`: its text, or its HTML (`past=False`: as_of
    is today); `directorate`: that directorate's own, as its director gets it."""
    with engine.connect() as connection:
        digest = build_digest(
            connection,
            organisation=organisation,
            calendar=calendar,
            today=as_of,
            workspace_url=workspace_url,
            case_pages_url=case_pages_url,
            past=past,
            directorate=directorate,
        )
    text, page = render(digest, council_name=council_name, templates_dir=templates_dir)
    return page if html else text
