"""Train the safeguarding model (triage/safeguarding_model.py) on the dev part of
tests/safeguarding_corpus and the training split of tests/triage_corpus, and estimate how it
does on text it has not seen by cross-validation over the dev part. The sealed part is never
read here.

A contact is referred when the model's probability, plus RULE_BOOST when a phrase rule
matched, reaches the threshold: a rule's match alone refers all but the contacts whose words
read clearly as something else (a dispute about old records, a training course), and the model
alone refers what no rule lists. The threshold is chosen for recall ("when in doubt, refer"):
the highest at which cross-validation refers RECALL of the held-out dev concerns (the rules
were written on the whole dev part, so this estimate flatters them).

Run: uv run python -m bench.safeguarding_model            (cross-validated figures)
     uv run python -m bench.safeguarding_model --write    (also writes the shipped weights)
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bench.safeguarding import load_part
from bench.triage import load_corpus
from heard.settings import DEFAULT_RULES_PATH
from tests.safeguarding_corpus.check import Part
from triage.engine import weighed_rules
from triage.rulebook import Rulebook, load_rulebook
from triage.safeguarding_model import DEFAULT_MODEL_PATH, features

FOLDS = 5
L2 = 1e-5  # per example: cross-validation over the dev part liked it better than 1e-3 or 1e-4
MIN_DOCS = 2  # a feature seen in one training text only is noise
STEPS = 400
RECALL = 1.0  # the share of held-out dev concerns the threshold must refer ("when in doubt, refer")
RULE_BOOST = 0.2  # a phrase rule's match adds this to the model's probability (5-fold CV on dev: 0.15-0.3 tried)
SEED = 23

Match = tuple[bool, bool]  # (a `refers` rule matched, a `suggests` rule matched)


@dataclass(frozen=True)
class Example:
    text: str
    concern: bool
    dev: bool  # from the safeguarding corpus's dev part (the rest: triage corpus, train split)


def examples() -> list[Example]:
    dev = [Example(item.text, item.concern, True) for item in load_part(Part.DEV)]
    extra = [
        Example(str(row["text"]), bool(row["safeguarding"]), False) for row in load_corpus("train")
    ]
    return dev + extra


def fit(train: Sequence[Example]) -> tuple[dict[str, float], float]:
    """L2-regularised logistic regression by full-batch gradient descent (Adam)."""
    counts: dict[str, int] = {}
    rows = [features(example.text) for example in train]
    for row in rows:
        for feature in row:
            counts[feature] = counts.get(feature, 0) + 1
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_DOCS)
    column = {f: i for i, f in enumerate(vocabulary)}
    x = np.zeros((len(rows), len(vocabulary)), dtype=np.float64)
    for r, row in enumerate(rows):
        for feature, value in row.items():
            if feature in column:
                x[r, column[feature]] = value
    y = np.array([example.concern for example in train], dtype=np.float64)
    # Concerns and the rest weigh the same in total, whatever the mix of the corpora.
    sample = np.where(y == 1, 0.5 / y.sum(), 0.5 / (1 - y).sum()) * len(y)
    w = np.zeros(len(vocabulary))
    b = 0.0
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), 0.0, 0.0
    rate, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    for step in range(1, STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        error = (p - y) * sample / len(y)
        grad_w = x.T @ error + L2 * w
        grad_b = float(error.sum())
        m_w = beta1 * m_w + (1 - beta1) * grad_w
        v_w = beta2 * v_w + (1 - beta2) * grad_w**2
        m_b = beta1 * m_b + (1 - beta1) * grad_b
        v_b = beta2 * v_b + (1 - beta2) * grad_b**2
        correction1, correction2 = 1 - beta1**step, 1 - beta2**step
        w -= rate * (m_w / correction1) / (np.sqrt(v_w / correction2) + eps)
        b -= rate * (m_b / correction1) / (np.sqrt(v_b / correction2) + eps)
    weights = {f: round(float(value), 5) for f, value in zip(vocabulary, w, strict=True)}
    return {f: value for f, value in weights.items() if value != 0.0}, round(b, 5)


def probability(weights: dict[str, float], bias: float, text: str) -> float:
    logit = bias + sum(value * weights.get(f, 0.0) for f, value in features(text).items())
    return float(1.0 / (1.0 + np.exp(-logit)))


def cross_validated(data: list[Example], rulebook: Rulebook) -> list[tuple[Example, float, Match]]:
    """(dev example, model probability when it was held out, which phrase rules matched)."""
    dev = [e for e in data if e.dev]
    rest = [e for e in data if not e.dev]
    order = list(range(len(dev)))
    random.Random(SEED).shuffle(order)
    out = []
    for fold in range(FOLDS):
        held = {i for n, i in enumerate(order) if n % FOLDS == fold}
        weights, bias = fit([e for i, e in enumerate(dev) if i not in held] + rest)
        for i in sorted(held):
            e = dev[i]
            out.append((e, probability(weights, bias, e.text), rules_match(e.text, rulebook)))
    return out


def rules_match(text: str, rulebook: Rulebook) -> Match:
    """(a rule matched that refers outright, a match the model weighs), as triage reads it
    (triage.engine.weighed_rules)."""
    scanned = rulebook.scan(f"\n{text}")  # as triage reads a contact with no subject
    matched = [rule for rule in rulebook.safeguarding if rule.fires(scanned)]
    weighed = weighed_rules(scanned, rulebook, matched)
    return len(weighed) < len(matched), bool(weighed)


def combined(probability: float, match: Match) -> float:
    """What the threshold is compared with: a `refers` match always refers (2 is above any
    threshold), a weighed match adds RULE_BOOST to the model's probability."""
    refers, suggests = match
    return 2.0 if refers else probability + RULE_BOOST if suggests else probability


