"""The web view's Arrange the review panel form: the letter with the panel's date and the right
to attend with an advocate is shown before it is sent, then sent on confirm."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from cases.actor import Actor, Via
from cases.enums import Outcome
from casework.escalation import escalate
from casework.response import ResponseInput, record_response
from heard.wiring import build_case_service
from store.db import read_scope, session_scope
from store.models import Case, Correspondence
from tests.outcome_letters import findings_for
from tests.panels import arranged
from tests.web.conftest import Web, csrf_of
from tests.web.test_actions import day_fields, post


def at_stage_three(web: Web, reference: str) -> None:
    service = build_case_service(web.context)
    actor = Actor.staff(Via.CLI, "o")
    today = web.clock.now().date()
    with session_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        for _ in range(2):
            record_response(service, session, case=case, actor=actor, today=today,
                            response=ResponseInput(responded_on=today,
                                                   issue_outcomes={1: Outcome.NOT_UPHELD}, findings=findings_for({1: Outcome.NOT_UPHELD})))  # fmt: skip
            escalate(service, session, case=case, requested_on=today, actor=actor, today=today)


def test_the_panel_date_letter_is_previewed_then_sent(web: Web) -> None:
    reference = web.new_case()
    at_stage_three(web, reference)
    web.sign_in()
    path = f"/cases/{reference}/actions/panel-arranged"
    panel_on = web.clock.now().date() + timedelta(days=14)
    data = {**day_fields("panel_on", panel_on), "details": "10am, Room 2, the Civic Centre"}
    preview = post(web, path, data)
    assert preview.status_code == 200, preview.text[-1500:]  # type: ignore[attr-defined]
    shown = " ".join(preview.text.split())  # type: ignore[attr-defined]
    assert "review panel for your complaint will meet on" in shown and "advocate" in shown
    confirmed = web.client.post(
        path, data={**data, "confirm": "yes", "csrf_token": csrf_of(preview.text)}  # type: ignore[attr-defined]
    )
    assert confirmed.status_code == 303
    with read_scope(web.context.engine) as session:
        letters = [
            row.text
            for row in session.exec(select(Correspondence))
            if (row.details or {}).get("letter") == "panel_date"
        ]
    assert len(letters) == 1 and "10am, Room 2, the Civic Centre" in letters[0]


def test_each_stage_three_step_is_offered_only_while_it_can_be_taken(web: Web) -> None:
    """As the Slack card (walker2's walk): the panel, then the chair's report, then the response."""
    reference = web.new_case()
    at_stage_three(web, reference)
    web.sign_in()

    def offered() -> list[str]:
        page = web.client.get(f"/cases/{reference}").text
        return [slug for slug in ("panel-arranged", "panel-held", "chair-report", "respond")
                if f"/actions/{slug}\"" in page]  # fmt: skip

    assert offered() == ["panel-arranged"]  # Panel held is refused until it is arranged
    today = web.clock.now().date()
    # never arranged, so the family was never told the date or their right to an advocate
    unarranged = post(web, f"/cases/{reference}/actions/panel-held", day_fields("on", today))
    assert unarranged.status_code == 400  # type: ignore[attr-defined]
    assert "Arrange the panel first" in unarranged.text  # type: ignore[attr-defined]
    arranged(web.context.engine, reference, today)
    assert offered() == ["panel-arranged", "panel-held"]  # the date may still be moved
    post(web, f"/cases/{reference}/actions/panel-held", day_fields("on", today))
    assert offered() == ["chair-report"]
