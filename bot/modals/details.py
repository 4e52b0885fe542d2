"""View details: the card's button opens the case's personal details in a modal, for staff with
a role only (cards in channels never carry them)."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Body, Kit, Listener
from bot.modals.common import View, modal
from bot.mrkdwn import plain, safe
from store.cases.queries import CaseDetails, case_details, get_case

DETAILS_VIEW = "details_view"


def details_lines(details: CaseDetails) -> list[tuple[str, str]]:
    lines = [("Subject", details.subject), ("Received", f"{details.received_on:%a %-d %b %Y}")]
    lines += [
        (
            person.role.value.capitalize(),
            ", ".join(filter(None, [person.name, person.email, person.phone])),
        )
        for person in details.people
    ]
    lines += [("Child", name or "-") for name in details.children]
    lines += [
        (f"{item.direction.value} {item.at:%d %b %H:%M}", item.text or "")
        for item in details.latest
    ]
    return lines


def details_modal(reference: str, *, lines: list[tuple[str, str]]) -> View:
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*{safe(label, 100)}*\n{safe(value, 2800) or '-'}"},
        }
        for label, value in lines
    ]
    view = modal(DETAILS_VIEW, "Case details", blocks[:100], reference=reference)
    view.pop("submit")
    view["close"] = plain("Close", 24)
    return view


def opener(kit: Kit) -> Listener:
    async def open_details(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            def read(session: Session) -> list[tuple[str, str]] | None:
                case = get_case(session, reference=reference)
                return details_lines(case_details(session, case=case)) if case else None

            lines = await kit.read(read)
            if lines is None:
                return f"There is no case {reference}."
            return details_modal(reference, lines=lines)

        await kit.open_modal(ack, body, client, permission=ids.VIEW_DETAILS, view_for=view_for)

    return open_details
