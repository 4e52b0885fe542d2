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


def quoted(rulebook: Rulebook, body: str, *rule_ids: str) -> list[str]:
    """The words the named safeguarding rules quote from `body` when they fire, as a referral
    shows them to staff (the rule tests' one way of asking "did this rule catch these words")."""
    scanned = rulebook.scan(f"\n{body}")
    return [
        word
        for rule in rulebook.safeguarding
        if rule.spec.id in rule_ids and rule.fires(scanned)
        for word in rule.quote(scanned)
    ]
