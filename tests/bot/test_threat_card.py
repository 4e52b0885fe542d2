"""A case flagged for a threat to a member of staff says so on its Slack card and in its thread,
in heard's words: the words that fired may name anyone and stay on the case page (issue 23,
walker item 1)."""

from __future__ import annotations

import json

from bot.cards import case_card_blocks
from bot.notify import thread_line
from cases.actor import TRIAGE
from cases.changes import Note
from cases.staff_threat import FiredThreat, threat_flag
from casework.service import CaseChange
from tests.bot.test_blocks import card

WORDS = threat_flag([
    FiredThreat("st.knows_where", "The writer says they know where a worker parks.",
                ("i know where mrs patel parks",)),
    FiredThreat("st.harm", "The writer says they will hurt or harm a worker.", ("make her pay",)),
])  # fmt: skip


def test_the_card_says_a_threat_needs_a_person_to_look() -> None:
    flagged = json.dumps(case_card_blocks(card(needs_attention=True, threat_to_staff=True)))
    assert "threat to a member of staff" in flagged and "manager has been told" in flagged
    plain = json.dumps(case_card_blocks(card(needs_attention=True, threat_to_staff=False)))
    assert "Needs a person to look" in plain and "threat" not in plain


def test_the_thread_line_names_no_words() -> None:
    line = thread_line(CaseChange(Note.STAFF_THREAT, TRIAGE, {}, {}, reason=WORDS))
    assert "threat to a member of staff" in line and "manager has been told" in line
    assert "patel" not in line.lower() and "parks" not in line and "pay" not in line
    assert "(st.knows_where, st.harm)" in line  # every rule that fired, by its id
