"""Phrases whose words mean one form only. The phrase matcher reads a word as written and as its
dictionary form, so "say no" (a girl who cannot refuse a marriage) matched "the worker said no"
and "mum says no more Sundays", and "went to Spain" (a parent gone abroad, the children left)
matched "we're going to Spain at Easter" (dev-4284, dev-4398). "say no" is now read as written,
and "gone" and "went" too. A dog or a ball that ran off is not a child missing (dev-4462), nor
is a child missing the panto (dev-4222); a post or a job being cut is not FGM (dev-4314). The
texts are written for this test, not taken from the safeguarding corpus."""

from __future__ import annotations

import pytest

from tests.triage.conftest import quoted
from triage.rulebook import Rulebook


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        (
            "The contact worker said no to the new dummy because it was not sterilised.",
            "sg.forced_marriage_fgm_indirect",
        ),
        (
            "Our coach says no fizzy drinks the week before a match.",
            "sg.forced_marriage_fgm_indirect",
        ),
        ("We are going to Spain at Easter and I need my passport.", "sg.neglect_indirect"),
        (
            "The social worker left the gate open and the dog ran off down the road.",
            "sg.missing_indirect",
        ),
        ("Our puppy runs off at the park every time.", "sg.missing_indirect"),
        ("I'm missing the school play because we go to my nan's.", "sg.missing_indirect"),
        ("My job is being cut in April.", "sg.forced_marriage_fgm_indirect"),
    ],
)
def test_another_form_is_not_the_phrase(rulebook: Rulebook, body: str, rule: str) -> None:
    assert quoted(rulebook, body, rule) == []


@pytest.mark.parametrize(
    ("body", "rule", "words"),
    [
        (
            "She is 15 and says she can't say no to the wedding in July.",
            "sg.forced_marriage_fgm_indirect",
            "say no",
        ),
        (
            "He said if I say no I won't be coming back.",
            "sg.forced_marriage_fgm_indirect",
            "say no",
        ),
        (
            "Mum went to Spain on Friday and left us with nobody.",
            "sg.neglect_indirect",
            "went to spain",
        ),
        ("Their mum has gone to Turkey for a fortnight.", "sg.neglect_indirect", "gone to turkey"),
        (
            "My sister ran off with a man from the shop and hasn't been seen.",
            "sg.missing_indirect",
            "ran off",
        ),
        ("She has been missing since the party on Friday.", "sg.missing_indirect", "missing"),
        ("They said she would be cut in the summer.", "sg.forced_marriage_fgm_indirect", "be cut"),
    ],
)
def test_the_phrase_as_written_still_is(
    rulebook: Rulebook, body: str, rule: str, words: str
) -> None:
    assert words in quoted(rulebook, body, rule)
