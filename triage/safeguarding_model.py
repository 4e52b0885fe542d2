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
import re
from dataclasses import dataclass
from pathlib import Path

from triage.patterns import normalise, words

DEFAULT_MODEL_PATH = Path(__file__).with_name("safeguarding_model.json")
STEM = 5  # a word's first letters stand for its inflections and many misspellings
EXPLAIN = 5  # how many words a referral names
WINDOW = 2  # sentences: a long text is weighed whole and by its densest run of this many
LONG = 10  # windows: a text with this many or more is a long one (about 11 sentences)
# Words that weigh in the model but tell a reader nothing about why ("me and", "on", "said"):
# a referral names the words of substance that weighed most, never these alone.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "back",
        "be",
        "been",
        "before",
        "being",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "dont",
        "down",
        "each",
        "either",
        "etc",
        "even",
        "ever",
        "few",
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
        "hers",
        "herself",
        "him",
        "himself",
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
        "itself",
        "ive",
        "just",
        "last",
        "let",
        "lets",
        "like",
        "may",
        "me",
        "might",
        "more",
        "most",
        "mum",
        "mums",
        "must",
        "my",
        "myself",
        "neither",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "oh",
        "ok",
        "okay",
        "on",
        "one",
        "only",
        "onto",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "really",
        "said",
        "same",
        "says",
        "shall",
        "she",
        "should",
        "so",
        "some",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "up",
        "upon",
        "us",
        "very",
        "was",
        "we",
        "well",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yeah",
        "yes",
        "yet",
        "you",
        "your",
        "yours",
        "yourself",
    ]
)


def features(text: str) -> dict[str, float]:
    """Binary features, scaled to unit length so a long letter does not outweigh a short note."""
    return bag_of_words(words(normalise(text)))


def bag_of_words(tokens: list[str], stems: bool = True) -> dict[str, float]:
    """Each word, each pair of neighbouring words and (with `stems`) each long word's first
    letters, scaled to unit length. In the order the text gives them, not a set's: a set of
    strings is ordered by the process's hash seed, so the logit's sum (and which of two equally
    weighted words a referral quotes) could differ from one process to the next (found by
    memory's equality check: dev-1898's quoted words changed with PYTHONHASHSEED)."""
    found: list[str] = []
    for index, token in enumerate(tokens):
        found.append(f"w:{token}")
        if stems and len(token) > STEM:
            found.append(f"s:{token[:STEM]}")
        if index:
            found.append(f"b:{tokens[index - 1]} {token}")
    if not found:
        return {}
    unique = dict.fromkeys(found)
    weight = 1.0 / math.sqrt(len(unique))
    return dict.fromkeys(unique, weight)


def windows(text: str) -> list[str]:
    """Each run of WINDOW sentences of a (normalised) text; a text of WINDOW sentences or fewer
    is one window."""
    parts = [part.strip() for part in _SENTENCE_END.split(text) if _HAS_LETTER.search(part)]
    if len(parts) <= WINDOW:
        return [" ".join(parts)] if parts else [text]
    return [" ".join(parts[at : at + WINDOW]) for at in range(len(parts) - WINDOW + 1)]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def weighed(
    weights: dict[str, float], bias: float, text: str
) -> tuple[float, dict[str, float], list[str]]:
    """(logit, each feature's part in it, the words it was weighed on). A long text's logit is
    the mean of the whole text's and its densest window's, its parts and words the window's:
    weighed whole, a concern told in two sentences of a long complaint is outweighed by the
    complaint's words (each feature counts 1/sqrt(n)), and every concern the word model missed
    on the forward tests below was such a one; weighed by its window alone, every long letter
    has some sentence that sounds like harm, and short texts lost precision with the window.
    Forward tests (the rules as they were before later dev batches were written, the model and
    bars fitted on the earlier ones, the later batches scored once), whole text against this:
    rules 358464a, model to dev-1045, 765 later: 354/358 concerns, 99 false alarms against
    356/358, 100; rules ed2c063, model to dev-0840, 970 later: 437/444, 158 against 438/444,
    153; today's rules, model to dev-1501, 309 later: 151/151, 21 against 151/151, 22. Found
    by sgembed (10 windows chosen among 6, 10 and 14 on the same splits)."""
    normalised = normalise(text)
    tokens = words(normalised)
    whole, contributions = _weigh(weights, bias, tokens)
    passages = windows(normalised)
    if len(passages) < LONG:
        return whole, contributions, tokens
    densest = max(
        ((*_weigh(weights, bias, words(passage)), words(passage)) for passage in passages),
        key=lambda found: found[0],
    )
    return (whole + densest[0]) / 2, densest[1], densest[2]


def _weigh(
    weights: dict[str, float], bias: float, tokens: list[str]
) -> tuple[float, dict[str, float]]:
    contributions = {
        feature: value * weights[feature]
        for feature, value in bag_of_words(tokens).items()
        if feature in weights
    }
    return bias + sum(contributions.values()), contributions


def probability(weights: dict[str, float], bias: float, text: str) -> float:
    """The model's probability of a concern, as triage weighs a contact."""
    return _sigmoid(weighed(weights, bias, text)[0])


def _sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))


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
        logit, contributions, tokens = weighed(self.weights, self.bias, text)
        pushing = sorted(
            (item for item in contributions.items() if item[1] > 0), key=lambda item: -item[1]
        )
        # Words of substance first; function words only when nothing else pushed.
        top = ([item for item in pushing if telling(item[0])] or pushing)[:EXPLAIN]
        stemmed = any(feature.startswith("s:") for feature, _ in top)
        written = words_by_stem(tokens) if stemmed else {}
        return Score(
            probability=_sigmoid(logit),
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
