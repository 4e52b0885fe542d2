"""View details: the card's button opens the case's personal details in a modal, for staff with
a role only (cards in channels never carry them): the complainant, children, the attachments
list, stage 2's reports (whose, and when attached) and every message, oldest first.

A modal holds at most 100 blocks, so a long case is shown in pages with Previous and Next
buttons; a click re-reads the case and replaces the modal's content with `views.update` (the
view's hash makes a stale page lose to a newer one instead of overwriting it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Body, Kit, Listener, action_value, case_or_why, slack_actor, user_of
from bot.modals.common import Block, View, modal
from bot.mrkdwn import BUTTON_TEXT, escape, plain, safe
from cases.day_words import long_day, long_moment
from cases.sizes import size_text
from casework.reading import record_read
from store.cases.case_file import AttachmentRow, CaseFile, case_file
from store.cases.stage_reports import ReportRow

log = logging.getLogger("heard.slack")

DETAILS_VIEW = "details_view"
PAGE_BLOCKS = 30  # content blocks a page holds; with the navigation far under Slack's 100
PAGE_CHARS = 24_000  # and about this much text, so a page stays readable and small
CHUNK = 2_900  # a section's text is at most 3,000 characters
# Of one message, what Slack shows (splitting and paging a very long message outlasts Slack's
# 3 s trigger); the rest is read in `heard cases show` or the web view.
MAX_MESSAGE_CHARS = 100_000

Local = Callable[[datetime], datetime]


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text or "-"}}


def split_escaped(text: str, size: int = CHUNK) -> list[str]:
    """Outside text escaped for mrkdwn and cut into pieces of at most `size` characters, never
    inside an entity such as `&amp;`, preferring to cut at a line break."""
    escaped = escape(text)
    pieces = []
    start, length = 0, len(escaped)
    while length - start > size:  # one pass: the rest is never copied (that was quadratic)
        end = start + size
        newline = escaped.rfind("\n", start, end)
        if newline > start + size // 2:
            end = newline + 1
        amp = escaped.rfind("&", start, end)
        if amp > start and escaped.find(";", amp, end) == -1:
            end = amp
        pieces.append(escaped[start:end])
        start = end
    pieces.append(escaped[start:])
    return pieces


def shown_text(text: str, *, cut: bool = False) -> str:
    """A message's text as View details shows it: at most MAX_MESSAGE_CHARS, saying where the
    rest is. `cut` when `text` is only the message's beginning (as read for Slack: the rest never
    leaves the database)."""
    if len(text) <= MAX_MESSAGE_CHARS and not cut:
        return text.strip() or "(no text)"
    return (
        text[:MAX_MESSAGE_CHARS].strip()
        + f"\n… (the message goes on past its first {MAX_MESSAGE_CHARS:,} characters: read the "
        "whole of it with heard cases show or in the web view)"
    )


def attachment_line(row: AttachmentRow) -> str:
    kept = " (too large, not kept)" if row.withheld else ""
    return (
        f"{row.number}. {safe(row.filename or '(no name)', 200)} · "
        f"{safe(row.content_type, 100)} · {size_text(row.size)}{kept}"
    )


def report_lines(reports: list[ReportRow], *, local: Local) -> str:
    """Stage 2's reports by whose they are and the day each was attached, whether the response
    carried it: never the file or its name (a name can say a child's), which the web view's
    audited download and `heard cases report` give."""
    lines = [
        f"{row.number}. {row.kind.label} · attached {long_day(local(row.uploaded_at).date())}"
        + (" · enclosed with the stage 2 response" if row.enclosed else "")
        for row in reports
    ]
    return f"*Stage 2 reports ({len(reports)})*\n" + "\n".join(lines)


def detail_blocks(found: CaseFile, *, local: Local) -> list[Block]:
    """Every piece of the case file staff read in Slack, one section block each (long texts
    spread over several): outside text is escaped, nothing can ping or link."""
    case = found.case
    blocks = [
        _section(f"*Subject*\n{safe(case.subject or '-', CHUNK)}"),
        _section(
            f"*Received*\n{long_moment(local(case.received_at), weekday=True)}"
            + (
                f" (deadlines count from {long_day(case.receipt_day)})"
                if local(case.received_at).date() != case.receipt_day
                else ""
            )
        ),
    ]
    for person in found.people:
        contact = ", ".join(filter(None, [person.name, person.email, person.phone])) or "-"
        blocks.append(_section(f"*{person.role.value.capitalize()}*\n{safe(contact, CHUNK)}"))
    for child in found.children:
        blocks.append(_section(f"*Child*\n{safe(child.name or '-', CHUNK)}"))

    attachments = found.attachments
    lines = [attachment_line(row) for row in attachments] or ["None"]
    title = f"*Attachments ({len(attachments)})*"
    current = title
    for line in lines:
        if len(current) + 1 + len(line) > CHUNK:
            blocks.append(_section(current))
            current = title + " (continued)"
        current += "\n" + line
    blocks.append(_section(current))
    if found.reports:
        blocks.append(_section(report_lines(found.reports, local=local)))

    blocks.append({"type": "divider"})
    blocks.append(_section(f"*Messages ({len(found.messages)})*, oldest first"))
    for number, message in enumerate(found.messages, start=1):
        when = local(message.at)
        heading = (
            f"*{number}. {message.direction.capitalize()} · {safe(message.channel, 40)} · "
            f"{long_moment(when, weekday=True)}*"
        )
        if message.subject:
            heading += f"\n_{safe(message.subject, 300)}_"
        attached = (
            "\n" + ", ".join(f"[attachment {row.number}]" for row in message.attachments)
            if message.attachments
            else ""
        )
        shown = shown_text(message.text, cut=message.text_cut)
        pieces = split_escaped(shown, CHUNK - len(heading) - 200)
        blocks.append(_section(f"{heading}\n{pieces[0]}" + (attached if len(pieces) == 1 else "")))
        for index, piece in enumerate(pieces[1:], start=2):
            tail = attached if index == len(pieces) else ""
            blocks.append(_section(f"_({number}, continued)_\n{piece}{tail}"))
    return blocks


def pages_of(blocks: list[Block]) -> list[list[Block]]:
    """Blocks packed into pages of at most PAGE_BLOCKS blocks and about PAGE_CHARS characters."""
    pages: list[list[Block]] = [[]]
    chars = 0
    for block in blocks:
        size = len(str(block.get("text", {}).get("text", "")))
        if pages[-1] and (len(pages[-1]) >= PAGE_BLOCKS or chars + size > PAGE_CHARS):
            pages.append([])
            chars = 0
        pages[-1].append(block)
        chars += size
    return pages


def _nav_button(action_id: str, text: str, page: int) -> Block:
    return {
        "type": "button",
        "action_id": action_id,
        "value": str(page),
        "text": plain(text, BUTTON_TEXT),
    }


def details_modal(reference: str, *, blocks: list[Block], page: int = 0) -> View:
    """Page `page` (0 upwards, clamped) of the details, with Previous/Next when there are more."""
    pages = pages_of(blocks)
    page = min(max(page, 0), len(pages) - 1)
    shown = list(pages[page])
    if len(pages) > 1:
        buttons = []
        if page > 0:
            buttons.append(_nav_button(ids.DETAILS_PREVIOUS, "Previous", page - 1))
        if page < len(pages) - 1:
            buttons.append(_nav_button(ids.DETAILS_NEXT, "Next", page + 1))
        shown += [
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"Page {page + 1} of {len(pages)}"}],
            },
            {"type": "actions", "block_id": "details_pages", "elements": buttons},
        ]
    view = modal(DETAILS_VIEW, "Case details", shown, reference=reference)
    view.pop("submit")
    view["close"] = plain("Close", 24)
    return view


def _view_of(kit: Kit, reference: str, page: int) -> Callable[[Session], View | str]:
    zone = kit.deps.calendar.zone

    def local(moment: datetime) -> datetime:
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)

    def read(session: Session) -> View | str:
        case = case_or_why(session, reference)
        if isinstance(case, str):
            return case
        found = case_file(session, case=case, text_limit=MAX_MESSAGE_CHARS)
        blocks = detail_blocks(found, local=local)
        return details_modal(case.reference, blocks=blocks, page=page)

    return read


def opener(kit: Kit) -> Listener:
    async def open_details(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        actor = slack_actor(user_of(body))

        async def shown(reference: str) -> None:  # a read: the case leaves the reading queue
            await kit.write(
                lambda session: record_read(
                    session,
                    reference=reference,
                    actor=actor,
                    at=kit.deps.now(),
                    where="slack details",
                )
            )

        await kit.open_modal(
            ack,
            body,
            client,
            permission=ids.VIEW_DETAILS,
            view_for=lambda reference: kit.read(_view_of(kit, reference, 0)),
            opened=shown,
        )

    return open_details


def pager(kit: Kit) -> Listener:
    """Previous/Next in the modal: the button's value is the page to show."""

    async def turn_page(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()
        current: dict[str, Any] = body.get("view") or {}
        reference = str(current.get("private_metadata") or "")[:40]
        if not await kit.permitted(ids.VIEW_DETAILS, body, client, reference):
            return
        value = action_value(body)
        page = int(value) if value.isdigit() and len(value) < 6 else 0
        view = await kit.read(_view_of(kit, reference, page))
        if isinstance(view, str):
            await kit.ephemeral(client, body, view)
            return
        try:
            await client.views_update(
                view_id=str(current.get("id") or ""), hash=current.get("hash"), view=view
            )
        except SlackApiError as error:  # hash_conflict: another click already moved the page
            log.info("details page not updated: %s", error.response.get("error"))
            return
        await kit.write(  # who saw which page (issue 27): each page shows other messages
            lambda session: record_read(
                session,
                reference=reference,
                actor=slack_actor(user_of(body)),
                at=kit.deps.now(),
                where=f"slack details, page {page + 1}",
            )
        )

    return turn_page
