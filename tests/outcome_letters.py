"""Every outcome an issue may have, one issue each, for the tests that answer a case with all of
them through Slack, the CLI and the web view and read the response letter from the SMTP capture
server (issue 23 items 3 and 5)."""

from __future__ import annotations

import re

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.enums import IssueCategory, Outcome, RemedyKind
from cases.procedure import OUTCOMES_NEEDING_REMEDY, RESPONSE_OUTCOMES
from casework.response import RemedyInput
from store.db import session_scope
from store.models import Case, Issue

# The outcomes staff choose; "resolved" is how the CLI takes resolved_early
EVERY_OUTCOME: tuple[Outcome, ...] = RESPONSE_OUTCOMES


def one_issue_per_outcome(engine: Engine, reference: str) -> None:
    """Give the case as many issues as there are outcomes (communication for each added)."""
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        have = len(session.exec(select(Issue).where(Issue.case_id == case.id)).all())
        team = session.exec(select(Issue.team_id).where(Issue.case_id == case.id)).first()
        for _ in range(len(EVERY_OUTCOME) - have):
            session.add(Issue(case_id=case.id, category=IssueCategory.COMMUNICATION,
                              team_id=team))  # fmt: skip


# What a family reads for each outcome: its name, and what it means, so that no point reads
# "Withdrawn" or "Not applicable" alone (walkerG read "2. Staff conduct/attitude: Withdrawn" in
# a stage 3 response the capture server caught).
IN_A_LETTER: dict[Outcome, tuple[str, str]] = {
    Outcome.UPHELD: ("Upheld", "We agree with your complaint about this."),
    Outcome.PARTIALLY_UPHELD: (
        "Partially upheld",
        "We agree with part of your complaint about this.",
    ),
    Outcome.NOT_UPHELD: ("Not upheld", "We do not agree with your complaint about this."),
    Outcome.INCONCLUSIVE: (
        "Inconclusive",
        "We could not find enough evidence to say whether things went wrong.",
    ),
    Outcome.WITHDRAWN: (
        "Withdrawn",
        "You withdrew this point, so we have not looked into it any further.",
    ),
    Outcome.RESOLVED_EARLY: (
        "Resolved",
        "This has been sorted out with you.",
    ),
    Outcome.NOT_APPLICABLE: (
        "No finding",
        "This is not a point we could uphold or not uphold, so we have made no finding on it.",
    ),
}


def assert_every_outcome_in(letter: str) -> None:
    """Each issue's line in the response letter names its own outcome and says what it means."""
    flat = " ".join(letter.split())
    for number, outcome in enumerate(EVERY_OUTCOME, start=1):
        named, meaning = IN_A_LETTER[outcome]
        line = rf"(^| ){number}\. [^:]+: {re.escape(named)} {re.escape(meaning)}( |$)"
        assert re.search(line, flat), (outcome, flat)


def findings_for(numbers: object) -> dict[int, str]:
    """A finding for each issue numbered (a response's outcomes, or the numbers themselves):
    the reason the letter owes the family for an upheld, not upheld or inconclusive issue."""
    assert isinstance(numbers, dict | list | tuple | range), numbers
    return {int(n): f"On issue {n} we read the records and spoke to the team." for n in numbers}


def remedies_for(outcomes: dict[int, Outcome]) -> list[RemedyInput]:
    """An apology when a point is upheld or partly upheld: what puts it right is owed
    (cases.procedure.remedies_refusal); none otherwise."""
    upheld = any(outcome in OUTCOMES_NEEDING_REMEDY for outcome in outcomes.values())
    return [RemedyInput(RemedyKind.APOLOGY)] if upheld else []
