"""Everything heard builds for Slack is valid Block Kit, within limits, and escapes outside text."""

from __future__ import annotations

import json
import re
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
from bot.modals.advocacy import advocacy_modal
from bot.modals.change_triage import change_triage_modal, parse_change_triage
from bot.modals.common import Form, select
from bot.modals.dated import Bound
from bot.modals.details import details_modal, pages_of, split_escaped
from bot.modals.escalate import escalate_modal
from bot.modals.extend import extend_modal, parse_extend
from bot.modals.learning import add_learning_modal, update_learning_modal
from bot.modals.lgsco_decision import Enquiry, lgsco_decision_modal
from bot.modals.lgsco_received import lgsco_received_modal
from bot.modals.log_contact import log_contact_modal
from bot.modals.pause import pause_modal, resume_modal
from bot.modals.reason_for_delay import reason_for_delay_modal
from bot.modals.respond import MAX_ISSUES, ResponseFacts, parse_respond, respond_modal
from bot.modals.stage_three import CHAIR_REPORT, PANEL_HELD, step_modal
from bot.mrkdwn import OPTION_TEXT, escape, safe, truncate
from cases.enums import CaseStatus, PauseReason, StageKind
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
    for block in case_card_blocks(card(allowed=frozenset({ids.WITHDRAW, ids.CLOSE}))):
        Block.parse(block).validate_json()


def test_withdraw_and_close_ask_before_they_act() -> None:
    blocks = case_card_blocks(card(allowed=frozenset({ids.WITHDRAW, ids.CLOSE, ids.EXTEND})))
    buttons = {
        element["action_id"]: element
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
    }
    assert buttons[ids.WITHDRAW]["confirm"]["title"]["text"] == "Withdraw CSC-2026-000001?"
    assert buttons[ids.WITHDRAW]["confirm"]["style"] == "danger"
    assert buttons[ids.CLOSE]["confirm"]["confirm"]["text"] == "Close"
    assert "confirm" not in buttons[ids.EXTEND]


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
        details_modal("CSC-2026-000001", blocks=[_section(HOSTILE * 200)] * 150, page=2),
        pause_modal("CSC-2026-000001", today=date(2026, 3, 2)),
        resume_modal(
            "CSC-2026-000001",
            paused_on=date(2026, 3, 2),
            reason=PauseReason.POLICE_INVESTIGATION,
            today=date(2026, 3, 9),
        ),
        lgsco_decision_modal(
            "CSC-2026-000001",
            enquiry=Enquiry(date(2026, 3, 2), "25 012 345"),
            today=date(2026, 3, 9),
        ),
        add_learning_modal(
            "CSC-2026-000001", teams=[("fostering", "Fostering")], today=date(2026, 3, 9)
        ),
        update_learning_modal(
            "CSC-2026-000001", actions=[("1", "1. " + HOSTILE * 20)], today=date(2026, 3, 9)
        ),
        advocacy_modal("CSC-2026-000001", today=date(2026, 3, 9)),
        home_view(
            mine=[CaseRow("CSC-2026-000001", CaseStatus.OPEN, date(2026, 3, 1))],
            team=[],
            today=date(2026, 3, 2),
        ),
    ):
        View(**view).validate_json()


def _section(text: str) -> dict[str, object]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": safe(text, 2900)}}


def test_details_pages_keep_within_slacks_limits() -> None:
    """Every page of a long case is a valid view under 100 blocks with a way on and back."""
    blocks = [_section(f"message {n} " + "x" * 2800) for n in range(200)]
    pages = pages_of(blocks)
    assert len(pages) > 1 and sum(map(len, pages)) == 200
    last = len(pages) - 1
    for page in range(len(pages)):
        view = details_modal("CSC-2026-000001", blocks=blocks, page=page)
        View(**view).validate_json()
        assert len(view["blocks"]) <= 100
        buttons = [e.get("action_id") for b in view["blocks"] for e in b.get("elements", [])]
        assert (ids.DETAILS_PREVIOUS in buttons) == (page > 0)
        assert (ids.DETAILS_NEXT in buttons) == (page < last)
    assert (
        details_modal("X", blocks=blocks, page=999)["blocks"]
        == details_modal("X", blocks=blocks, page=last)["blocks"]
    )
    single = details_modal("X", blocks=blocks[:3])
    assert ids.DETAILS_NEXT not in str(single) and len(single["blocks"]) == 3


