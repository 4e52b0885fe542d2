"""Learning actions from the card's More menu: add one (what, owner team, due date) or move one
on (in progress, implemented, not implemented with why). Both go through casework.records,
as `heard case REF learning|learning-status` do, and are audited on the case; the annual
report's learning tables count them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Dates, Kit, Listener
from bot.modals.common import (
    Form,
    View,
    datepicker,
    enum_options,
    input_block,
    modal,
    text_input,
)
from bot.modals.common import (
    select as static_select,
)
from bot.modals.dated import saving
from bot.mrkdwn import option_label
from cases.enums import LearningStatus
from casework import records
from store.cases.learning import learning_actions
from store.cases.queries import get_case
from store.models import Case

TEXT_MAX, WHY_MAX = 2000, 1000
MOVES = enum_options(
    [LearningStatus.IN_PROGRESS, LearningStatus.IMPLEMENTED, LearningStatus.NOT_IMPLEMENTED]
)


def team_options(kit: Kit) -> list[tuple[str, str]]:
    """The council's teams, as the rule file names them (every one: the menu groups them by
    100 when there are more)."""
    return [(team.id, team.name) for team in kit.deps.organisation.teams]


def add_learning_modal(reference: str, *, teams: list[tuple[str, str]], today: date) -> View:
    return modal(
        ids.ADD_LEARNING_VIEW,
        "Add learning",
        [
            input_block("text", "What will change", text_input(TEXT_MAX, multiline=True)),
            input_block("owner", "Owner team", static_select(teams)),
            input_block(
                "due_on", "Due by", {"type": "datepicker", "action_id": "value"}, optional=True
            ),
            input_block("identified_on", "Identified on", datepicker(initial=today)),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class NewLearning:
    text: str
    owner: str
    due_on: date | None
    identified_on: date


def parse_add_learning(
    form: Form, dates: Dates, *, teams: list[tuple[str, str]]
) -> NewLearning | None:
    text = form.text("text", max_length=TEXT_MAX, required="Say what will change.")
    owner = form.choice("owner", teams, required="Choose the team that owns it.")
    identified = dates.happened(form, "identified_on", required="Choose the day it was identified.")
    due = form.day(
        "due_on",
        earliest=identified or dates.today,
        earliest_why=", the day it was identified" if identified else " (today)",
    )
    if text is None or owner is None or identified is None or form.errors:
        return None
    return NewLearning(text, owner, due, identified)


def apply_add_learning(given: NewLearning) -> Change:
    def apply(act: Act) -> None:
        records.add_learning(
            act.service,
            act.session,
            case=act.case,
            text=given.text,
            owner_team_id=given.owner,
            identified_on=given.identified_on,
            due_on=given.due_on,
            actor=act.actor,
            today=act.today,
        )

    return apply


def learning_of(reference: str) -> Callable[[Session], list[tuple[str, str]] | None]:
    """The case's learning actions as options: (id, "N. text (status)"), N as `cases show`
    numbers them; None when there is no such case."""

    def read(session: Session) -> list[tuple[str, str]] | None:
        case = get_case(session, reference=reference) if reference else None
        if case is None:
            return None
        return [
            (str(row.id), option_label(f"{number}. {row.text}", f" ({row.status.label.lower()})"))
            for number, row in enumerate(learning_actions(session, case=case), start=1)
        ][:100]

    return read


def update_learning_modal(reference: str, *, actions: list[tuple[str, str]], today: date) -> View:
    return modal(
        ids.UPDATE_LEARNING_VIEW,
        "Update learning",
        [
            input_block("learning", "Learning action", static_select(actions)),
            input_block("status", "Now", static_select(MOVES)),
            input_block("on", "Since", datepicker(initial=today)),
            input_block(
                "why",
                "Why not implemented (if so)",
                text_input(WHY_MAX, multiline=True),
                optional=True,
            ),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class LearningMove:
    learning_id: int
    status: LearningStatus
    on: date
    why: str | None


def parse_update_learning(
    form: Form, dates: Dates, *, actions: list[tuple[str, str]]
) -> LearningMove | None:
    chosen = form.choice("learning", actions, required="Choose the learning action.")
    status = form.enum("status", LearningStatus, MOVES, required="Choose where it is now.")
    on = dates.happened(form, "on", required="Choose the day.")
    why = form.text("why", max_length=WHY_MAX)
    if status == LearningStatus.NOT_IMPLEMENTED and why is None and "why" not in form.errors:
        form.errors["why"] = "Say why it was not implemented."
    if chosen is None or status is None or on is None or form.errors:
        return None
    return LearningMove(int(chosen), status, on, why)


def apply_update_learning(given: LearningMove) -> Change:
    def apply(act: Act) -> None:
        records.update_learning(
            act.service,
            act.session,
            case=act.case,
            learning_id=given.learning_id,
            status=given.status,
            on=given.on,
            note=given.why,
            actor=act.actor,
            today=act.today,
        )

    return apply


def add_opener(kit: Kit) -> Listener:
    async def open_add_learning(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            return add_learning_modal(reference, teams=team_options(kit), today=kit.deps.today())

        await kit.open_modal(ack, body, client, permission=ids.ADD_LEARNING, view_for=view_for)

    return open_add_learning


def add_submission(kit: Kit) -> Listener:
    def check(session: Session, case: Case, form: Form, today: date) -> NewLearning | None:
        dates = kit.dates_for(case, today)
        return parse_add_learning(form, dates, teams=team_options(kit))

    return saving(
        kit,
        permission=ids.ADD_LEARNING,
        check=check,
        apply=apply_add_learning,
        refusal_field="text",
    )


def update_opener(kit: Kit) -> Listener:
    async def open_update_learning(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            actions = await kit.read(learning_of(reference))
            if actions is None:
                return f"There is no case {reference}."
            if not actions:
                return f"{reference} has no learning action yet: add one first."
            return update_learning_modal(reference, actions=actions, today=kit.deps.today())

        await kit.open_modal(ack, body, client, permission=ids.UPDATE_LEARNING, view_for=view_for)

    return open_update_learning


def update_submission(kit: Kit) -> Listener:
    def check(session: Session, case: Case, form: Form, today: date) -> LearningMove | None:
        actions = learning_of(case.reference)(session) or []
        dates = kit.dates_for(case, today)
        return parse_update_learning(form, dates, actions=actions)

    return saving(
        kit,
        permission=ids.UPDATE_LEARNING,
        check=check,
        apply=apply_update_learning,
        refusal_field="status",
    )
