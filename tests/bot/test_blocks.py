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
from bot.modals.details import details_modal
from bot.modals.extend import extend_modal, parse_extend
from bot.modals.log_contact import log_contact_modal
from bot.modals.reason_for_delay import reason_for_delay_modal
from bot.modals.respond import parse_respond, respond_modal
from bot.mrkdwn import escape, safe
from cases.enums import CaseStatus
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
        respond_modal("CSC-2026-000001", late=True),
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
        "outcome": {"value": {"selected_option": {"value": "upheld"}}},
        "responded_on": {"value": {"selected_date": "2026-03-20"}},
        "manager_contact": {"value": {"selected_option": {"value": "yes"}}},
        "compensation": {"value": {"value": "250.50"}},
    }
    parsed = parse_respond(Form(values), DATES)
    assert parsed is not None and parsed.compensation_pence == 25050
    late = Form({**values, "reason_for_delay": {"value": {}}})
    assert parse_respond(late, DATES) is None and "reason_for_delay" in late.errors


def test_typed_text_a_database_cannot_hold_is_marked_not_dropped() -> None:
    """Staff text gets the store's rule (store/text.py), like mail: NUL and a lone surrogate
    become a visible U+FFFD."""
    form = Form({"reason": {"value": {"value": " a\x00b\ud83d "}}})
    assert form.text("reason", max_length=10) == "a\ufffdb\ufffd"


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
