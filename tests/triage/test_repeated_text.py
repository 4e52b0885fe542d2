"""Scanning reuses what a repeated sentence matched (long mail repeats itself): the hits must be
exactly those of walking every word, wherever the repeats fall and whatever follows them."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from triage.patterns import PhraseIndex
from triage.rulebook import Rulebook

# Words of the shipped rules' phrases (safeguarding, gaps and alternatives among them), so the
# generated sentences are dense with matches and with phrases running across sentence ends.
WORDS = [
    "he",
    "hits",
    "hit",
    "me",
    "you",
    "scared",
    "to",
    "go",
    "home",
    "locked",
    "in",
    "my",
    "room",
    "social",
    "worker",
    "not",
]
SEPARATORS = [". ", "\n", "! ", " ", ", ", "? "]

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)


def every_word_walked(index: PhraseIndex, text: str) -> object:
    """The hits of a scan that reuses nothing: with a reach past the end of any text, no two
    sentences' windows are the same."""
    setattr(index, "_reach", lambda: 10**9)  # noqa: B010 (shadows the method on this object)
    try:
        return index.scan(text).spans
    finally:
        delattr(index, "_reach")


@settings(max_examples=300, deadline=None)
@example(sentences=["he hits", "you", "me"], order=[0, 1, 0, 2], separators=["\n", ". "])
@given(
    sentences=st.lists(sentence, min_size=1, max_size=6),
    order=st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=40),
    separators=st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=40),
)
def test_repeated_sentences_give_the_hits_of_walking_every_word(
    rulebook: Rulebook,
    sentences: list[str],
    order: list[int],
    separators: list[str],
) -> None:
    parts = [sentences[n % len(sentences)] for n in order]
    text = "".join(part + separators[n % len(separators)] for n, part in enumerate(parts))
    scanned = rulebook.index.scan(text)
    assert scanned.spans == every_word_walked(rulebook.index, text)


def test_a_phrase_running_into_the_next_sentence_is_found_in_a_repeat(rulebook: Rulebook) -> None:
    """Mail is wrapped at 72 characters: "he hits" then "me" on the next line is still a
    disclosure, in the copy of a line that the first time ran on into other words."""
    scanned = rulebook.scan("he hits\nyou. he hits\nme")
    assert ["hits\nme"] in [scanned.quote(rule.key) for rule in rulebook.safeguarding]


def test_a_disclosure_in_the_hundredth_copy_of_a_sentence_is_found(rulebook: Rulebook) -> None:
    """The sentence before the disclosure repeats, but what follows it differs once."""
    repeated = "My son's social worker has not returned my calls. " * 99
    text = f"{repeated}My son's social worker has not returned my calls and he hits me."
    scanned = rulebook.scan(text)
    safeguarding = {rule.key for rule in rulebook.safeguarding}
    assert safeguarding & scanned.hits
    assert any("hits me" in quote for key in safeguarding for quote in scanned.quote(key))