def choose_threshold(scored: list[tuple[Example, float, Match]]) -> float:
    """The highest threshold at which cross-validation refers RECALL of the dev concerns."""
    concerns = sorted(combined(p, r) for e, p, r in scored if e.concern)
    return concerns[min(len(concerns) - 1, int(len(concerns) * (1 - RECALL)))]


def figures(scored: list[tuple[Example, float, Match]], threshold: float) -> str:
    refer = [(e, combined(p, r) >= threshold) for e, p, r in scored]
    tp = sum(e.concern and yes for e, yes in refer)
    fp = sum((not e.concern) and yes for e, yes in refer)
    concerns = sum(e.concern for e, _ in refer)
    return (
        f"threshold {threshold:.3f}: recall {tp}/{concerns} = {tp / concerns:.3f},"
        f" precision {tp / max(1, tp + fp):.3f} ({fp} false alarms of"
        f" {len(refer) - concerns})"
    )


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    rulebook = load_rulebook(DEFAULT_RULES_PATH)
    data = examples()
    scored = cross_validated(data, rulebook)
    chosen = choose_threshold(scored)
    print(
        f"{FOLDS}-fold cross-validation over the dev part ({len(scored)} contacts), a phrase"
        f" rule's match adding {RULE_BOOST}:"
    )
    for threshold in sorted({0.2, 0.25, 0.3, 0.35, 0.4, 0.5, chosen}):
        print("  " + figures(scored, threshold) + ("  <- chosen" if threshold == chosen else ""))
    if "--write" in args:
        weights, bias = fit(data)
        payload = {
            "about": "safeguarding model weights: uv run python -m bench.safeguarding_model --write",
            "threshold": round(chosen, 4),
            "rule_boost": RULE_BOOST,
            "bias": bias,
            "weights": dict(sorted(weights.items())),
        }
        DEFAULT_MODEL_PATH.write_text(json.dumps(payload, indent=0) + "\n", encoding="utf-8")
        print(f"wrote {DEFAULT_MODEL_PATH.name}: {len(weights)} weights")


if __name__ == "__main__":
    main()
