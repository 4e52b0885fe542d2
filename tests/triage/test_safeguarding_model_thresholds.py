"""The safeguarding model refers on its own at its own, higher bar (`threshold_alone`), and a
rule's match it weighs at the weighed bar with the rule's boost; a weights file written before
the two bars were separate still loads, with one bar for both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.safeguarding_model import FORWARD_BARS
from triage.safeguarding_model import SafeguardingModel, Score

WEIGHTS = {"w:hungry": 1.0, "w:bread": 1.0}


def write(tmp_path: Path, **bars: float) -> Path:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"bias": 0.0, "weights": WEIGHTS, "rule_boost": 0.2, **bars}))
    return path


@pytest.mark.parametrize(
    ("probability", "alone", "weighed"),
    [(0.25, False, True), (0.35, True, True), (0.05, False, False), (0.1, False, True)],
)
def test_the_model_alone_needs_more_than_a_rule_it_weighs(
    tmp_path: Path, probability: float, alone: bool, weighed: bool
) -> None:
    model = SafeguardingModel.load(write(tmp_path, threshold=0.29, threshold_alone=0.3))
    score = Score(probability=probability, words=("hungry",))
    assert model.refers_alone(score) is alone
    assert model.refers(score, rules_matched=True) is weighed


def test_a_weights_file_with_one_threshold_uses_it_for_both(tmp_path: Path) -> None:
    model = SafeguardingModel.load(write(tmp_path, threshold=0.4))
    assert model.threshold_alone == 0.4
    assert model.refers_alone(Score(probability=0.4, words=("bread",)))
    assert not model.refers_alone(Score(probability=0.39, words=("bread",)))


def test_a_referral_names_words_of_substance_before_function_words(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    weights = {"w:on": 3.0, "b:me and": 3.0, "w:hungry": 0.5}
    path.write_text(
        json.dumps({"bias": 0.0, "weights": weights, "rule_boost": 0.2, "threshold": 0.3})
    )
    score = SafeguardingModel.load(path).score("me and my brother are hungry on weekends")
    assert score.words == ("hungry",)


@pytest.mark.parametrize("filler", ["also", "back", "still", "should", "really", "these"])
def test_a_referral_does_not_name_filler_words(tmp_path: Path, filler: str) -> None:
    """Walking a referral, the MASH letter's "Words that fired" ended "also"; "back": words
    that weigh in the model but tell the MASH nothing."""
    path = tmp_path / "model.json"
    weights = {f"w:{filler}": 3.0, "w:hungry": 0.5}
    path.write_text(
        json.dumps({"bias": 0.0, "weights": weights, "rule_boost": 0.2, "threshold": 0.3})
    )
    score = SafeguardingModel.load(path).score(f"my brother is {filler} hungry")
    assert score.words == ("hungry",)


def test_a_match_near_settled_words_is_weighed_at_the_settled_bar_without_a_boost(
    tmp_path: Path,
) -> None:
    model = SafeguardingModel.load(
        write(tmp_path, threshold=0.29, threshold_alone=0.4, threshold_settled=0.33)
    )
    assert model.refers(Score(probability=0.1, words=("hungry",)), rules_matched=True)
    assert not model.refers_settled(Score(probability=0.32, words=("hungry",)))
    assert model.refers_settled(Score(probability=0.33, words=("hungry",)))


def test_a_weights_file_without_a_settled_bar_weighs_settled_matches_as_before(
    tmp_path: Path,
) -> None:
    """Before the settled bar, a match near settled words was weighed like a `suggests`
    rule's: probability + rule_boost at or above `threshold`."""
    model = SafeguardingModel.load(write(tmp_path, threshold=0.29, threshold_alone=0.3))
    assert model.threshold_settled == pytest.approx(0.09)


def test_the_words_named_are_the_writers_own() -> None:
    """Staff read the words that led to a referral: a stem is named as the word the writer used
    (never a fragment such as "reall…"), a bare number is not named, and no word twice."""
    model = SafeguardingModel.load()
    text = "my 7 year old was hungry again and nobody came home until late"
    score = model.score(text)
    assert score.words
    assert not any(word.endswith("…") for word in score.words)
    assert all(set(named.split()) <= set(text.split()) for named in score.words), score.words
    assert "7" not in score.words
    assert len(score.words) == len(set(score.words))


def test_the_shipped_bars_are_those_the_forward_tests_chose() -> None:
    """The per-writer folds' choice of bars collapses on a model fitted to the fuller dev part
    (the alone bar near 0.1, half the look-alikes referred, forward); the shipped weights carry
    the bars the time-forward tests chose instead (bench.safeguarding_model.FORWARD_BARS)."""
    model = SafeguardingModel.load()
    shipped = (model.threshold, model.threshold_alone, model.threshold_settled)
    assert shipped == FORWARD_BARS
