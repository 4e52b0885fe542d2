"""What staff still read of triage's notes about the 12-month time limit: a date staff give
for the event decides triage's doubts about it, as confirming does, and a case over the limit
says so once no doubt says it (walkerJ: a case staff dated two years back showed nothing)."""

from __future__ import annotations

from cases.triage_notes import OUT_OF_TIME_NOTE, triage_notes

OLD = "time limit: the events are over 12 months old; the council decides"
WHO = "who is writing is not stated"
DECISION = {"fired": [["who.parent", "The writer is the child's parent."]], "uncertain": [OLD, WHO]}


def test_triage_doubting_the_time_limit_is_said_once() -> None:
    notes = triage_notes(DECISION, confirmed=False, issue_rules=[], out_of_time=True)
    assert notes.doubts == (OLD, WHO) and notes.time_limit is None


def test_a_date_staff_give_decides_the_time_limit_doubt_only() -> None:
    notes = triage_notes(
        DECISION, confirmed=False, issue_rules=[], out_of_time=True, event_dated=True
    )
    assert notes.doubts == (WHO,) and notes.decided_doubts == (OLD,)
    assert notes.time_limit == OUT_OF_TIME_NOTE
    within = triage_notes(DECISION, confirmed=False, issue_rules=[], event_dated=True)
    assert within.doubts == (WHO,) and within.time_limit is None


def test_a_confirmed_case_over_the_limit_still_says_so() -> None:
    notes = triage_notes(DECISION, confirmed=True, issue_rules=[], out_of_time=True)
    assert notes.doubts == () and notes.time_limit == OUT_OF_TIME_NOTE
    assert triage_notes(DECISION, confirmed=True, issue_rules=[]).time_limit is None
