"""Ombudsman recommendation…: the card's button, shown while a recommendation the Ombudsman made
is not yet completed, records a step on it: progress (it stays outstanding), completed or not
completed, with the day and a note (what was done, the evidence, or why not). Saving goes
through casework.ombudsman.update_recommendation, as `heard case REF recommendation-status`
and the web view do; the step is audited and every card of the case is updated. The note stays
in heard: the thread line says only what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Kit, Listener
from bot.modals.common import Form, View, input_block, modal, select, text_input
from bot.modals.dated import Bound, date_field, day_between, saving
from bot.mrkdwn import option_label
from cases.day_words import long_date
from cases.enums import RecommendationStatus
from casework import ombudsman
from store.cases.lgsco import recommendations_of, still_open
from store.cases.queries import get_case
from store.models import Case, LgscoCase, LgscoRecommendation

STEPS = [
    (RecommendationStatus.OUTSTANDING.value, "Progress made (still outstanding)"),
    (RecommendationStatus.COMPLETED.value, "Completed"),
    (RecommendationStatus.NOT_COMPLETED.value, "Not completed"),
]
# the note each step needs, said when it is left empty
NOTE_NEEDED = {
    RecommendationStatus.OUTSTANDING: "Say what has been done so far.",
    RecommendationStatus.COMPLETED: "Say what shows it was done: the Ombudsman asks for evidence.",
    RecommendationStatus.NOT_COMPLETED: "Say why it was not completed.",
}


def option_text(number: int, row: LgscoRecommendation) -> str:
    tail = f" ({row.status.label.lower()}, due {long_date(row.due_on)})"
    return option_label(f"{number}. {row.text}", tail)


def recommendations_for(reference: str) -> Callable[[Session], list[tuple[str, str]] | None]:
    """The case's recommendations as options, numbered as `heard cases show` numbers them (a
    completed one is listed too, so its evidence can be corrected); None: no such case."""

    def read(session: Session) -> list[tuple[str, str]] | None:
        case = get_case(session, reference=reference) if reference else None
        if case is None:
            return None
        rows = recommendations_of(session, case=case)
        if not still_open(rows):
            return []
        return [
            (str(row.id), option_text(number, row)) for number, row in enumerate(rows, start=1)
        ][:100]

    return read


def recommendation_modal(reference: str, *, listed: list[tuple[str, str]], today: date) -> View:
    return modal(
        ids.UPDATE_RECOMMENDATION_VIEW,
        "Recommendation",
        [
            input_block("recommendation", "Which recommendation", select(listed)),
            input_block("status", "What happened", select(STEPS)),
            date_field("on", "The day", today),
            input_block(
                "note",
                "What was done, the evidence, or why not",
                text_input(ombudsman.NOTE_MAX, multiline=True),
                hint="Kept on the case in heard, not posted in the channel.",
            ),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class RecommendationStep:
    recommendation_id: int
    status: RecommendationStatus
    on: date
    note: str


def check_step(
    kit: Kit, session: Session, case: Case, form: Form, today: date
) -> RecommendationStep | None:
    listed = recommendations_for(case.reference)(session) or []
    chosen = form.choice("recommendation", listed, required="Choose the recommendation.")
    status = form.enum("status", RecommendationStatus, STEPS, required="Choose what happened.")
    row = session.get(LgscoRecommendation, int(chosen)) if chosen else None
    decision = session.get(LgscoCase, row.lgsco_case_id) if row is not None else None
    decided = decision.decided_on if decision is not None else None
    arrived = kit.deps.cases.calendar.local_date(case.received_at)
    bound = (
        Bound(decided, ", the day the Ombudsman decided")
        if decided is not None
        else Bound(arrived, ", the day the complaint was received")
    )
    on = day_between(form, "on", bound, today, "it happened")
    note = form.text(
        "note",
        max_length=ombudsman.NOTE_MAX,
        required=NOTE_NEEDED[status] if status is not None else "Say what happened.",
    )
    if chosen is None or status is None or on is None or note is None or form.errors:
        return None
    return RecommendationStep(int(chosen), status, on, note)


def apply_step(given: RecommendationStep) -> Change:
    def apply(act: Act) -> None:
        ombudsman.update_recommendation(
            act.service,
            act.session,
            case=act.case,
            recommendation_id=given.recommendation_id,
            status=given.status,
            on=given.on,
            note=given.note,
            actor=act.actor,
            today=act.today,
        )

    return apply


def opener(kit: Kit) -> Listener:
    async def open_recommendation(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            listed = await kit.read(recommendations_for(reference))
            if listed is None:
                return f"There is no case {reference}."
            if not listed:
                return f"{reference} has no Ombudsman recommendation still to complete."
            return recommendation_modal(reference, listed=listed, today=kit.deps.today())

        await kit.open_modal(
            ack, body, client, permission=ids.UPDATE_RECOMMENDATION, view_for=view_for
        )

    return open_recommendation


def submission(kit: Kit) -> Listener:
    def check(session: Session, case: Case, form: Form, today: date) -> RecommendationStep | None:
        return check_step(kit, session, case, form, today)

    return saving(
        kit,
        permission=ids.UPDATE_RECOMMENDATION,
        check=check,
        apply=apply_step,
        refusal_field="status",
    )
