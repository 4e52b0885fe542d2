"""The route model breaks the tie only where no rule decides the route: it proposes another
route when its words weigh clearly towards one (at or above its bar), names the words that
weighed most, and asks staff to confirm; below the bar, or without the model, the default
(statutory) stands, and a route a rule decided is never touched."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bench.at_commit import rules_at
from bench.route_model import TRAINING_PARTS
from cases.enums import NotLoggedReason, RecordKind, Route
from cases.triage_result import StaffTriage
from heard.settings import DEFAULT_RULES_PATH
from tests.route_corpus import corpus
from triage.corrections import corrections
from triage.engine import ROUTE_MODEL, ROUTE_MODEL_CHECK, Contact, Decision, triage
from triage.route_model import GUESS_WORDS, RouteModel
from triage.rulebook import Rulebook, load_rulebook

RECEIVED = date(2025, 6, 2)
LABELS = ["corporate", "not_logged:court_related", "statutory"]
# "barrister" and "hearing" weigh towards the court; "visits" towards statutory.
WEIGHTS = {
    "w:barrister": [0.0, 6.0, 0.0],
    "w:hearing": [0.0, 3.0, 0.0],
    "w:visits": [0.0, 0.0, 4.0],
    "w:the": [0.0, 2.0, 0.0],
}


def write(tmp_path: Path, bar: float = 0.45) -> Path:
    path = tmp_path / "route_model.json"
    path.write_text(
        json.dumps({"bar": bar, "labels": LABELS, "bias": [0.0, 0.0, 0.0], "weights": WEIGHTS})
    )
    return path


def rulebook_with_model(weights: Path) -> Rulebook:
    """The shipped rules with the route model read from `weights`."""
    # A copy: the rule file's rulebook is shared by every test of the session.
    rulebook = copy.copy(load_rulebook(DEFAULT_RULES_PATH))
    rulebook.route_model = RouteModel.load(weights)
    return rulebook


@pytest.fixture
def with_model(tmp_path: Path) -> Rulebook:
    return rulebook_with_model(write(tmp_path))


def decide(rulebook: Rulebook, body: str) -> Decision:
    contact = Contact(
        subject="Complaint", body=body, mailbox_kind=RecordKind.COMPLAINT, received_on=RECEIVED
    )
    return triage(contact, rulebook, today=RECEIVED)


# Twenty words: the model guesses on no shorter text (GUESS_WORDS).
WEIGHED = "the barrister and the hearing " * 4
assert len(WEIGHED.split()) == GUESS_WORDS


def test_the_model_guesses_only_a_route_other_than_statutory_at_its_bar(tmp_path: Path) -> None:
    model = RouteModel.load(write(tmp_path))
    guess = model.guess(WEIGHED)
    assert guess is not None
    assert (guess.route, guess.reason) == (Route.NOT_LOGGED, NotLoggedReason.COURT_RELATED)
    assert guess.probability >= 0.45
    # Words of substance name the guess; "the" weighs too, but tells a reader nothing.
    assert guess.words == ("barrister", "hearing")
    assert model.guess("the visits " * 10) is None  # statutory weighs most: the default stands
    assert replace(model, bar=0.999).guess(WEIGHED) is None


def test_a_text_shorter_than_the_letters_the_model_learned_from_gets_no_guess(
    tmp_path: Path,
) -> None:
    """The same words, one short of GUESS_WORDS: a word or two would decide it."""
    model = RouteModel.load(write(tmp_path))
    assert model.guess(WEIGHED.rsplit(" ", 2)[0]) is None


def test_the_subject_lines_words_weigh_under_names_of_their_own(tmp_path: Path) -> None:
    """A subject names what the letter is about; the same word in the body is background."""
    path = tmp_path / "route_model.json"
    weights = {"tw:hearing": [0.0, 40.0, 0.0]}
    path.write_text(
        json.dumps({"bar": 0.5, "labels": LABELS, "bias": [0.0] * 3, "weights": weights})
    )
    model = RouteModel.load(path)
    body = "my son has waited months for the help his social worker promised us " * 2
    guess = model.guess(f"The hearing\n{body}")
    assert guess is not None and guess.reason == NotLoggedReason.COURT_RELATED
    assert guess.words == ("hearing",)
    assert model.guess(f"Complaint\n{body} before the hearing") is None


def test_a_label_the_engine_does_not_know_fails_when_the_weights_load(tmp_path: Path) -> None:
    path = tmp_path / "route_model.json"
    path.write_text(
        json.dumps({"bar": 0.5, "labels": ["not_logged:nonsense"], "bias": [0.0], "weights": {}})
    )
    with pytest.raises(ValueError, match="nonsense"):
        RouteModel.load(path)


TIE = (
    "I am unhappy with how this went for us. The barrister at the hearing in May said nothing "
    "about my son."
)


def test_where_no_rule_decides_the_model_proposes_and_says_why(with_model: Rulebook) -> None:
    decision = decide(with_model, TIE)
    assert (decision.route, decision.not_logged_reason) == (
        Route.NOT_LOGGED,
        NotLoggedReason.COURT_RELATED,
    )
    reasons = dict(decision.fired)
    assert "'barrister'" in reasons[ROUTE_MODEL]
    assert ROUTE_MODEL_CHECK in decision.uncertain
    assert not decision.unsure_of_route  # a proposal staff confirm, not a doubt of standing


def test_without_the_model_the_same_text_is_statutory(with_model: Rulebook) -> None:
    with_model.route_model = None
    decision = decide(with_model, TIE)
    assert decision.route == Route.STATUTORY
    assert ROUTE_MODEL not in decision.rule_ids


def test_a_route_a_rule_decided_is_not_weighed_again(with_model: Rulebook) -> None:
    # Housing is corporate by its rule, whatever the barrister's weight.
    decision = decide(with_model, f"{TIE} We were put in temporary accommodation by the council.")
    assert decision.route == Route.CORPORATE
    assert ROUTE_MODEL not in decision.rule_ids


def test_beside_a_disclosure_or_words_a_rule_held_back_the_default_stands(
    with_model: Rulebook,
) -> None:
    disclosure = decide(with_model, f"{TIE} My stepdad hits me.")
    assert disclosure.safeguarding
    # The court named beside a foster carer's allowance: the court rule's exception held it back.
    background = decide(
        with_model, f"{TIE} The judge praised us as foster carers, but our allowance is unpaid."
    )
    for decision in (disclosure, background):
        assert decision.route == Route.STATUTORY
        assert ROUTE_MODEL not in decision.rule_ids


def test_staff_changing_the_models_route_is_counted_against_the_model(
    with_model: Rulebook,
) -> None:
    decision = decide(with_model, TIE)
    staff = StaffTriage(
        record_kind=decision.record_kind.value,
        route=Route.STATUTORY.value,
        not_logged_reason=None,
        complainant_type=decision.complainant_type,
        issues=(),
        start_stage=1,
    )
    (route,) = [c for c in corrections(decision, staff) if c.what == "route"]
    assert route.rule_id == ROUTE_MODEL


def test_the_shipped_model_is_fitted_on_the_oldest_parts_only() -> None:
    """A sealed part becomes training text only once its looks are spent and a newer part
    exists, so the parts fitted on are the dev part and the oldest sealed parts, in order: a
    newer part is never fitted on while an older one is left out."""
    assert corpus.PARTS[: len(TRAINING_PARTS)] == TRAINING_PARTS
    RouteModel.load()  # the shipped weights load, every label a route the engine knows


@pytest.mark.parametrize(
    "text",
    [
        "I want to make a formal complaint: the social worker is rude.",
        "I want to complain about my son's social worker, she never calls back.",
        "Please treat this as a formal complaint about the children's services team.",
        "I am complaining about the way the social worker spoke to my son.",
        "I want a different social worker, this one doesn't listen.",
        # The shipped weights read this one as the court's (0.55 and more) before GUESS_WORDS.
        "The social worker lied in her report about me.",
    ],
)
def test_everyday_complaints_stay_statutory_with_the_shipped_weights(text: str) -> None:
    """A refit on the whole route corpus (212e45c, reverted) read the first of these as a writer
    without standing at 0.55 and more: the case was not logged and its response refused. The
    shipped weights leave short everyday complaints to the statutory default."""
    decision = triage(Contact(subject="", body=text), load_rulebook(DEFAULT_RULES_PATH),
                      today=date(2026, 3, 2))  # fmt: skip
    assert decision.route == Route.STATUTORY, decision.fired


def test_the_time_forward_cuts_load_a_rule_file_that_reuses_a_list() -> None:
    """bench.route_model measures forward on the rule file as it stood at a commit; the file
    now gives some rules another rule's list by a YAML alias (a list inside the list), which
    rules_at read as a phrase and crashed on, so no recent cut could be measured."""
    then = rules_at("HEAD", bracketed=True)
    now = load_rulebook(DEFAULT_RULES_PATH)
    assert [rule.spec.id for rule in then.not_logged] == [rule.spec.id for rule in now.not_logged]
