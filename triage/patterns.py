"""Phrase matching for rules: case-insensitive, whole words, Unicode-normalised, and fast.

Phrases are plain words ("scared to go home"). The text is split into words once, and every
phrase of every rule is looked up in one index keyed by its first word, so triage costs one
pass over the text however many rules a council writes (a regex per rule costs a pass per
rule). A pattern starting with `re:` is a regular expression, for the rare rule that needs one.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"\w+")  # apostrophes split words alike in text and phrase: son's, i'm

Key = tuple[int, str]  # (rule number, "patterns" or "unless")


def normalise(text: str) -> str:
    """NFKC and casefold, so full-width letters, ligatures and capitals match plain phrases."""
    return unicodedata.normalize("NFKC", text).casefold()


def words(normalised_text: str) -> list[str]:
    return _WORD.findall(normalised_text)


@dataclass
class ScannedText:
    text: str  # normalised
    hits: frozenset[Key]


class PhraseIndex:
    """All rules' phrases, found in one scan; regular expressions are searched separately.

    One-word phrases are looked up by word, longer ones by their first two words, so a common
    first word ("my son", "my daughter", …) does not make every occurrence check every phrase.
    """

    def __init__(self) -> None:
        self._single: dict[str, list[Key]] = defaultdict(list)
        self._pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], Key]]] = defaultdict(list)
        self._regexes: list[tuple[re.Pattern[str], Key]] = []

    def add(self, key: Key, phrases: Iterable[str]) -> None:
        for phrase in phrases:
            if phrase.startswith("re:"):
                self._regexes.append((re.compile(phrase[3:], re.IGNORECASE), key))
                continue
            tokens = tuple(words(normalise(phrase)))
            if len(tokens) == 1:
                self._single[tokens[0]].append(key)
            elif tokens:
                self._pairs[tokens[:2]].append((tokens, key))

    def scan(self, text: str) -> ScannedText:
        normalised = normalise(text)
        tokens = words(normalised)
        hits: set[Key] = set()
        single, pairs = self._single, self._pairs
        for token in set(tokens) & single.keys():
            hits.update(single[token])
        for position, pair in enumerate(itertools.pairwise(tokens)):
            candidates = pairs.get(pair)
            if not candidates:
                continue
            for phrase, key in candidates:
                if key in hits:
                    continue
                if len(phrase) == 2 or tuple(tokens[position : position + len(phrase)]) == phrase:
                    hits.add(key)
        for pattern, key in self._regexes:
            if key not in hits and pattern.search(normalised):
                hits.add(key)
        return ScannedText(normalised, frozenset(hits))
