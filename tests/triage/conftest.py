from __future__ import annotations

from datetime import date

import pytest

from heard.settings import DEFAULT_RULES_PATH
from triage.engine import Contact, Decision, triage
from triage.rulebook import Rulebook, load_rulebook


@pytest.fixture(scope="session")
def rulebook() -> Rulebook:
    return load_rulebook(DEFAULT_RULES_PATH)


def decided(rulebook: Rulebook, body: str) -> Decision:
    """Triage of a message with no subject on Monday 2 March 2026, as the rule tests
    read one body at a time."""
    return triage(Contact(subject="", body=body), rulebook, today=date(2026, 3, 2))
