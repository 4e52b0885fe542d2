"""The hand tool's `submit` sends what Slack sends: a field left as heard showed it submits
its initial value, and every box ticked (Slack's view_submission carries checkboxes as
`selected_options`, a list of the options themselves). Found walking: Change triage came back "Choose the kind of record" and
"Choose a route" though the modal showed both chosen, so walkers retyped what Slack sends."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.modals.advocacy import advocacy_modal, parse_advocacy
from bot.modals.common import Form
from bot.modals.respond import parse_respond, respond_modal
from testkit.slack_signing import not_offered, view_submission
from testkit.standins import left_as_shown, shown, typed_answers
from tests.bot.test_blocks import DATES, FACTS

VIEW = {
    "blocks": [
        {"type": "input", "block_id": "kind", "element": {
            "type": "static_select", "initial_option": {"value": "complaint"}}},
        {"type": "input", "block_id": "issues", "element": {
            "type": "plain_text_input", "initial_value": "communication:fostering"}},
        {"type": "input", "block_id": "remedies", "element": {
            "type": "checkboxes", "initial_options": [{"value": "apology"}, {"value": "explanation"}]}},
        {"type": "input", "block_id": "why", "element": {"type": "plain_text_input"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "not a field"}},
    ]
}  # fmt: skip


def test_untouched_fields_submit_what_they_showed() -> None:
    assert left_as_shown(VIEW, {"why": "one team answers", "kind": "pre_complaint"}) == {
        "kind": "pre_complaint",
        "issues": "communication:fostering",
        "remedies": ["apology", "explanation"],
        "why": "one team answers",
    }


def submitted(view: dict[str, Any], answers: list[str]) -> Form:
    """What heard reads when `submit ANSWERS` presses Save on `view`."""
    typed = left_as_shown(view, typed_answers(view, answers))
    return Form(view_submission(view, typed, user="UOFFICER")["view"]["state"]["values"])


RESPONSE = [
    "outcome_1=upheld",
    "finding_1=Nobody returned your calls.",
    "outcome_2=resolved_early",
    "responded_on=2026-03-13",
]


@pytest.mark.parametrize(
    "ticked",
    [["remedies=apology", "remedies=explanation"], ["remedies=apology,explanation"]],
    ids=["named-twice", "a,b"],
)
def test_every_box_ticked_in_record_response_reaches_heard(ticked: list[str]) -> None:
    """Found walking: `submit remedies=apology remedies=explanation` recorded the explanation
    alone, as if one box had been ticked (the answers were read into a dict)."""
    view = respond_modal("CSC-2026-000001", FACTS, today=DATES.today)
    form = submitted(view, [*RESPONSE, *ticked, "manager_contact=yes"])
    parsed = parse_respond(FACTS, form, DATES.today)
    assert parsed is not None, form.errors
    assert [remedy.kind.value for remedy in parsed.remedies] == ["apology", "explanation"]
    assert parsed.manager_contacted
    # as Slack sends them: the options themselves, with the text the officer saw
    sent = form.values["remedies"]["value"]["selected_options"]
    assert [option["value"] for option in sent] == ["apology", "explanation"]
    assert all(option["text"]["text"] for option in sent)


def test_the_advocacy_modals_box_reaches_heard() -> None:
    view = advocacy_modal("CSC-2026-000001", today=date(2026, 3, 9))
    answers = ["status=taken_up", "advocate_name=Ann Advocate",
               "advocate_email=ann@advocacy.example", "consent=yes"]  # fmt: skip
    given = parse_advocacy(submitted(view, answers), DATES)
    assert given is not None and given.advocate == ("Ann Advocate", "ann@advocacy.example", True)
    unticked = parse_advocacy(submitted(view, answers[:-1]), DATES)
    assert unticked is not None and unticked.advocate == (
        "Ann Advocate", "ann@advocacy.example", False,
    )  # fmt: skip


def test_a_choice_the_modal_does_not_offer_is_refused_as_slack_would() -> None:
    """The hand tool refuses it (a typo, not what an officer could click); the tests of heard's
    own defence still send it bare, as a forged request would."""
    view = respond_modal("CSC-2026-000001", FACTS, today=DATES.today)
    typed = [*RESPONSE, "remedies=apology", "remedies=cake"]
    assert not_offered(view, left_as_shown(view, typed_answers(view, typed))) == [
        "remedies: 'cake'"
    ]
    forged = submitted(view, typed)
    assert forged.values["remedies"]["value"]["selected_options"][1] == {"value": "cake"}
    assert parse_respond(FACTS, forged, DATES.today) is None and "remedies" in forged.errors
    with pytest.raises(SystemExit, match="named twice"):
        typed_answers(view, ["outcome_1=upheld", "outcome_1=not_upheld"])


def test_posted_names_the_cards_menu_options_as_click_takes_them() -> None:
    """Walking: `posted` printed the ⋯ menu as "[case_more] " with nothing after it and each
    option as "case_pause CSC-2026-000001", which `click --option` refuses; it wants the name."""
    menu = {
        "type": "overflow",
        "action_id": "case_more",
        "options": [
            {
                "text": {"type": "plain_text", "text": "Pause…"},
                "value": "case_pause CSC-2026-000001",
            }
        ],
    }
    assert shown(menu) == [
        "   [case_more] ⋯ menu (click with --option NAME)",
        "      case_pause: Pause…",
    ]
