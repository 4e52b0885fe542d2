"""How far a phrase may run is known from the phrases put in, not by walking the finished trie:
that walk (some 790,000 nodes for the shipped rules) cost a reader 4.5 s of CPU on its first
message, and recursed once per word of the longest phrase."""

from __future__ import annotations

from triage.patterns import MAX_GAP, PhraseIndex


def test_a_phrase_after_a_gap_is_found_as_far_as_the_gap_may_reach() -> None:
    index = PhraseIndex()
    index.add((1, "patterns"), ("locked ... in my room",))
    gap = " ".join(["word"] * MAX_GAP)
    assert index.scan(f"They locked {gap} in my room.").hits
    assert not index.scan(f"They locked {gap} more in my room.").hits


def test_a_phrase_longer_than_the_interpreters_recursion_limit_is_matched() -> None:
    words = [f"w{number}" for number in range(1500)]
    index = PhraseIndex()
    index.add((1, "patterns"), (" ".join(words),))
    assert index.scan("Before it " + " ".join(words) + " and after.").hits
