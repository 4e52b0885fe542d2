"""A Slack form or button whose change writes to the complainant shows the letter before it goes.

Save on the form checks every field as before, then runs the change in a transaction that is
rolled back, so nothing is recorded or sent; the letters it wrote are pushed as a second view,
Send and Back. A change that writes no letter (no address; a step with nothing to tell) is
made at once, as Save always did. A one-click button (Withdraw, Confirm triage) runs the same
way: the letter opens as a modal, Send and Cancel (`button_previewing`). What was typed is kept server-side (store/slack_drafts.py: private_metadata holds
3,000 characters, a response's findings far more), under a random key that view carries, for
the person who typed it only, for DRAFT_KEPT. Send checks the draft again against the case as
it is now and makes the change for real; Back returns to the form with what was typed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot.in_time import (
    CLEAR,
    CLOSE,
    REFUSED,
    REFUSED_ASIDE,
    Answer,
    Placeholder,
    answer_form,
    field_errors,
    notice,
    push,
    replace,
    section,
)
from bot.kit import (
    Act,
    Body,
    Change,
    Kit,
    Listener,
    Refused,
    about_the_case,
    action_value,
    case_or_why,
    refusal_text,
    slack_actor,
    user_of,
)
from bot.modals.common import Block, Form, View
from bot.modals.dated import (
    ERROR_MAX,
    UNREADABLE,
    Check,
    form_errors,
    read_form,
    short_errors,
)
from bot.mrkdwn import MODAL_TITLE, plain
from cases.lifecycle import InvalidTransition
from cases.timescales import ExtensionRefused
from casework.service import case_id
from store.cases.letter_facts import for_staff, letters_since, newest_correspondence_id
from store.cases.versions import ConcurrentChange
from store.db import write_scope
from store.slack_drafts import draft_of, drop_draft, save_draft

T = TypeVar("T")
DRAFT_KEPT = timedelta(hours=2)
CHUNK = 2900  # characters of letter per block (a section's text holds 3,000)
MAX_BLOCKS = 95  # a view holds 100
REFUSALS = (InvalidTransition, ExtensionRefused, Refused)  # as Kit.change answers them
# what a view shows when the work behind it finished after Slack's answer (bot/in_time.py)
DONE = "Recorded: the card shows it. Close this."
SENT = "Recorded and sent: the card shows it. Close this."


@dataclass(frozen=True)
class Letter:
    subject: str
    text: str
    for_staff: str = ""  # beside the letter, not in it (store.cases.letter_facts.for_staff)


class _RolledBack(Exception):
    def __init__(self, letters: list[Letter]) -> None:
        self.letters = letters


def previewing(
    kit: Kit,
    *,
    permission: str,
    check: Check[T],
    apply: Callable[[T], Change],
    refusal_field: str,
    preview_id: str,
) -> tuple[Listener, Listener]:
    """The form's submission listener (check, then push the letters) and the preview's (Send)."""

    async def parse(reference: str, values: Any) -> tuple[Form, T | None]:
        return await read_form(
            kit, reference=reference, values=values, check=check, refusal_field=refusal_field
        )

    async def submitted(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await answer_form(ack, body, client, saved(body, client), done=DONE)

    async def saved(body: Body, client: AsyncWebClient) -> Answer:
        view = body.get("view") or {}
        reference = str(view.get("private_metadata") or "")[:40]
        if not await kit.permitted(permission, body, client, reference):
            return REFUSED
        values = (view.get("state") or {}).get("values") or {}
        form, parsed = await parse(reference, values)
        if form.errors or parsed is None:
            return field_errors(form_errors(form, refusal_field))
        user = user_of(body)
        letters = await asyncio.to_thread(_dry_run, kit, reference, user, apply(parsed))
        if isinstance(letters, str):
            return field_errors(short_errors({refusal_field: letters}))
        if not letters:  # nothing reaches the complainant: nothing to check first
            problem = await kit.change(reference=reference, user=user, apply=apply(parsed))
            if problem:
                return field_errors(short_errors({refusal_field: problem}))
            return CLOSE

        def keep(session: Session) -> str:
            return save_draft(session, reference=reference, user=user, values=values,
                              now=kit.deps.now(), keep=DRAFT_KEPT)  # fmt: skip

        key = await kit.write(keep)
        return push(preview_view(preview_id, reference, letters, key))

    async def send(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def changed(reference: str, values: Any) -> str | None:
            form, parsed = await parse(reference, values)
            if form.errors or parsed is None:
                return "; ".join(form.errors.values()) or UNREADABLE
            return await kit.change(reference=reference, user=user_of(body), apply=apply(parsed))

        sent = _send_draft(kit, body, client, permission=permission, make=changed,
                           again="Press Back to change the form.")  # fmt: skip
        await answer_form(ack, body, client, sent, done=SENT)

    return submitted, send


def button_previewing(
    kit: Kit,
    *,
    permission: str,
    step: Change,
    preview_id: str,
    done: Callable[[str], str] | None = None,
) -> tuple[Listener, Listener]:
    """A one-click button whose step writes to the complainant: the click runs the step in a
    rolled-back transaction and opens its letters as a modal (Send, Cancel); Send makes the
    step for real. A step that writes no letter is made at once, as the click always did, and
    `done` says so where no card shows the change (a chaser's direct message)."""

    async def clicked(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()
        reference = action_value(body)
        user = user_of(body)
        placeholder = Placeholder(client, str(body.get("trigger_id") or ""))

        async def tell(text: str) -> None:
            if not await placeholder.show(notice(text, title="Not sent")):
                await kit.ephemeral(client, body, text)

        def keep(session: Session) -> str:
            return save_draft(session, reference=reference, user=user, values={},
                              now=kit.deps.now(), keep=DRAFT_KEPT)  # fmt: skip

        async def looked() -> View | list[Letter] | str | None:
            """The letter's view, its draft kept: both within the budget, since the view may
            need the click's trigger, which expires; the draft's write can wait too."""
            if not await kit.permitted(permission, body, client, reference):
                return None
            letters = await asyncio.to_thread(_dry_run, kit, reference, user, step)
            if isinstance(letters, str) or not letters:
                return letters
            key = await kit.write(keep)
            return preview_view(preview_id, reference, letters, key, back="Cancel")

        found = await placeholder.run(looked())
        if found is None:  # refused, and told so
            await placeholder.show(notice(REFUSED_ASIDE, title="Not allowed"))
        elif isinstance(found, str):
            await tell(about_the_case(reference, found))
        elif isinstance(found, dict):  # the letter to check before Send
            await placeholder.show_or_open(found)
        else:  # no letter: nothing reaches the complainant, so the step is made at once
            problem = await kit.change(reference=reference, user=user, apply=step)
            if problem:
                await tell(about_the_case(reference, problem))
            elif not await placeholder.show(notice(done(reference) if done else DONE,
                                                   title="Done")) and done:  # fmt: skip
                await kit.ephemeral(client, body, done(reference))

    async def send(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def changed(reference: str, values: Any) -> str | None:
            return await kit.change(reference=reference, user=user_of(body), apply=step)

        sent = _send_draft(kit, body, client, permission=permission, make=changed,
                           again="Close this and look at the card again.")  # fmt: skip
        await answer_form(ack, body, client, sent, done=SENT)

    return clicked, send


async def _send_draft(
    kit: Kit,
    body: Body,
    client: AsyncWebClient,
    *,
    permission: str,
    make: Callable[[str, Any], Awaitable[str | None]],
    again: str,
) -> Answer:
    """Send on a letter's view: the draft behind it, for the person who saw it, made for real
    (checked again against the case as it is now); the draft is then gone."""
    key = str((body.get("view") or {}).get("private_metadata") or "")[:64]
    user = user_of(body)
    draft = await kit.read(lambda session: draft_of(session, key=key, user=user,
                                                    now=kit.deps.now()))  # fmt: skip
    if draft is None:
        return replace(notice(
            "This letter was sent already, its check expired, or another member of staff "
            "filled in the form. Nothing was recorded from it: close this and use the "
            "card's button again."))  # fmt: skip
    if not await kit.permitted(permission, body, client, draft.reference):
        return REFUSED
    problem = await make(draft.reference, draft.values)
    if problem:
        return replace(notice(f"Not recorded and nothing sent: {problem[:ERROR_MAX]} {again}"))
    await kit.write(lambda session: drop_draft(session, key=key))
    return CLEAR


def _dry_run(kit: Kit, reference: str, user: str, change: Change) -> list[Letter] | str:
    """The letters `change` would write, with nothing kept: its transaction is rolled back."""
    try:
        with write_scope(kit.deps.engine) as session:
            case = case_or_why(session, reference)
            if isinstance(case, str):
                return case
            before = newest_correspondence_id(session, case_id=case_id(case))
            now = kit.deps.now()
            change(Act(service=kit.deps.cases, session=session, case=case,
                       actor=slack_actor(user), now=now,
                       today=kit.deps.calendar.local_date(now)))  # fmt: skip
            session.flush()
            written = letters_since(session, case_id=case_id(case), after_id=before)
            raise _RolledBack(
                [Letter(row.subject, row.text or "", for_staff(row)) for row in written]
            )
    except _RolledBack as done:
        return done.letters
    except REFUSALS as error:
        return refusal_text(error)
    except ConcurrentChange:
        return f"{reference} was changed by someone else just now; try again."


def preview_view(
    preview_id: str, reference: str, letters: list[Letter], key: str, *, back: str = "Back"
) -> View:
    blocks: list[Block] = [
        {
            "type": "context",
            "elements": [
                plain(
                    f"{reference}: nothing is recorded or sent until you press Send. "
                    + (
                        "Back returns to the form as you left it."
                        if back == "Back"
                        else f"{back} leaves the case as it is."
                    ),
                    2000,
                )
            ],
        }
    ]
    for letter in letters:
        blocks.append({"type": "header", "text": plain(f"Letter: {letter.subject}", 150)})
        if letter.for_staff:  # a context block: read as a note to staff, not the letter
            blocks.append({"type": "context", "elements": [plain(letter.for_staff, 2000)]})
        blocks.extend(section(part) for part in _parts(letter.text.strip() or "(empty)"))
    if len(blocks) > MAX_BLOCKS:
        rest = (
            "The letter goes on: see it in full on the case's page in the web view, or with "
            "the heard case command's --preview."
        )
        blocks = [*blocks[: MAX_BLOCKS - 1], section(rest)]
    return {
        "type": "modal",
        "callback_id": preview_id,
        "private_metadata": key,
        "title": plain("Check the letter", MODAL_TITLE),
        "submit": plain("Send", 24),
        "close": plain(back, 24),
        "blocks": blocks,
    }


def _parts(text: str) -> list[str]:
    """The letter in pieces a section holds, cut between paragraphs or words."""
    parts = []
    while len(text) > CHUNK:
        cut = max(text.rfind("\n", 0, CHUNK), text.rfind(" ", 0, CHUNK))
        cut = cut if cut > CHUNK // 2 else CHUNK
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*parts, text]
