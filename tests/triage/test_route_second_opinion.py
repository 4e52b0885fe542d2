"""The route model's second opinion: where a rule reads a complaint as the court's (or another
process's, another body's, a conference's) but every word of a letter long enough to judge
weighs clearly towards the statutory procedure, triage proposes statutory, names the rule it
overrules and the words that weighed most, and asks staff to confirm the proposal (`uncertain`)
without calling the route itself in doubt.
Below the bar, on a short text, for the writer's standing or consent, without the bar in the
weights or with the model switched off in the rule file, the rule stands."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import pytest

from cases.enums import NotLoggedReason, Route
from cases.triage_result import StaffTriage
from heard.settings import DEFAULT_RULES_PATH
from tests.triage.test_route_model import decide, rulebook_with_model
from triage.corrections import corrections
from triage.engine import SECOND_OPINION
from triage.route_model import SECOND_OPINION_WORDS, RouteModel
from triage.rulebook import Rulebook, load_rulebook

LABELS = ["corporate", "not_logged:court_related", "statutory"]
# "visits" weighs heavily towards statutory, "barrister" towards the court, "hearing" and
# "judge" a little towards the court.
WEIGHTS = {
    "w:visits": [0.0, 0.0, 30.0],
    "w:barrister": [0.0, 30.0, 0.0],
    "w:hearing": [0.0, 3.0, 0.0],
    "w:judge": [0.0, 3.0, 0.0],
}
# A statutory complaint (visits to a child in care cancelled) with the court in its background:
# nl.court_proceedings reads "the judge" as the court's.
BACKGROUND = (
    "My son is in care under a care order and the judge made the order last year. Since then "
    "his social worker has cancelled our visits four times, nobody rang me back when I asked "
    "why the visits stopped, and the family time plan we agreed in January has never been put "
    "in place. I want the visits restored and an apology."
)
SHORT = "The judge made the order. The social worker cancelled our visits."
# A corporate matter (school transport, corp.education) long enough to judge.
TRANSPORT = (
    "The school transport taxi that takes my daughter to her special school has been late "
    "almost every morning this term, and twice it never came at all, so she missed her first "
    "lessons. Nobody from the transport team has answered my emails about it."
)


def write(tmp_path: Path, second_bar: float | None = 0.7, strong_bar: float | None = None) -> Path:
    path = tmp_path / "route_model.json"
    data = {"bar": 0.55, "labels": LABELS, "bias": [0.0, 0.0, 0.0], "weights": WEIGHTS}
    if second_bar is not None:
        data["second_opinion_bar"] = second_bar
    if strong_bar is not None:
        data["strong_opinion_bar"] = strong_bar
    path.write_text(json.dumps(data))
    return path


@pytest.fixture
def with_model(tmp_path: Path) -> Rulebook:
    return rulebook_with_model(write(tmp_path))


def test_the_court_in_the_background_of_a_statutory_complaint_is_overruled_for_staff_to_confirm(
    with_model: Rulebook,
) -> None:
    decision = decide(with_model, BACKGROUND)
    assert (decision.route, decision.not_logged_reason) == (Route.STATUTORY, None)
    reasons = dict(decision.fired)
    # The rule it overrules is still listed, and the second opinion names it and the words.
    assert "nl.court_proceedings" in reasons
    assert "nl.court_proceedings" in reasons[SECOND_OPINION]
    assert "'visits'" in reasons[SECOND_OPINION]
    assert any("staff to confirm" in why for why in decision.uncertain)
    # Held out, the route it proposes was the Ombudsman's nearly every time: no doubt of route.
    assert not decision.unsure_of_route
    assert decision.issues  # logged: its issues are proposed as for any complaint


def test_proceedings_the_writer_says_are_still_going_on_are_never_overruled(
    with_model: Rulebook,
) -> None:
    """A complaint written while proceedings are live waits until they end, however strongly its
    words weigh towards the statutory procedure: the court is its matter now, not background."""
    for live in (
        "The court case about my son is still going on.",
        "The next hearing is in March.",
    ):
        decision = decide(with_model, f"{BACKGROUND} {live}")
        assert (decision.route, decision.not_logged_reason) == (
            Route.NOT_LOGGED,
            NotLoggedReason.COURT_RELATED,
        )
        assert "nl.court_live" in decision.rule_ids
        assert SECOND_OPINION not in decision.rule_ids


def test_a_corporate_rules_reading_is_overruled_only_towards_another_bodys_matter(
    with_model: Rulebook,
) -> None:
    assert decide(with_model, TRANSPORT).route == Route.CORPORATE
    court = decide(with_model, f"{TRANSPORT} My barrister says this is for the barrister.")
    assert (court.route, court.not_logged_reason) == (
        Route.NOT_LOGGED,
        NotLoggedReason.COURT_RELATED,
    )
    assert "corp.education" in dict(court.fired)[SECOND_OPINION]
    assert any("staff to confirm" in why for why in court.uncertain)
    # Statutory never overrules a corporate rule at the second opinion's bar: held out, it broke
    # more than it fixed.
    visits = decide(with_model, f"{TRANSPORT} It has cancelled her visits.")
    assert visits.route == Route.CORPORATE
    assert SECOND_OPINION not in visits.rule_ids


def test_the_strong_reading_overrules_a_corporate_rule_towards_the_statutory_procedure(
    tmp_path: Path, with_model: Rulebook
) -> None:
    """At the strong reading's bar the words may propose any route of matter over a corporate
    rule, statutory too (held out, 0.9 gained on every time-forward split), named for staff to
    confirm; below it, or without it in the weights, the corporate rule stands."""
    strong = rulebook_with_model(write(tmp_path, strong_bar=0.9))
    text = f"{TRANSPORT} It has cancelled her visits."
    visits = decide(strong, text)
    assert (visits.route, visits.not_logged_reason) == (Route.STATUTORY, None)
    assert "corp.education" in dict(visits.fired)[SECOND_OPINION]
    assert "'visits'" in dict(visits.fired)[SECOND_OPINION]
    assert any("staff to confirm" in why for why in visits.uncertain)
    assert strong.route_model is not None
    above = copy.copy(strong)
    above.route_model = replace(strong.route_model, strong_bar=0.9999999)
    for rulebook in (above, with_model):
        assert decide(rulebook, text).route == Route.CORPORATE
    # Nor is a professional's or a writer's own standing overruled by words.
    professional = decide(
        strong, f"I am writing as the headteacher of her school on behalf of the school. {text}"
    )
    assert SECOND_OPINION not in professional.rule_ids


def test_the_strong_reading_overrules_the_statutory_default_where_the_rules_held_back(
    tmp_path: Path,
) -> None:
    """Where a rule's words are in the text but its exceptions held it back (here a court named
    beside a foster carer's allowance), the tie-breaker is not asked; the strong reading is."""
    strong = rulebook_with_model(write(tmp_path, strong_bar=0.9))
    held_back = (
        "I am a foster carer and my allowance was cut after the next hearing was listed. My "
        "barrister says the barrister must deal with it and the barrister has written to the "
        "barrister for the other side, and I want to know why nobody at the council will explain "
        "the decision to me or tell me who made it."
    )
    decision = decide(strong, held_back)
    assert (decision.route, decision.not_logged_reason) == (
        Route.NOT_LOGGED,
        NotLoggedReason.COURT_RELATED,
    )
    assert "The statutory default" in dict(decision.fired)[SECOND_OPINION]
    assert not any(rule_id.startswith("nl.") for rule_id in decision.rule_ids), (
        "no not-logged rule decided it: the rules held back"
    )


