"""What closing a case means while the complainant may still ask for the next stage: every door
asks staff to confirm it first, in these words (the complainant has 20 working days from a
response to ask, and a closed case must be reopened before it can be escalated)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from cases.day_words import long_day
from cases.enums import DeadlineRule, StageKind

# The window a response opens, and the stage the complainant may ask for in it.
REQUEST_WINDOWS: Mapping[DeadlineRule, StageKind] = {
    DeadlineRule.STAGE_2_REQUEST: StageKind.STATUTORY_2,
    DeadlineRule.STAGE_3_REQUEST: StageKind.STATUTORY_3,
    DeadlineRule.CORPORATE_2_REQUEST: StageKind.CORPORATE_2,
}


def close_warning(*, next_stage: StageKind, ask_by: date) -> str:
    """Said before a case is closed while its request window is open."""
    return (
        f"The complainant has until {long_day(ask_by)} to ask for {next_stage.label.lower()}. "
        "Closing the case now takes it off the open lists and stops its reminders; if they ask "
        "for the next stage, a complaints officer must reopen it first."
    )


CONFIRM_CLOSE = "Close it now, before that time runs out"
