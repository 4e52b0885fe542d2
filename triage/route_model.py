"""The route model: a linear model over words, word pairs and word beginnings that breaks the
tie when no rule decides a complaint's route.

Statutory is the route when no rule fires, and fresh text the rules have not seen (a court
matter in new words, another body's act, a matter another process settles) mostly falls
through to it. The model weighs every word of such a text against the routes the Ombudsman's
statements gave texts like it (tests/route_corpus), and proposes another route only when it
is confident enough; it still says why, naming the words that weighed most. It is also a second
opinion where a rule reads a complaint as another body's or another process's (a court, a
conference, an appeal named in the text): the Ombudsman's statutory complaints often name those
in the background, and when the words weigh clearly towards the statutory procedure
(`second_bar`) triage proposes it for staff to confirm; likewise between a corporate matter and
another process's (what an EHC plan says is the SEND Tribunal's). Where the words weigh very
clearly (`strong_bar`) against what a corporate rule or the statutory default gave, that reading
is proposed too, for staff to confirm. Its weights ship in
the repository (triage/route_model.json, written by `uv run python -m bench.route_model
--write`), nothing is downloaded, and scoring is one pass over the words with dictionary
look-ups (the safeguarding model's features, and the subject line's words under names of their
own: `route_features`). Pure: no I/O beyond reading the weights once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cases.enums import NotLoggedReason, Route
from triage.patterns import normalise, words
from triage.safeguarding_model import (
    EXPLAIN,
    bag_of_words,
    features,
    readable,
    telling,
    words_by_stem,
)

DEFAULT_ROUTE_MODEL_PATH = Path(__file__).with_name("route_model.json")
NOT_LOGGED = "not_logged:"  # a label "not_logged:<reason>" is not logged for that reason
# A text shorter than this gives the words too little to overrule a rule: short everyday
# complaints weigh towards statutory on the triage corpus's prior alone ("It was another council
# that moved my son, not you." at 0.7 and more). The Ombudsman's rows are 28 words and longer;
# held out, a bar of 40 words lost no row the second opinion put right, 50 lost four.
SECOND_OPINION_WORDS = 40
# Nor does a text shorter than this get a guess where no rule decides: the Ombudsman's letters the
# model learned routes from are 22 words and longer, and on a short everyday complaint a word or
# two decides it ("The social worker lied in her report about me." read as the court's at 0.55
# and more; a refit on the whole corpus read "I want to make a formal complaint: the social worker
# is rude." as a writer without standing). A short complaint keeps the statutory default, with
# its doubts, for staff. A bar of 30 words lost a dev row of 28 words the guess put right.
GUESS_WORDS = 20
SUBJECT = "t"  # a subject-line word's feature is "tw:word", a pair of them "tb:one two"


def route_features(text: str) -> dict[str, float]:
    """The words of the whole text (the safeguarding model's features) and, under names of their
    own, the words and word pairs of its first line, the subject. A subject names what the
    letter is about in a few words ("Complaint about my son's EHC plan", "Section 7 report"),
    where the body tells the background too: a court, a school or a conference the statutory
    complaint only mentions weighs as much in the body as the matter itself. Time-forward (the
    README's eleventh-session section) the subject's own features gained and the first
    sentences', the asking sentences' and words after a negation lost."""
    subject, _, _ = text.partition("\n")
    found = features(text)
    for feature, value in bag_of_words(words(normalise(subject)), stems=False).items():
        found[f"{SUBJECT}{feature}"] = value
    return found


@dataclass(frozen=True)
class Guess:
    """The route the words weigh towards, how strongly, and the words that weighed most."""

    route: Route
    reason: NotLoggedReason | None
    probability: float
    words: tuple[str, ...]


def route_of(label: str) -> tuple[Route, NotLoggedReason | None]:
    """A label ("statutory", "corporate", "not_logged:court_related") as a route and reason."""
    if label.startswith(NOT_LOGGED):
        return Route.NOT_LOGGED, NotLoggedReason(label.removeprefix(NOT_LOGGED))
    return Route(label), None


@dataclass(frozen=True)
class RouteModel:
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]  # feature -> its weight for each label
    bar: float  # a route other than statutory is proposed at or above this probability
    # Statutory overrules a not-logged rule at or above this probability; None: never.
    second_bar: float | None = None
    # Any route of matter overrules a corporate rule or the statutory default at or above this
    # probability (the strong reading); None: never.
    strong_bar: float | None = None

    @classmethod
    def load(cls, path: Path = DEFAULT_ROUTE_MODEL_PATH) -> RouteModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        labels = tuple(str(label) for label in data["labels"])
        for label in labels:
            route_of(label)  # an unknown route or reason fails here, not at triage
        return cls(
            labels=labels,
            bias=tuple(float(value) for value in data["bias"]),
            weights={
                str(feature): tuple(float(value) for value in values)
                for feature, values in data["weights"].items()
            },
            bar=float(data["bar"]),
            second_bar=_bar(data, "second_opinion_bar"),
            strong_bar=_bar(data, "strong_opinion_bar"),
        )

    def probabilities(self, text: str) -> list[float]:
        """Each label's probability for the text (softmax over the labels' scores)."""
        scores = list(self.bias)
        for feature, value in route_features(text).items():
            for index, weight in enumerate(self.weights.get(feature, ())):
                scores[index] += value * weight
        return _softmax(scores)

    def guess(self, text: str) -> Guess | None:
        """The route the words weigh towards when it is not statutory and its probability
        reaches the bar on a text of GUESS_WORDS or more; None leaves the default (statutory)
        standing."""
        if len(words(normalise(text))) < GUESS_WORDS:
            return None
        chances = self.probabilities(text)
        best = max(range(len(chances)), key=chances.__getitem__)
        route, reason = route_of(self.labels[best])
        if route == Route.STATUTORY or chances[best] < self.bar:
            return None
        return Guess(route, reason, chances[best], self._telling_words(text, best))

    def second_opinion(
        self,
        text: str,
        against: tuple[Route, NotLoggedReason | None],
        towards: Collection[tuple[Route, NotLoggedReason | None]],
    ) -> Guess | None:
        """The route the words weigh towards, with the words that weighed most, when it is not
        `against` (the route a rule gave), is one of `towards`, and its probability reaches
        `second_bar` on a text of SECOND_OPINION_WORDS or more; None leaves the rule standing."""
        return self._opinion(text, against, towards, self.second_bar)

    def strong_opinion(
        self,
        text: str,
        against: tuple[Route, NotLoggedReason | None],
        towards: Collection[tuple[Route, NotLoggedReason | None]],
    ) -> Guess | None:
        """As `second_opinion`, at `strong_bar`: where the words weigh very clearly towards
        another route than the one a corporate rule or the statutory default gave."""
        return self._opinion(text, against, towards, self.strong_bar)

    def _opinion(
        self,
        text: str,
        against: tuple[Route, NotLoggedReason | None],
        towards: Collection[tuple[Route, NotLoggedReason | None]],
        bar: float | None,
    ) -> Guess | None:
        if bar is None or len(words(normalise(text))) < SECOND_OPINION_WORDS:
            return None
        chances = self.probabilities(text)
        best = max(range(len(chances)), key=chances.__getitem__)
        route = route_of(self.labels[best])
        if route == against or route not in towards or chances[best] < bar:
            return None
        return Guess(*route, chances[best], self._telling_words(text, best))

    def _telling_words(self, text: str, label: int) -> tuple[str, ...]:
        """The words of substance that pushed hardest towards `label` over the others."""
        found = route_features(text)
        others = len(self.labels) - 1
        pushing = []
        for feature, value in found.items():
            weights = self.weights.get(feature)
            if weights is None or not telling(feature):
                continue
            lead = weights[label] - (sum(weights) - weights[label]) / others
            if lead > 0:
                pushing.append((value * lead, feature))
        top = [feature for _, feature in sorted(pushing, reverse=True)[:EXPLAIN]]
        stemmed = any(feature.startswith("s:") for feature in top)
        written = words_by_stem(words(normalise(text))) if stemmed else {}
        return tuple(dict.fromkeys(readable(feature, written) for feature in top))


def _bar(data: dict[str, Any], key: str) -> float | None:
    value = data.get(key)
    return float(value) if value is not None else None


def _softmax(scores: list[float]) -> list[float]:
    peak = max(scores)
    exps = [math.exp(score - peak) for score in scores]
    total = sum(exps)
    return [value / total for value in exps]
