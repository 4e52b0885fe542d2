"""A long letter is weighed by the safeguarding model as the mean of the whole text and its
densest two sentences, so a concern told in a passage of a long complaint is not outweighed by
the complaint's words; a shorter text is weighed whole, as before. The words named are the
window's, the writer's own."""

from __future__ import annotations

import json
import math
from pathlib import Path

from triage.safeguarding_model import LONG, SafeguardingModel, features, windows

COMPLAINT = [
    "I am writing to complain about the school transport team again.",
    "The taxi was late on Monday.",
    "It was late on Tuesday and Thursday too.",
    "On Friday it did not come at all.",
    "My son missed his first lesson.",
    "I had to take time off work.",
    "Nobody answered the phone at the transport office.",
    "The email address on your website bounces.",
    "I asked for a call back three times.",
    "I would like an apology and a named person to contact.",
    "I would also like the cost of my own taxi refunded.",
]
BURIED = "His little sister says the driver plays a tickle game with her in the back."


def load(tmp_path: Path) -> SafeguardingModel:
    path = tmp_path / "model.json"
    weights = {"w:tickle": 10.0, "b:tickle game": 10.0}
    path.write_text(
        json.dumps(
            {"bias": -2.0, "weights": weights, "rule_boost": 0.2, "threshold": 0.5}
            | {"threshold_alone": 0.5}
        )
    )
    return SafeguardingModel.load(path)


def whole(model: SafeguardingModel, text: str) -> float:
    logit = model.bias + sum(v * model.weights.get(f, 0.0) for f, v in features(text).items())
    return 1.0 / (1.0 + math.exp(-logit))


def test_a_concern_in_two_sentences_of_a_long_complaint_is_weighed_with_its_window(
    tmp_path: Path,
) -> None:
    model = load(tmp_path)
    letter = " ".join([*COMPLAINT[:5], BURIED, *COMPLAINT[5:]])
    assert len(windows(letter)) >= LONG
    score = model.score(letter)
    assert whole(model, letter) < 0.5  # weighed whole, it would not refer
    assert model.refers_alone(score)
    assert "tickle" in score.words and "tickle game" in score.words


def test_a_text_of_fewer_windows_is_weighed_whole(tmp_path: Path) -> None:
    model = load(tmp_path)
    letter = " ".join([*COMPLAINT[:4], BURIED])
    assert len(windows(letter)) < LONG
    assert model.score(letter).probability == whole(model, letter)


def test_windows_are_runs_of_two_sentences_and_a_short_text_is_one() -> None:
    assert windows("One. Two! Three?\nFour") == ["One. Two!", "Two! Three?", "Three? Four"]
    assert windows("just one line") == ["just one line"]
    assert windows("ok. 123.") == ["ok."]