@given(text=st.text(alphabet="ab&<>\n ", max_size=9000), size=st.integers(20, 3000))
def test_long_text_splits_without_breaking_an_entity(text: str, size: int) -> None:
    pieces = split_escaped(text, size)
    assert "".join(pieces) == escape(text)
    for piece in pieces:
        assert len(piece) <= size
        assert not re.search(r"&(?!amp;|lt;|gt;)", piece)


def test_card_more_menu_and_new_buttons() -> None:
    allowed = frozenset({ids.PAUSE, ids.ADD_LEARNING, ids.ADVOCACY, ids.LGSCO_DECISION})
    blocks = case_card_blocks(card(allowed=allowed))
    for block in blocks:
        Block.parse(block).validate_json()
    menu = [e for b in blocks for e in b.get("elements", []) if e.get("type") == "overflow"]
    assert [o["value"].split() for o in menu[0]["options"]] == [
        [ids.PAUSE, "CSC-2026-000001"],
        [ids.ADD_LEARNING, "CSC-2026-000001"],
        [ids.ADVOCACY, "CSC-2026-000001"],
    ]
    assert ids.LGSCO_DECISION in str(blocks) and ids.RESUME not in str(blocks)


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
        "finding_1": {"value": {"value": "Nobody returned your calls."}},
        "finding_2": {"value": {"value": "The worker was polite on the recording."}},
        "responded_on": {"value": {"selected_date": "2026-03-13"}},
        "remedies": {"value": {"selected_options": [{"value": "financial"}]}},
        "financial_amount": {"value": {"value": "250.50"}},
        "cost_independent_person": {"value": {"value": "99"}},
    }
    parsed = parse_respond(FACTS, Form(values), DATES.today)
    assert parsed is not None and parsed.remedies[0].amount_pence == 25050
    assert parsed.outcomes == {1: "upheld", 2: "not_upheld"} and parsed.manager_contacted is None
    assert [(cost.kind.value, cost.amount_pence) for cost in parsed.costs] == [
        ("independent_person", 9900)
    ]
    # sent after it was due (16 March): the reason for delay is needed
    sent_late = {**values, "responded_on": {"value": {"selected_date": "2026-03-20"}}}
    late = Form({**sent_late, "reason_for_delay": {"value": {"value": None}}})
    assert parse_respond(FACTS, late, DATES.today) is None
    assert set(late.errors) == {"reason_for_delay"}
    # one sentence, ending as Slack's other form errors end (walkerA)
    assert late.errors["reason_for_delay"] == (
        "The response was due by 16 March 2026: say why it was late."
    )
    # and the reason as the complainant will read it, which the letter gives with an apology
    untold = Form({**sent_late, "reason_for_delay": {"value": {"value": "SW off sick"}},
                   "delay_reason_for_complainant": {"value": {"value": " "}}})  # fmt: skip
    assert parse_respond(FACTS, untold, DATES.today) is None
    assert set(untold.errors) == {"delay_reason_for_complainant"}
    assert untold.errors["delay_reason_for_complainant"].endswith("gives this reason).")
    told = Form({**sent_late, "reason_for_delay": {"value": {"value": "SW off sick"}},
                 "delay_reason_for_complainant": {"value": {"value": "The manager was away."}}})  # fmt: skip
    answered = parse_respond(FACTS, told, DATES.today)
    assert answered is not None and answered.delay_reason_for_complainant == "The manager was away."
    # a form opened before the response was late has no such field: say so at the date
    opened_early = Form(sent_late)
    assert parse_respond(FACTS, opened_early, DATES.today) is None
    assert "open Record response again" in opened_early.errors["responded_on"]
    # not upheld owes the complainant the reason; resolved, withdrawn or not applicable do not
    no_reason = Form({**values, "finding_2": {"value": {"value": "  "}}})
    assert parse_respond(FACTS, no_reason, DATES.today) is None
    assert set(no_reason.errors) == {"finding_2"}
    assert no_reason.errors["finding_2"].startswith("Issue 2 is not upheld: say what you found")
    withdrawn = {"value": {"selected_option": {"value": "withdrawn"}}}
    assert parse_respond(
        FACTS, Form({**values, "outcome_2": withdrawn, "finding_2": {"value": {"value": None}}}),
        DATES.today,
    ) is not None  # fmt: skip
    forged = Form({**values, "remedies": {"value": {"selected_options": [{"value": "cake"}]}}})
    assert parse_respond(FACTS, forged, DATES.today) is None and "remedies" in forged.errors


