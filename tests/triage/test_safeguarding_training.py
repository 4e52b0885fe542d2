"""The safeguarding model is fitted on dev and the spent sealed parts, never on a sealed part
still in use (the corpus README's rule for the sealed parts). Nothing is read here: the part
loader is replaced by one that notes which parts were asked for."""

from __future__ import annotations

import pytest

import bench.safeguarding_model as training
from tests.safeguarding_corpus.check import SPENT_PARTS, Item, Part


def parts_read(monkeypatch: pytest.MonkeyPatch, *, spent: bool) -> list[Part]:
    read: list[Part] = []

    def load_part(part: Part) -> list[Item]:
        read.append(part)
        return []

    monkeypatch.setattr(training, "load_part", load_part)
    monkeypatch.setattr(training, "load_corpus", lambda split: [])
    training.examples(spent=spent)
    return read


def test_the_model_is_fitted_on_dev_and_the_spent_parts_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert parts_read(monkeypatch, spent=True) == [Part.DEV, *SPENT_PARTS]
    assert parts_read(monkeypatch, spent=False) == [Part.DEV]


def test_only_older_parts_are_spent_and_never_the_newest() -> None:
    """A part is spent after its second look, once a newer part exists: the spent parts are
    the oldest sealed parts, and the newest (the one nobody has tuned on) is never among them."""
    sealed = [part for part in Part if part.sealed]
    assert list(SPENT_PARTS) == sealed[: len(SPENT_PARTS)]
    assert len(SPENT_PARTS) <= len(sealed) - 1  # the newest part (sealed20) is never spent
