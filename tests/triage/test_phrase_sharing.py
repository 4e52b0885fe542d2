"""The phrase index keeps each distinct node once (triage/patterns.py, PhraseIndex._share): what
any text matches must be what the plain trie, a node per path, matches; phrases added later
through a shared node must not reach the other paths through it; keys renamed once."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from heard.settings import DEFAULT_RULES_PATH
from triage import patterns
from triage.patterns import Key, PhraseIndex, compile_phrase, expand
from triage.rulebook import load_rulebook

WORDS = ["hit", "hits", "me", "him", "scared", "home", "my", "room", "lock", "in", "go", "said"]
POSITION = st.one_of(
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=3, unique=True).map("|".join),
    st.sampled_from(["*", "...", "(my room|home)", "(hit|lock) (me|him)"]),
)
PHRASE = st.tuples(st.sampled_from(WORDS), st.lists(POSITION, max_size=4)).map(
    lambda parts: " ".join([parts[0], *parts[1]])
)
RULES = st.lists(st.lists(PHRASE, min_size=1, max_size=6), min_size=1, max_size=6)
TEXTS = st.lists(st.sampled_from([*WORDS, ".", "x"]), max_size=30).map(" ".join)


def keyed(rules: list[list[str]]) -> list[tuple[Key, list[str]]]:
    return [((number, "patterns"), phrases) for number, phrases in enumerate(rules, start=1)]


def plain_trie(rules: list[list[str]]) -> PhraseIndex:
    """The index as it was before nodes were shared: every path its own nodes."""
    index = PhraseIndex()
    for key, phrases in keyed(rules):
        for phrase in phrases:
            for variant in expand(phrase):
                patterns._insert(index._root, compile_phrase(variant), key)
                taken = patterns._words_taken(compile_phrase(variant))
                index._longest_words = max(index._longest_words, taken)
    return index


def shared(rules: list[list[str]]) -> PhraseIndex:
    index = PhraseIndex()
    for key, phrases in keyed(rules):
        index.add(key, phrases)
    return index


def spans(index: PhraseIndex, text: str) -> object:
    scanned = index.scan(text)
    return {key: scanned.spans_of(key) for key in sorted(scanned.hits)}


@settings(max_examples=150, deadline=None)
@given(rules=RULES, texts=st.lists(TEXTS, min_size=1, max_size=5))
def test_a_shared_index_matches_what_the_plain_trie_matches(
    rules: list[list[str]], texts: list[str]
) -> None:
    index, plain = shared(rules), plain_trie(rules)
    for text in texts:
        assert spans(index, text) == spans(plain, text)


@settings(max_examples=100, deadline=None)
@given(first=RULES, later=RULES, texts=st.lists(TEXTS, min_size=1, max_size=5))
def test_phrases_added_to_an_index_read_back_match_as_if_compiled_together(
    first: list[list[str]], later: list[list[str]], texts: list[str]
) -> None:
    """The way a changed rule file's index is made from a kept one (triage/phrase_base.py)."""
    index = pickle.loads(pickle.dumps(shared(first)))
    for number, phrases in enumerate(later, start=len(first) + 1):
        index.add((number, "patterns"), phrases)
    plain = plain_trie(first + later)
    for text in texts:
        assert spans(index, text) == spans(plain, text)


def test_a_phrase_added_through_a_shared_node_reaches_only_its_own_path() -> None:
    index = PhraseIndex()
    index.add((1, "patterns"), ["hit|lock me"])  # "hit" and "lock" lead to one node
    assert index._root.edges["hit"] is index._root.edges["lock"]
    index.add((2, "patterns"), ["hit me hard"])
    assert set(index.scan("lock me hard").hits) == {(1, "patterns")}
    assert set(index.scan("hit me hard").hits) == {(1, "patterns"), (2, "patterns")}


def test_keys_on_a_shared_node_are_renamed_once() -> None:
    index = PhraseIndex()
    index.add((1, "patterns"), ["hit|lock me"])
    index.add((2, "patterns"), ["scared"])
    index.rename_keys({(1, "patterns"): (2, "patterns"), (2, "patterns"): (3, "patterns")})
    assert set(index.scan("lock me").hits) == {(2, "patterns")}
    assert set(index.scan("hit me").hits) == {(2, "patterns")}
    assert set(index.scan("scared").hits) == {(3, "patterns")}


def test_the_shipped_rules_index_is_a_few_thousand_nodes() -> None:
    """As a plain trie it was some 2.2 million nodes, 750 MB in each process that triaged and a
    51 MB cache file; shared, 6,550 nodes, a 0.5 MB file (figures in the commit)."""
    index = load_rulebook(DEFAULT_RULES_PATH).index
    assert len(index._reachable()) < 20_000
    assert len(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)) < 2_000_000