def test_below_the_bar_without_it_or_without_the_model_the_rule_stands(
    tmp_path: Path, with_model: Rulebook
) -> None:
    assert with_model.route_model is not None
    below = copy.copy(with_model)
    below.route_model = replace(with_model.route_model, second_bar=0.999)
    unset = copy.copy(with_model)
    unset.route_model = RouteModel.load(write(tmp_path, second_bar=None))
    off = copy.copy(with_model)
    off.route_model = None
    for rulebook in (below, unset, off):
        decision = decide(rulebook, BACKGROUND)
        assert decision.not_logged_reason == NotLoggedReason.COURT_RELATED
        assert SECOND_OPINION not in decision.rule_ids


def test_a_council_that_switches_the_route_model_off_gets_no_second_opinion(
    tmp_path: Path,
) -> None:
    text = DEFAULT_RULES_PATH.read_text(encoding="utf-8")
    assert "\nroute_model:" not in text  # the shipped file leaves it on by default
    path = tmp_path / "rules.yaml"
    path.write_text(text + "\nroute_model: false\n", encoding="utf-8")
    rulebook = load_rulebook(path)
    assert rulebook.route_model is None
    assert decide(rulebook, BACKGROUND).not_logged_reason == NotLoggedReason.COURT_RELATED


def test_a_short_text_gives_the_words_too_little_to_overrule_a_rule(
    with_model: Rulebook,
) -> None:
    assert with_model.route_model is not None
    assert with_model.route_model.probabilities(f"Complaint\n{SHORT}")[2] >= 0.7
    decision = decide(with_model, SHORT)
    assert len(SHORT.split()) < SECOND_OPINION_WORDS
    assert decision.not_logged_reason == NotLoggedReason.COURT_RELATED
    assert SECOND_OPINION not in decision.rule_ids


def test_the_writers_standing_or_consent_is_never_overruled(with_model: Rulebook) -> None:
    consent = decide(
        with_model,
        f"{BACKGROUND.replace('the judge made', 'a court made')} I am writing without her "
        "knowledge, as she would not want me to.",
    )
    assert consent.not_logged_reason == NotLoggedReason.CONSENT_NOT_GAINED
    assert SECOND_OPINION not in consent.rule_ids


def test_staff_putting_the_court_back_is_counted_against_the_second_opinion(
    with_model: Rulebook,
) -> None:
    decision = decide(with_model, BACKGROUND)
    staff = StaffTriage(
        record_kind=decision.record_kind.value,
        route=Route.NOT_LOGGED.value,
        not_logged_reason=NotLoggedReason.COURT_RELATED.value,
        complainant_type=decision.complainant_type,
        issues=(),
        start_stage=1,
    )
    (route,) = [c for c in corrections(decision, staff) if c.what == "route"]
    assert route.rule_id == SECOND_OPINION
