"""What every listener shares: the typed dependencies, role checks, ephemeral answers, and
running a change to a case in a worker thread (listeners ack Slack first, then work).

Listeners contain no SQL: reads and writes are store/ functions run through `read` and
`change`; every change goes through the one case service, which audits it and queues the card
update in the same transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot.deps import SlackDeps
from bot.groups import GroupMembership
from bot.in_time import REFUSED_ASIDE, Placeholder, notice
from bot.modals.common import Form, View
from bot.permissions import STAFF_ACTION_OF, allowed, refusal
from cases.actor import Actor, Via
from cases.day_words import people_sentence
from cases.enums import Role
from cases.lifecycle import InvalidTransition
from cases.timescales import ExtensionRefused
from casework.refusals import OTHER_TEAM_REFUSED, record_refusal
from casework.service import CaseService
from casework.team_scope import refusal_outside_their_teams
from store.cases.queries import get_case
from store.cases.versions import ConcurrentChange
from store.db import read_scope, write_scope
from store.models import Case

log = logging.getLogger("heard.slack")
T = TypeVar("T")
Body = dict[str, Any]


@dataclass(frozen=True)
class Act:
    """One change about to be applied: to `case`, by `actor`, at `now`."""

    service: CaseService
    session: Session
    case: Case
    actor: Actor  # a member of staff, by their Slack user id
    now: datetime
    today: date


# what a listener does to a case, inside the transaction `kit.change` opens
Change = Callable[[Act], object]
# a bolt listener; bolt passes the arguments it names (ack, body, client, respond…) by name
Listener = Callable[..., Awaitable[None]]


class Refused(Exception):
    """A change the store accepted in form but not in substance; shown to the user."""


def refusal_text(error: Exception) -> str:
    """A refusal as staff read it next to a field, as one sentence: casework's words alone
    (InvalidTransition.sentence, as the web view says them), never the CLI's "REF (open,
    statutory_3): " nor the reference before them (walkerA: a form said 'CSC-2026-000001:
    cannot pause: the case is paused: resume it first')."""
    if isinstance(error, InvalidTransition):
        return f"{error.sentence}."
    return f"{people_sentence(str(error)).rstrip('.')}."


def about_the_case(reference: str, text: str) -> str:
    """A message in the channel (not beside a form's field) says which case it is about: at
    the end of the sentence, unless the sentence names the case already."""
    if not reference or reference in text:
        return text
    return f"{text.rstrip('.')} ({reference})."


def user_of(body: Body) -> str:
    """The clicking user: `user.id` on interactions, `user_id` on slash commands."""
    return str((body.get("user") or {}).get("id") or body.get("user_id") or "")


def slack_actor(user: str) -> Actor:
    """The member of staff behind a Slack user id, as the audit log names them."""
    return Actor.staff(Via.SLACK, user)


def case_or_why(session: Session, reference: str) -> Case | str:
    """The case with this reference, or the line that says there is none."""
    case = get_case(session, reference=reference) if reference else None
    return case if case is not None else f"There is no case {reference or 'with that reference'}."


def action_value(body: Body) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value") or "")


