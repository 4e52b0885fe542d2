"""The safeguarding model weighs a text alike in every process, whatever Python's hash seed: its
features were once a set of strings, so which of two equally weighted words a referral quoted
changed from one process to the next."""

import os
import subprocess
import sys

SCRIPT = (
    "from triage.safeguarding_model import features; "
    "print(list(features('my mums boyfriend keeps coming in my room at night and says its our secret')))"
)


def _features_under(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    ).stdout


def test_features_come_in_the_same_order_under_any_hash_seed() -> None:
    assert len({_features_under(seed) for seed in ("1", "2", "3", "4")}) == 1
