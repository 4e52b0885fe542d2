"""The hand tool's `submit` sends what Slack sends: a field left as heard showed it submits
its initial value. Found walking: Change triage came back "Choose the kind of record" and
"Choose a route" though the modal showed both chosen, so walkers retyped what Slack sends."""

from __future__ import annotations

from testkit.standins import left_as_shown

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
        "remedies": "apology,explanation",
        "why": "one team answers",
    }
