"""A response upholding a point says what the council will do to put it right, in every
category a council may configure and at every outcome: the rule is cases.procedure's
remedies_refusal, held here by casework for every door (walker1 item 1: Slack's Record
response refused an upheld issue with no remedy while the web form and `heard case REF
respond` recorded it, and the letter then spoke of an apology nobody had recorded)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import Actor, Via
from cases.enums import Outcome, RemedyKind, Route
from cases.lifecycle import InvalidTransition
from cases.procedure import OUTCOMES_NEEDING_REMEDY, REMEDIES_PUTTING_RIGHT, RESPONSE_OUTCOMES
from cases.triage_result import IssueProposal
from casework.response import RemedyInput, ResponseInput, record_response
from casework.service import CaseService
from heard.settings import DEFAULT_RULES_PATH
from store.db import session_scope
from store.models import Remedy, Stage
from tests.casework.making import received, triaged
from tests.casework.making import service as service
from tests.casework.making import teams as teams  # autouse: the teams the issues go to
from tests.outcome_letters import findings_for
from triage.rulebook import load_rulebook

TODAY = date(2026, 11, 20)
OFFICER = Actor.staff(Via.CLI, "officer")
POUNDS_150 = {RemedyKind.FINANCIAL: 15000}  # a financial remedy carries its amount
# every category in the shipped rule file's category_list, one issue each
CATEGORIES = [category.id for category in load_rulebook(DEFAULT_RULES_PATH).spec.category_list]
EVERY_CATEGORY = tuple(IssueProposal(category, "fostering") for category in CATEGORIES)  # type: ignore[arg-type]


def answer(
    service: CaseService, engine: Engine, outcome: Outcome, remedies: tuple[RemedyKind, ...]
) -> list[RemedyKind]:
    """A complaint with an issue in every shipped category, each given `outcome`, answered with
    `remedies`: the remedies recorded, or InvalidTransition."""
    with session_scope(engine) as session:
        case = triaged(service, session, received(service, session), Route.STATUTORY,
                       issues=EVERY_CATEGORY)  # fmt: skip
        outcomes = {number: outcome for number in range(1, len(CATEGORIES) + 1)}
        record_response(service, session, case=case, actor=OFFICER, today=TODAY,
                        response=ResponseInput(
                            responded_on=date(2026, 1, 16), issue_outcomes=outcomes,
                            findings=findings_for(outcomes),
                            # the issue with no category says what the family raised (walkerA)
                            points={CATEGORIES.index("other") + 1: "Family time was cancelled"},
                            remedies=[RemedyInput(kind, amount_pence=POUNDS_150.get(kind))
                                      for kind in remedies]))  # fmt: skip
        stage = session.exec(select(Stage).where(Stage.case_id == case.id)).one()
        return [r.kind for r in session.exec(select(Remedy).where(Remedy.stage_id == stage.id))]


def test_the_shipped_rule_file_has_its_categories() -> None:
    assert len(CATEGORIES) >= 24 and "other" in CATEGORIES


@pytest.mark.parametrize("outcome", RESPONSE_OUTCOMES, ids=lambda outcome: outcome.value)
def test_every_outcome_in_every_category_with_no_remedy(
    engine: Engine, service: CaseService, outcome: Outcome
) -> None:
    """Nothing chosen, or only 'No remedy required': refused when the points are upheld or
    partly upheld, in the words every door shows; recorded otherwise."""
    for remedies in ((), (RemedyKind.NO_REMEDY_REQUIRED,)):
        if outcome in OUTCOMES_NEEDING_REMEDY:
            said = (
                f"Issue 1 is {outcome.label.lower()}: choose what the council will do to put it "
                "right (an apology, an explanation, a service provided, a financial remedy or a "
                "change to practice)"
            )
            with pytest.raises(InvalidTransition) as refused:
                answer(service, engine, outcome, remedies)
            assert refused.value.said == said
        else:
            assert answer(service, engine, outcome, remedies) == list(remedies)


@pytest.mark.parametrize("outcome", sorted(OUTCOMES_NEEDING_REMEDY), ids=lambda o: o.value)
@pytest.mark.parametrize("remedy", sorted(REMEDIES_PUTTING_RIGHT), ids=lambda r: r.value)
def test_an_upheld_point_is_answered_with_any_remedy_that_puts_it_right(
    engine: Engine, service: CaseService, outcome: Outcome, remedy: RemedyKind
) -> None:
    assert answer(service, engine, outcome, (remedy,)) == [remedy]


def test_no_remedy_required_goes_alone(engine: Engine, service: CaseService) -> None:
    with pytest.raises(InvalidTransition) as refused:
        answer(service, engine, Outcome.NOT_UPHELD,
               (RemedyKind.NO_REMEDY_REQUIRED, RemedyKind.EXPLANATION))  # fmt: skip
    assert refused.value.said == "No remedy required cannot go with other remedies"
