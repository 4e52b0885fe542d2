"""Phrase matching for rules: case-insensitive, whole words, Unicode-normalised.

Phrases are plain words ("scared to go home"), matched on word boundaries with any run of
white space between words; a pattern starting with `re:` is a regular expression for the rare
rule that needs one. All phrases of a rule are joined into one compiled alternation, so a rule
costs one regex search however many phrases it lists.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


def normalise(text: str) -> str:
    """NFKC and casefold, so full-width letters, ligatures and capitals match plain phrases."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True)
class PhraseMatcher:
    regex: re.Pattern[str]

    def search(self, normalised_text: str) -> bool:
        return self.regex.search(normalised_text) is not None

    def first(self, normalised_text: str) -> str | None:
        found = self.regex.search(normalised_text)
        return found.group(0) if found else None


def compile_phrases(phrases: Iterable[str]) -> PhraseMatcher:
    parts = []
    for phrase in phrases:
        if phrase.startswith("re:"):
            parts.append(f"(?:{phrase[3:]})")
            continue
        words = normalise(phrase).split()
        parts.append(r"\b" + r"\s+".join(re.escape(word) for word in words) + r"\b")
    return PhraseMatcher(re.compile("|".join(parts) or r"(?!)", re.IGNORECASE))
