"""Everything heard builds for Slack is valid Block Kit, within limits, and escapes outside text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot import ids
from bot.cards import CaseCard, case_card_blocks
from bot.home import home_view
from bot.kit import Dates
from bot.modals.change_triage import change_triage_modal
from bot.modals.common import Form
from bot.modals.dated import Bound
from bot.modals.details import details_modal
from bot.modals.escalate import escalate_modal
from bot.modals.extend import extend_modal, parse_extend
from bot.modals.lgsco_received import lgsco_received_modal
from bot.modals.log_contact import log_contact_modal
from bot.modals.reason_for_delay import reason_for_delay_modal
from bot.modals.respond import MAX_ISSUES, ResponseFacts, parse_respond, respond_modal
from bot.modals.stage_three import CHAIR_REPORT, PANEL_HELD, step_modal
from bot.mrkdwn import escape, safe
from cases.enums import CaseStatus, StageKind
from store.cases.queries import CaseRow

HOSTILE = "<!channel> <!here> <@U123> <https://evil|click> & <script>"


def card(**changes: object) -> CaseCard:
    values: dict[str, object] = dict(
        reference="CSC-2026-000001",
        record_kind="Complaint",
        route="Statutory",
        status="Open",
        stage="Statutory stage 1",
        teams=(("Fostering", "Communication"),),
        received_on=date(2026, 3, 2),
        acknowledged=False,
        ack_due=date(2026, 3, 4),
        stage_due=date(2026, 3, 16),
        working_days_left=8,
        reasons=(("who.parent", "The writer is the child's parent."),),
        safeguarding=True,
        advocacy_offer=True,
        needs_attention=True,
        assignee="U42",
        allowed=frozenset(
            {
                ids.ACKNOWLEDGE,
                ids.EXTEND,
                ids.RESPOND,
                ids.WITHDRAW,
                ids.CONFIRM_TRIAGE,
                ids.CHANGE_TRIAGE,
            }
        ),
    )
    values.update(changes)
    return CaseCard(**values)  # type: ignore[arg-type]


def test_card_blocks_are_valid_block_kit() -> None:
    for block in case_card_blocks(card()):
        Block.parse(block).validate_json()


def test_outside_text_in_a_card_is_escaped() -> None:
    rendered = str(
        case_card_blocks(card(teams=((HOSTILE, HOSTILE),), reasons=((HOSTILE, HOSTILE),)))
    )
    assert "<!channel>" not in rendered and "<@U123>" not in rendered
    assert "&lt;!channel&gt;" in rendered


def test_modals_and_home_are_valid_views() -> None:
    for view in (
        extend_modal("CSC-2026-000001", current_due=date(2026, 3, 16), maximum=date(2026, 3, 30)),
        respond_modal("CSC-2026-000001", FACTS, today=date(2026, 3, 25)),
        escalate_modal("CSC-2026-000001", today=date(2026, 3, 25)),
        step_modal(PANEL_HELD, "CSC-2026-000001", today=date(2026, 3, 25)),
        step_modal(CHAIR_REPORT, "CSC-2026-000001", today=date(2026, 3, 25)),
        lgsco_received_modal("CSC-2026-000001", today=date(2026, 3, 25)),
        log_contact_modal(),
        change_triage_modal("CSC-2026-000001"),
        reason_for_delay_modal("CSC-2026-000001"),
        details_modal("CSC-2026-000001", lines=[("Subject", HOSTILE * 200)]),
        home_view(
            mine=[CaseRow("CSC-2026-000001", CaseStatus.OPEN, date(2026, 3, 1))],
            team=[],
            today=date(2026, 3, 2),
        ),
    ):
        View(**view).validate_json()


DATES = Dates(received=date(2026, 3, 2), today=date(2026, 3, 25))


def test_modal_parsing_reports_field_errors() -> None:
    form = Form({})
    assert parse_extend(form, DATES) is None
    assert form.errors == {
        "new_due": "Choose the new due date.",
        "reason": "Say why the extension is needed.",
    }
    values = {
        "outcome_1": {"value": {"selected_option": {"value": "upheld"}}},
        "outcome_2": {"value": {"selected_option": {"value": "not_upheld"}}},
        "responded_on": {"value": {"selected_date": "2026-03-13"}},
        "remedies": {"value": {"selected_options": [{"value": "financial"}]}},
        "financial_amount": {"value": {"value": "250.50"}},
        "cost_independent_person": {"value": {"value": "99"}},
    }
    parsed = parse_respond(FACTS, Form(values), DATES.today)
    assert parsed is not None and parsed.remedies[0].amount_pence == 25050
    assert parsed.outcomes == {1: "upheld", 2: "not_upheld"} and not parsed.manager_contacted
    assert [(cost.kind.value, cost.amount_pence) for cost in parsed.costs] == [
        ("independent_person", 9900)
    ]
    # sent after it was due (16 March): the reason for delay is needed
    sent_late = {**values, "responded_on": {"value": {"selected_date": "2026-03-20"}}}
    late = Form({**sent_late, "reason_for_delay": {"value": {"value": None}}})
    assert parse_respond(FACTS, late, DATES.today) is None
    assert set(late.errors) == {"reason_for_delay"}
    # a form opened before the response was late has no such field: say so at the date
    opened_early = Form(sent_late)
    assert parse_respond(FACTS, opened_early, DATES.today) is None
    assert "open Record response again" in opened_early.errors["responded_on"]
    forged = Form({**values, "remedies": {"value": {"selected_options": [{"value": "cake"}]}}})
    assert parse_respond(FACTS, forged, DATES.today) is None and "remedies" in forged.errors


FACTS = ResponseFacts(
    issues=((1, "Issue 1: Staff conduct (Assessment)"), (2, "Issue 2: Communication (Fostering)")),
    stage=StageKind.STATUTORY_2,
    earliest=Bound(date(2026, 3, 2), ", the day this stage started"),
    due=date(2026, 3, 16),
)


def test_the_respond_modal_keeps_within_slacks_limits_with_many_issues() -> None:
    """Labels in plain words, option text within 75 characters, at most 100 blocks and 100
    options, every block_id unique, for the most issues a modal offers."""
    many = ResponseFacts(
        issues=tuple((n, f"Issue {n}: {HOSTILE * 40}") for n in range(1, MAX_ISSUES + 1)),
        stage=StageKind.STATUTORY_3,
        earliest=Bound(date(2026, 3, 2), ""),
        due=date(2026, 3, 16),
    )
    view = respond_modal("CSC-2026-000001", many, today=date(2026, 3, 25))
    View(**view).validate_json()
    blocks = view["blocks"]
    assert len(blocks) <= 100
    assert len({block["block_id"] for block in blocks}) == len(blocks)
    for block in blocks:
        element = block["element"]
        assert 0 < len(block["label"]["text"]) <= 2000 and "_" not in block["label"]["text"]
        options = element.get("options", [])
        assert len(options) <= 100 and all(len(o["text"]["text"]) <= 75 for o in options)
    assert blocks[0]["element"]["initial_date"] == "2026-03-25"
    given = ResponseFacts(**{**FACTS.__dict__, "delay_reason": "Worker off sick"})
    late = respond_modal("CSC-2026-000001", given, today=date(2026, 3, 25))
    delay = next(block for block in late["blocks"] if block["block_id"] == "reason_for_delay")
    assert delay["element"]["initial_value"] == "Worker off sick"  # kept, not asked again


@given(text=st.text(max_size=5000), limit=st.integers(min_value=2, max_value=3000))
def test_safe_text_never_carries_markup_and_respects_limits(text: str, limit: int) -> None:
    result = safe(text, limit)
    assert len(result) <= limit
    assert "<" not in result and ">" not in result
    stripped = result.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")
    assert "&" not in stripped
    assert escape("&<>") == "&amp;&lt;&gt;"


def test_manifest_declares_what_the_app_listens_to() -> None:
    manifest = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "slack" / "manifest.yml").read_text()
    )
    assert manifest["features"]["slash_commands"][0]["command"] == ids.COMMAND
    assert manifest["features"]["shortcuts"][0]["callback_id"] == ids.LOG_CONTACT_SHORTCUT
    assert "app_home_opened" in manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"chat:write", "commands", "im:write"} <= set(manifest["oauth_config"]["scopes"]["bot"])
