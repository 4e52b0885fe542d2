"""A scan gives what the plainest reading of the text gives: every word of the whole text walked
from, sentences numbered by the runs of end marks before each word, characters counted in the
whole text. The scan itself reads each distinct sentence and window once; these tests hold it
to the plain reading on random texts built from the rules' words, repeats, line breaks and
punctuation, and check which phrases match against a matcher that knows no trie at all."""

from __future__ import annotations

import bisect
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from triage.patterns import (
    MAX_GAP,
    Key,
    PhraseIndex,
    ScannedText,
    Span,
    Token,
    compile_phrase,
    expand,
    lemma,
    normalise,
)
from triage.rulebook import Rulebook

_WORD = re.compile(r"\w+")
_MARKS = re.compile(r"[.!?\n][\s.!?]*")

# Phrases of every kind a rule may write, keyed as a rulebook keys them.
PHRASES: dict[Key, list[str]] = {
    (1, "patterns"): ["he hits me", "hit|punch|kick me|him|her", "scared to go home"],
    (1, "unless"): ["not scared"],
    (2, "patterns"): ["lock ... in my room", "(my|our) (social worker|gp) said", "social * said"],
    (3, "patterns"): ["=hitting me", "social worker", "not", "i'm scared"],
    (4, "patterns"): ["go ... home", "go ... ... said", "home", "me ...", "my * * room"],
    (5, "patterns"): ["worker has not returned my calls since he hit me", "sons social worker"],
    (6, "patterns"): ["re:\\bsocial\\s+worker\\b", "re:(?m)^my", "re:\\s+"],
}
WORDS = sorted(
    {word for phrases in PHRASES.values() for phrase in phrases for word in _WORD.findall(phrase)}
    | {"hitting", "locked", "Hits", "SCARED", "I'm", "son's", "has", "returned", "calls", "2019"}
)
_YEARS = "19[5-9][0-9]|20[0-9][0-9]"
SEPARATORS = [" ", " ", " ", ". ", "\n", "! ", ", ", "? ", "...", ".\n\n", " - ", "\n> ", "'"]


def phrase_index() -> PhraseIndex:
    index = PhraseIndex()
    for key, phrases in PHRASES.items():
        index.add(key, phrases)
    return index


def plain_reading(index: PhraseIndex, text: str) -> tuple[dict[Key, list[Span]], tuple[int, ...]]:
    """The spans and sentence starts of walking every word of the whole text, nothing reused."""
    normalised = normalise(text)
    found = list(_WORD.finditer(normalised))
    words = [match.group() for match in found]
    lemmas = [lemma(word) for word in words]
    marks = [match.start() for match in _MARKS.finditer(normalised)]
    runs_before = [bisect.bisect(marks, match.start()) for match in found]
    sentence = [runs - runs_before[0] for runs in runs_before]
    starts = [match.start() for match in found]
    spans: dict[Key, list[Span]] = {}
    for position, word in enumerate(words):
        start = index._start_of(word, lemmas[position])
        for key, stop in index._found_at(position, start, words, lemmas):
            span = (sentence[position], starts[position], found[stop - 1].end())
            spans.setdefault(key, []).append(span)
    for regex in index._regexes:
        for match in regex.pattern.finditer(normalised):
            at = bisect.bisect_left(starts, match.start())
            number = sentence[min(at, len(words) - 1)] if words else 0
            for key in regex.keys:
                spans.setdefault(key, []).append((number, *match.span()))
    sentence_starts = {number: starts[at] for at, number in reversed(list(enumerate(sentence)))}
    return spans, tuple(sorted(sentence_starts.values())) or (0,)


