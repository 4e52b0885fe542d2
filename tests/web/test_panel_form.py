"""The web view's Arrange the review panel form: the letter with the panel's date and the right
to attend with an advocate is shown before it is sent, then sent on confirm."""

from __future__ import annotations

import html
from datetime import date, timedelta

from sqlmodel import select

from cases.actor import Actor, Via
from cases.day_words import long_date
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


def at_stage_three(web: Web, reference: str, on: date | None = None) -> None:
    """Answered and escalated twice, on `on` (today if not given)."""
    service = build_case_service(web.context)
    actor = Actor.staff(Via.CLI, "o")
    today = web.clock.now().date()
    on = on or today
    with session_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        for _ in range(2):
            record_response(service, session, case=case, actor=actor, today=today,
                            response=ResponseInput(responded_on=on,
                                                   issue_outcomes={1: Outcome.NOT_UPHELD}, findings=findings_for({1: Outcome.NOT_UPHELD})))  # fmt: skip
            escalate(service, session, case=case, requested_on=on, actor=actor, today=today)


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


def test_a_panel_day_gone_by_is_refused_by_its_field_unless_it_met_then(web: Web) -> None:
    """walker1 item 2: the web form accepted a day gone by and wrote nothing, while Slack
    refused it; now casework.stage_three refuses it in words, by the date, unless the box says
    the panel met then (kept with no letter, so it can be recorded as held)."""
    reference = web.new_case()
    today = web.clock.now().date()
    web.clock.set(web.clock.now() + timedelta(days=10))  # stage 3 asked for 10 days ago
    at_stage_three(web, reference, on=today)
    web.sign_in()
    path = f"/cases/{reference}/actions/panel-arranged"
    met_on = next(day for day in (today + timedelta(days=n) for n in range(1, 7))
                  if not web.context.calendar.closed_why(day))  # fmt: skip
    form = web.client.get(path).text
    assert "The panel has already met on that day (no letter goes)" in form
    refused = post(web, path, day_fields("panel_on", met_on))
    assert refused.status_code == 400  # type: ignore[attr-defined]
    text = " ".join(refused.text.split())  # type: ignore[attr-defined]
    said = (f"{long_date(met_on)} has passed: a panel is arranged for a day to come, and the "
            "complainant is sent its date. If the panel met on that day, confirm that it has met")  # fmt: skip
    assert 'href="#panel_on' in text and said in text, text[-3000:]
    kept = post(web, path, {**day_fields("panel_on", met_on), "met_already": "met"})
    assert kept.status_code == 303, kept.text[-2000:]  # type: ignore[attr-defined]
    held = post(web, f"/cases/{reference}/actions/panel-held", day_fields("on", met_on))
    assert held.status_code == 303, held.text[-2000:]  # type: ignore[attr-defined]
    with read_scope(web.context.engine) as session:
        letters = [row for row in session.exec(select(Correspondence))
                   if (row.details or {}).get("letter") == "panel_date"]  # fmt: skip
    assert letters == []


def test_a_panel_before_the_request_or_a_year_away_is_refused_by_its_date(web: Web) -> None:
    """walker6 items 2 and 3, casework.stage_three's rule at the web door: the error is next to
    the date, in the words the CLI and Slack use; nothing is arranged."""
    reference = web.new_case()
    at_stage_three(web, reference)
    web.sign_in()
    path = f"/cases/{reference}/actions/panel-arranged"
    today = web.clock.now().date()
    for day, said in (
        (today - timedelta(days=1),
         f"anel cannot meet before {long_date(today)}, when the complainant asked for stage 3"),
        (today + timedelta(days=366), "is more than a year away: a panel meets within weeks"),
    ):  # fmt: skip
        refused = post(web, path, day_fields("panel_on", day))
        assert refused.status_code == 400  # type: ignore[attr-defined]
        shown = " ".join(refused.text.split())  # type: ignore[attr-defined]
        assert said in shown, shown[-2000:]
        assert 'id="panel_on-error"' in shown and "govuk-error-summary" in shown
    with read_scope(web.context.engine) as session:
        assert not [
            row for row in session.exec(select(Correspondence))
            if (row.details or {}).get("letter") == "panel_date"
        ]  # fmt: skip


def test_a_panel_after_its_deadline_is_refused_by_its_date_unless_ticked(web: Web) -> None:
    """walkerJ: a panel months past its 30 working days was taken silently. The refusal names
    the deadline day next to the date; the box 'meets after its deadline' lets it through."""
    reference = web.new_case()
    at_stage_three(web, reference)
    web.sign_in()
    path = f"/cases/{reference}/actions/panel-arranged"
    today = web.clock.now().date()
    late = next(day for day in (today + timedelta(days=n) for n in range(120, 140))
                if not web.context.calendar.closed_why(day))  # fmt: skip
    assert "The panel meets after its deadline (recorded as late)" in web.client.get(path).text
    refused = post(web, path, day_fields("panel_on", late))
    assert refused.status_code == 400  # type: ignore[attr-defined]
    shown = html.unescape(" ".join(refused.text.split()))  # type: ignore[attr-defined]
    assert f"{long_date(late)} is after the panel's deadline, " in shown, shown[-2000:]
    assert 'id="panel_on-error"' in shown
    previewed = post(web, path, {**day_fields("panel_on", late), "confirm_late": "late"})
    assert previewed.status_code == 200  # type: ignore[attr-defined]  # the letter, before Send
    assert f"will meet on {late:%A} {long_date(late)}" in previewed.text  # type: ignore[attr-defined]
