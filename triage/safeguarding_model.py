"""The safeguarding model: a linear model over words, word pairs and word beginnings, beside
the phrase rules, for concerns said in words no rule lists ("he has my schools name", "sore
down below").

Phrase rules miss indirect wording; a model that weighs every word of a contact catches more of
it, and still says why: each referral it makes names the words that weighed most. Its weights
ship in the repository (triage/safeguarding_model.json, written by
`uv run python -m bench.safeguarding_model --write`), nothing is downloaded, and scoring is one
pass over the words with dictionary look-ups. Pure: no I/O beyond reading the weights once.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from triage.patterns import normalise, words

DEFAULT_MODEL_PATH = Path(__file__).with_name("safeguarding_model.json")
STEM = 5  # a word's first letters stand for its inflections and many misspellings
EXPLAIN = 5  # how many words a referral names
# Words that weigh in the model but tell a reader nothing about why ("me and", "on", "said"):
# a referral names the words of substance that weighed most, never these alone.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "dont",
        "for",
        "from",
        "get",
        "got",
        "had",
        "has",
        "have",
        "he",
        "her",
        "here",
        "him",
        "his",
        "how",
        "i",
        "if",
        "im",
        "in",
        "into",
        "is",
        "it",
        "its",
        "ive",
        "just",
        "last",
        "like",
        "me",
        "mum",
        "mums",
        "my",
        "myself",
        "no",
        "not",
        "now",
        "of",
        "on",
        "one",
        "or",
        "our",
        "out",
        "over",
        "said",
        "says",
        "she",
        "so",
        "some",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "they",
        "this",
        "to",
        "too",
        "up",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "would",
        "yeah",
        "you",
        "your",
    ]
)


def features(text: str) -> dict[str, float]:
    """Binary features, scaled to unit length so a long letter does not outweigh a short note."""
    return _features(words(normalise(text)))


def _features(tokens: list[str]) -> dict[str, float]:
    found: set[str] = set()
    for index, token in enumerate(tokens):
        found.add(f"w:{token}")
        if len(token) > STEM:
            found.add(f"s:{token[:STEM]}")
        if index:
            found.add(f"b:{tokens[index - 1]} {token}")
    if not found:
        return {}
    weight = 1.0 / math.sqrt(len(found))
    return dict.fromkeys(found, weight)


def telling(feature: str) -> bool:
    """A feature worth naming to staff: at least one word of substance in it (a bare number
    such as "7" tells a reader nothing)."""
    _, _, body = feature.partition(":")
    return any(
        word not in FUNCTION_WORDS and any(c.isalpha() for c in word) for word in body.split()
    )


def readable(feature: str, written: dict[str, str]) -> str:
    """A feature as staff read it: "b:my coach" is "my coach"; a stem is the word the writer
    used ("s:touch" in a text saying "touching" is "touching", not "touch…"), from `written`."""
    kind, _, body = feature.partition(":")
    return written.get(body, f"{body}…") if kind == "s" else body


def words_by_stem(tokens: list[str]) -> dict[str, str]:
    """Each stem of the text's words with the first word that has that stem."""
    written: dict[str, str] = {}
    for token in tokens:
        if len(token) > STEM:
            written.setdefault(token[:STEM], token)
    return written


@dataclass(frozen=True)
class Score:
    probability: float
    words: tuple[str, ...]  # the features that pushed hardest towards a referral


@dataclass(frozen=True)
class SafeguardingModel:
    weights: dict[str, float]
    bias: float
    threshold: float  # probability + rule_boost at or above it refers a weighed rule's match
    rule_boost: float  # added to the probability when a phrase rule matched
    threshold_alone: float  # a probability at or above it refers with no rule matched
    threshold_settled: float  # a probability at or above it refers a match near settled words

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL_PATH) -> SafeguardingModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            rule_boost=float(data["rule_boost"]),
            threshold_alone=float(data.get("threshold_alone", data["threshold"])),
            threshold_settled=float(
                data.get("threshold_settled", float(data["threshold"]) - float(data["rule_boost"]))
            ),
        )

    def score(self, text: str) -> Score:
        tokens = words(normalise(text))
        contributions = {
            feature: value * self.weights[feature]
            for feature, value in _features(tokens).items()
            if feature in self.weights
        }
        logit = self.bias + sum(contributions.values())
        pushing = sorted(
            (item for item in contributions.items() if item[1] > 0), key=lambda item: -item[1]
        )
        # Words of substance first; function words only when nothing else pushed.
        top = ([item for item in pushing if telling(item[0])] or pushing)[:EXPLAIN]
        stemmed = any(feature.startswith("s:") for feature, _ in top)
        written = words_by_stem(tokens) if stemmed else {}
        return Score(
            probability=1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit)))),
            words=tuple(dict.fromkeys(readable(feature, written) for feature, _ in top)),
        )

    def refers(self, score: Score, *, rules_matched: bool) -> bool:
        """A rule's match counts for a lot but not for everything: its words in a dispute
        about an old record or in a training booking weigh against it."""
        boost = self.rule_boost if rules_matched else 0.0
        return score.probability + boost >= self.threshold

    def refers_settled(self, score: Score) -> bool:
        """A rule's words beside those of a settled or past matter (a disputed record, a closed
        enquiry, training) get no boost: the settled words weigh against them as much."""
        return score.probability >= self.threshold_settled

    def refers_alone(self, score: Score) -> bool:
        """With no rule's words, the model's own evidence must be stronger."""
        return score.probability >= self.threshold_alone