@dataclass
class Kit:
    deps: SlackDeps
    membership: GroupMembership

    async def roles_of(self, user: str) -> frozenset[Role]:
        return self.deps.organisation.roles_for(user, await self.membership.of(user))

    async def permitted(
        self, action_id: str, body: Body, client: AsyncWebClient, reference: str | None
    ) -> bool:
        """True if the user holds a role for the action; else refused, audited and told so."""
        user = user_of(body)
        roles = await self.roles_of(user)
        if not allowed(action_id, roles):
            await self._refused(action_id, body, client, reference, refusal(action_id))
            return False
        other_team = await self._other_team(action_id, reference, user=user, roles=roles)
        if other_team is not None:
            await self._refused(
                action_id, body, client, reference, other_team, why=OTHER_TEAM_REFUSED
            )
            return False
        return True

    async def _other_team(
        self, action_id: str, reference: str | None, *, user: str, roles: frozenset[Role]
    ) -> str | None:
        """Why a manager may not act on another team's case (casework.team_scope), or None."""
        action = STAFF_ACTION_OF.get(action_id)
        if action is None or not reference:
            return None

        def why(session: Session) -> str | None:
            case = get_case(session, reference=reference)
            if case is None:
                return None
            return refusal_outside_their_teams(
                session, case, action=action, roles=roles, identity=user,
                organisation=self.deps.organisation,
            )  # fmt: skip

        return await self.read(why)

    async def _refused(
        self,
        action_id: str,
        body: Body,
        client: AsyncWebClient,
        reference: str | None,
        said: str,
        *,
        why: str = "no role",
    ) -> None:
        """Audited with who and when, and told to the user alone."""
        user = user_of(body)
        await self.write(
            lambda session: record_refusal(
                session,
                reference=reference,
                actor=slack_actor(user),
                what=STAFF_ACTION_OF.get(action_id, action_id),
                now=self.deps.clock.now(),
                why=why,
            )
        )
        await self.ephemeral(client, body, said)

    async def ephemeral(self, client: AsyncWebClient, body: Body, text: str) -> None:
        """A message only the user sees, where they clicked (or in their DM with the app)."""
        user = user_of(body)
        channel = (body.get("channel") or {}).get("id") or body.get("channel_id") or user
        try:
            await client.chat_postEphemeral(channel=channel, user=user, text=text)
        except Exception:
            log.warning("could not show an ephemeral message")

    async def read(self, work: Callable[[Session], T]) -> T:
        """Run store reads in a worker thread, in one read-only transaction: it never waits
        for a writer (a card's details open while mail is being stored)."""

        def run() -> T:
            with read_scope(self.deps.engine) as session:
                return work(session)

        return await asyncio.to_thread(run)

    async def write(self, work: Callable[[Session], T]) -> T:
        """Run store work that writes in a worker thread, in one write transaction."""

        def run() -> T:
            with write_scope(self.deps.engine) as session:
                return work(session)

        return await asyncio.to_thread(run)

    async def read_case(self, reference: str, work: Callable[[Session, Case], T]) -> T | str:
        """Read about one case (in one read-only transaction); a line saying there is no such
        case instead, for the staff member who clicked."""

        def run(session: Session) -> T | str:
            case = case_or_why(session, reference)
            return case if isinstance(case, str) else work(session, case)

        return await self.read(run)

    async def change(self, *, reference: str, user: str, apply: Change) -> str | None:
        """Apply one change to a case; None when done, else why it was not applied."""

        def work(session: Session) -> str | None:
            case = case_or_why(session, reference)
            if isinstance(case, str):
                return case
            now = self.deps.now()
            apply(
                Act(
                    service=self.deps.cases,
                    session=session,
                    case=case,
                    actor=slack_actor(user),
                    now=now,
                    today=self.deps.calendar.local_date(now),
                )
            )
            return None

        try:
            return await self.write(work)
        except (InvalidTransition, ExtensionRefused, Refused) as error:
            return refusal_text(error)
        except ConcurrentChange:
            return f"{reference} was changed by someone else just now; the card shows it."

    def dates_for(self, case: Case, today: date) -> Dates:
        """The bounds a date entered for `case` must keep (from the day it arrived to today)."""
        return Dates(received=self.deps.cases.arrived_on(case), today=today)

    async def open_modal(
        self,
        ack: AsyncAck,
        body: Body,
        client: AsyncWebClient,
        *,
        permission: str,
        view_for: Callable[[str], Awaitable[View | str]],
        opened: Callable[[str], Awaitable[None]] | None = None,
    ) -> None:
        """A button that opens a modal: ack, check the role, build the view for the case in the
        button's value (or a message saying why not), open it with the click's trigger; then
        `opened` for the case, if given (work that can wait, out of the trigger's 3 s). Past
        ACK_BUDGET a placeholder opens with the trigger and then shows the view or the message."""
        await ack()
        reference = action_value(body)
        placeholder = Placeholder(client, str(body.get("trigger_id") or ""))

        async def built() -> View | str | None:
            if not await self.permitted(permission, body, client, reference):
                return None
            return await view_for(reference)

        view = await placeholder.run(built())
        if view is None:  # refused, and told so
            await placeholder.show(notice(REFUSED_ASIDE, title="Not allowed"))
            return
        if isinstance(view, str):
            if not await placeholder.show(notice(view, title="Not opened")):
                await self.ephemeral(client, body, view)
            return
        await placeholder.show_or_open(view)
        if opened is not None:
            await opened(reference)


@dataclass(frozen=True)
class Dates:
    """The bounds a date entered for a case must keep: not before its receipt, not after today."""

    received: date
    today: date

    def happened(self, form: Form, block_id: str, *, required: str | None = None) -> date | None:
        """The day in `block_id` that something about the case happened: within the bounds."""
        return form.day(
            block_id,
            required=required,
            earliest=self.received,
            earliest_why=", the day the complaint was received",
            latest=self.today,
            latest_why=" (today)",
        )
