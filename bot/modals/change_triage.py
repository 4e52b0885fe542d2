"""Change triage: the card's button opens this modal; submitting it applies the changed kind
and route with the reason (audited) and confirms the triage."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot import ids
from bot.kit import Act, Body, Change, Dates, Kit, Listener
from bot.modals.common import Form, View, enum_options, input_block, modal, select, text_input
from cases.enums import NotLoggedReason, RecordKind, Route
from store.cases.queries import issues_of
from store.cases.service import IssueProposal, TriageResult

KINDS = enum_options(list(RecordKind))
ROUTES = enum_options(list(Route))
NOT_LOGGED = enum_options(list(NotLoggedReason))
WHY_MAX = 1000


def change_triage_modal(reference: str) -> View:
    return modal(
        ids.CHANGE_TRIAGE_VIEW,
        "Change triage",
        [
            input_block("kind", "Kind of record", select(KINDS)),
            input_block("route", "Route", select(ROUTES)),
            input_block("not_logged", "Reason not logged", select(NOT_LOGGED), optional=True),
            input_block("why", "Why the change", text_input(WHY_MAX)),
        ],
        reference=reference,
    )


@dataclass(frozen=True)
class ChangeTriageInput:
    kind: RecordKind
    route: Route
    not_logged: NotLoggedReason | None
    why: str


def parse_change_triage(form: Form, dates: Dates) -> ChangeTriageInput | None:
    kind = form.enum("kind", RecordKind, KINDS, required="Choose the kind of record.")
    route = form.enum("route", Route, ROUTES, required="Choose a route.")
    reason = form.enum(
        "not_logged",
        NotLoggedReason,
        NOT_LOGGED,
        required="Say why it is not logged." if route == Route.NOT_LOGGED else None,
    )
    why = form.text(
        "why", max_length=WHY_MAX, required="Say why you are changing heard's proposal."
    )
    if kind is None or route is None or why is None or form.errors:
        return None
    return ChangeTriageInput(kind, route, reason if route == Route.NOT_LOGGED else None, why)


def apply_change_triage(change: ChangeTriageInput) -> Change:
    def apply(act: Act) -> None:
        service, session, case, actor = act.service, act.session, act.case, act.actor
        assert case.id is not None
        service.apply_triage(
            session,
            case=case,
            actor=actor,
            reason=change.why,
            result=TriageResult(
                record_kind=change.kind,
                route=change.route,
                not_logged_reason=change.not_logged,
                complainant_type=case.complainant_type,
                issues=tuple(
                    IssueProposal(issue.category, issue.team_id, issue.rule_id)
                    for issue in issues_of(session, case_id=case.id)
                ),
                safeguarding=case.safeguarding,
                advocacy_offer=case.advocacy_offer,
                out_of_time=case.out_of_time,
                historic=case.historic,
            ),
        )
        service.confirm_triage(session, case=case, actor=actor, now=act.now)

    return apply


def opener(kit: Kit) -> Listener:
    async def open_change_triage(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            return change_triage_modal(reference)

        await kit.open_modal(ack, body, client, permission=ids.CHANGE_TRIAGE, view_for=view_for)

    return open_change_triage


def submission(kit: Kit) -> Listener:
    async def change_triage_submitted(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await kit.submitted(
            ack,
            body,
            client,
            permission=ids.CHANGE_TRIAGE,
            parse=parse_change_triage,
            apply=apply_change_triage,
        )

    return change_triage_submitted
