from __future__ import annotations

import pytest

from heard.settings import DEFAULT_RULES_PATH
from triage.rulebook import Rulebook, load_rulebook


@pytest.fixture(scope="session")
def rulebook() -> Rulebook:
    return load_rulebook(DEFAULT_RULES_PATH)