def stops(tokens: tuple[Token, ...], words: list[str], lemmas: list[str], at: int) -> set[int]:
    """Where a phrase's tokens, matched from word `at`, can end: the matcher of the module
    docstring, followed literally."""
    if not tokens:
        return {at}
    token, rest = tokens[0], tokens[1:]
    if token == "...":
        return {
            stop
            for skip in range(MAX_GAP + 1)
            if at + skip <= len(words)
            for stop in stops(rest, words, lemmas, at + skip)
        }
    if at >= len(words):
        return set()
    if token == "*" or words[at] in token or lemmas[at] in token:
        return stops(rest, words, lemmas, at + 1)
    return set()


def phrase_matches(text: str) -> dict[Key, dict[int, set[int]]]:
    """For each key, each word a phrase of it starts at, with the words it can end after."""
    words = _WORD.findall(normalise(text))
    lemmas = [lemma(word) for word in words]
    matches: dict[Key, dict[int, set[int]]] = {}
    for key, phrases in PHRASES.items():
        for phrase in phrases:
            if phrase.startswith("re:"):
                continue
            for variant in expand(phrase):
                tokens = compile_phrase(variant)
                for at in range(len(words)):
                    ends = stops(tokens, words, lemmas, at)
                    if ends:
                        matches.setdefault(key, {}).setdefault(at, set()).update(ends)
    return matches


def assert_plain(scanned: ScannedText, index: PhraseIndex, text: str) -> None:
    spans, sentence_starts = plain_reading(index, text)
    assert scanned.spans == spans
    assert scanned.hits == frozenset(spans)
    assert scanned.sentence_starts == sentence_starts
    for key in scanned.hits:
        assert scanned.sentences_of(key) == frozenset(span[0] for span in spans[key])
    for offset in (0, 1, 7, 40, len(scanned.text)):
        before = frozenset(n for n, start in enumerate(sentence_starts) if start < offset)
        assert scanned.sentences_before(offset) == before
    years = [word for word in _WORD.findall(scanned.text) if re.fullmatch(_YEARS, word)]
    assert scanned.years() == [int(year) for year in years]


texts = st.builds(
    lambda sentences, order, separators: "".join(
        sentences[n % len(sentences)] + separators[place % len(separators)]
        for place, n in enumerate(order)
    ),
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=7).map(" ".join), min_size=1),
    st.lists(st.integers(min_value=0, max_value=8), min_size=1, max_size=50),
    st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=50),
)


@settings(max_examples=400, deadline=None)
@example(text="he hits\nyou. he hits\nme")
@example(text="... . my\n\nmy social. worker said. 2019!")
@example(text="lock. he you not me. in my\nroom. lock. he you not me. in my\nhouse.")
@example(
    text="worker. has not returned my. calls since he hit\nme. worker. has not returned my. calls since he hit\nyou."
)
@example(text="")
@example(text=". ! \n")
@given(text=texts)
def test_a_scan_is_the_plain_reading_of_the_text(text: str) -> None:
    index = phrase_index()
    assert_plain(index.scan(text), index, text)


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_the_phrases_found_are_those_a_plain_matcher_finds(text: str) -> None:
    """Each phrase is found starting at exactly the words where a matcher that tries every way
    of matching it finds it, and is quoted up to one of the words where it can end."""
    index = phrase_index()
    scanned = index.scan(text)
    found = list(_WORD.finditer(scanned.text))
    position_of = {match.start(): at for at, match in enumerate(found)}
    end_of = {match.end(): at + 1 for at, match in enumerate(found)}
    got: dict[Key, dict[int, int]] = {}
    for key, spans in scanned.spans.items():
        for _, start, end in spans:
            if key != (6, "patterns"):
                got.setdefault(key, {}).setdefault(position_of[start], end_of[end])
    expected = phrase_matches(text)
    assert {key: set(at) for key, at in got.items()} == {
        key: set(at) for key, at in expected.items()
    }
    for key, starts in got.items():
        for at, stop in starts.items():
            assert stop in expected[key][at]


@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_the_shipped_rules_scan_as_the_plain_reading(rulebook: Rulebook, text: str) -> None:
    assert_plain(rulebook.scan(text), rulebook.index, text)