def test_change_triage_refuses_a_route_the_kind_cannot_take() -> None:
    def chosen(kind: str, route: str) -> Form:
        return Form(
            {
                "kind": {"value": {"selected_option": {"value": kind}}},
                "route": {"value": {"selected_option": {"value": route}}},
                "why": {"value": {"value": "staff read it"}},
            }
        )

    compliment = chosen("compliment", "statutory")
    assert parse_change_triage(compliment, DATES) is None
    assert "no complaints procedure" in compliment.errors["route"]
    unrouted = chosen("complaint", "none")
    assert parse_change_triage(unrouted, DATES) is None
    assert "needs a route" in unrouted.errors["route"]
    assert parse_change_triage(chosen("compliment", "none"), DATES) is not None
    assert parse_change_triage(chosen("complaint", "corporate"), DATES) is not None


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


def test_with_a_web_address_the_card_links_to_the_case_page() -> None:
    from bot.notify import CardNotifier

    notifier = CardNotifier(
        calendar=None,  # type: ignore[arg-type]  # not used to draw blocks
        rulebook=None,  # type: ignore[arg-type]
        organisation=None,  # type: ignore[arg-type]
        messenger=None,  # type: ignore[arg-type]
        triage_channel="CTRIAGE",
        case_pages_url="https://heard.example-council.gov.uk/",
    )
    blocks = notifier._blocks(card())
    link = "<https://heard.example-council.gov.uk/cases/CSC-2026-000001|Open the case in heard>"
    assert {"type": "context", "elements": [{"type": "mrkdwn", "text": link}]} in blocks
    without = CardNotifier(
        calendar=None,  # type: ignore[arg-type]
        rulebook=None,  # type: ignore[arg-type]
        organisation=None,  # type: ignore[arg-type]
        messenger=None,  # type: ignore[arg-type]
        triage_channel="CTRIAGE",
    )
    assert "Open the case in heard" not in json.dumps(without._blocks(card()))


def test_manager_contact_unanswered_is_not_known_not_no() -> None:
    """walkerF: the modal's checkbox could not tell "no" from "not answered", so a blank was
    recorded as "no". Now a yes/no choice: untouched it is not known (None)."""
    view = respond_modal("CSC-2026-000001", FACTS, today=DATES.today)
    block = next(b for b in view["blocks"] if b.get("block_id") == "manager_contact")
    assert block["element"]["type"] == "radio_buttons" and block["optional"]
    values = {
        "outcome_1": {"value": {"selected_option": {"value": "not_upheld"}}},
        "outcome_2": {"value": {"selected_option": {"value": "not_upheld"}}},
        "finding_1": {"value": {"value": "We read the records."}},
        "finding_2": {"value": {"value": "We read the records."}},
        "responded_on": {"value": {"selected_date": "2026-03-13"}},
        "remedies": {"value": {"selected_options": [{"value": "no_remedy_required"}]}},
    }
    for answer, recorded in ((None, None), ("no", False), ("yes", True)):
        chosen = {"selected_option": {"value": answer}} if answer else {}
        form = Form({**values, "manager_contact": {"value": chosen}})
        parsed = parse_respond(FACTS, form, DATES.today)
        assert parsed is not None and parsed.manager_contacted is recorded, answer


LOCALITY = "Children in Care and Care Leavers Service, North Locality, Disabled Children"


def test_options_cut_alike_are_told_apart_by_their_values() -> None:
    """Two teams whose names differ only past Slack's 75 characters show the same words, cut
    after a whole word; the value (the team's id) is what heard reads back."""
    menu = select([("north_disabled", LOCALITY + " Team A"), ("north_dc2", LOCALITY + " Team B")])
    texts = [option["text"]["text"] for option in menu["options"]]
    assert texts == [LOCALITY[: LOCALITY.rindex(" ")] + "…"] * 2
    assert [option["value"] for option in menu["options"]] == ["north_disabled", "north_dc2"]


@given(st.text(alphabet=st.sampled_from("ab ,("), max_size=120))
def test_a_cut_fits_and_keeps_what_it_keeps(text: str) -> None:
    """Whatever the words: within the limit, and what is kept is the text's own opening."""
    cut = truncate(text, OPTION_TEXT)
    assert len(cut) <= OPTION_TEXT
    assert cut == text or (cut.endswith("…") and text.startswith(cut[:-1]))
