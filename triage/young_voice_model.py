"""The young-voice model: whether a contact reads as written by a child or young person, from
all its words, for the children the `child_writing` rules and text-speak do not see.

A child writing a formal letter ("Dear Sir or Madam, I would like to complain that ...") often
names no age, school year, school, carer or family member the rules could read, and was
answered automatically; an automatic reply to a child is what issue 23 forbids (staff decide how
to reply). The model is the safeguarding model's kind (triage/safeguarding_model.py: words, word
pairs and word beginnings, one linear layer), fitted on the safeguarding corpus's `child_writer`
labels; its weights ship in triage/young_voice_model.json, written by
`uv run python -m bench.young_voice_model --write`. It only ever holds mail back: a false hold
costs one reply written by a person. Pure: no I/O beyond reading the weights once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from triage.safeguarding_model import probability

DEFAULT_YOUNG_VOICE_PATH = Path(__file__).with_name("young_voice_model.json")


@dataclass(frozen=True)
class YoungVoiceModel:
    weights: dict[str, float]
    bias: float
    threshold: float  # a probability at or above it reads as a child writing

    @classmethod
    def load(cls, path: Path = DEFAULT_YOUNG_VOICE_PATH) -> YoungVoiceModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
        )

    def probability(self, text: str) -> float:
        return probability(self.weights, self.bias, text)

    def reads_young(self, text: str) -> bool:
        return self.probability(text) >= self.threshold
