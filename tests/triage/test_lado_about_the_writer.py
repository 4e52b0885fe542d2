"""A matter for the LADO (an allegation that someone who works with children harmed one) is
referred, unless the writer is the adult it is about: a lunchtime supervisor, a coach or a
foster carer complaining of their own LADO process tells of no child at risk, and the
README's definitions list "complaints about LADO processes" among the negatives. A child at
risk told beside such words is still referred. The texts are written for this test, not taken
from the safeguarding corpus. (The model may still refer such a text on its own words; it
weighs the text, not the LADO's name.)"""

from __future__ import annotations

import pytest

from bench.safeguarding_model import rules_match
from tests.triage.conftest import decided
from triage.engine import OWN_PROCESS_REASON
from triage.rulebook import Rulebook


@pytest.mark.parametrize(
    "body",
    [
        "I am a teaching assistant and I want to complain about the LADO. An allegation was made"
        " against me three weeks ago and nobody will tell me what it is. I have been suspended.",
        "I'm a youth worker. The LADO is looking into a complaint a parent made about me and I've"
        " heard nothing for six weeks. Please explain the process.",
        "Complaint about the LADO process. I am a childminder and I was told last month that a"
        " LADO referral had been made about me. I have not been given a chance to respond.",
        "I'm a football coach and a LADO referral was made about me after a parent complained I"
        " shouted at her son. Nobody has contacted me in eight weeks.",
        "I am a supply teacher. The LADO has been involved since a pupil said I grabbed his arm."
        " My agency will not give me work until it is closed.",
        "I am a nursery practitioner. In June a parent alleged that I force-fed her son. Will the"
        " LADO keep a record that shows on my DBS check?",
    ],
)
def test_an_adult_complaining_of_their_own_lado_process_is_not_referred(
    rulebook: Rulebook, body: str
) -> None:
    refers, _, _ = rules_match(body, rulebook)
    assert not refers  # no rule refers it; the model may still weigh the whole text
    decision = decided(rulebook, body)
    assert "sg.lado" not in decision.rule_ids
    assert "lado" not in decision.safeguarding_words


@pytest.mark.parametrize(
    "body",
    [
        "I want to make a LADO referral. My son's swimming coach keeps messaging him on"
        " Snapchat and has asked to meet him on his own.",
        "I am complaining about the LADO. My son told me his karate instructor touched him in"
        " the changing room. I reported it two weeks ago and he is still teaching children.",
        "Please pass this to the LADO today: a colleague takes a toddler into the sleep room"
        " alone and the child now screams when she comes near.",
        "For the LADO's attention: our new sports coach has been giving one boy lifts home alone"
        " and buying him vapes.",
        # the writer accused too, and a child hurt now: the harm's own words refer
        "An allegation was made against me at work and the LADO is involved. Separately, my"
        " foster son came home with a black eye and says his PE teacher punched him.",
    ],
)
def test_a_lado_matter_with_a_child_at_risk_is_referred(rulebook: Rulebook, body: str) -> None:
    assert decided(rulebook, body).safeguarding


def test_the_referral_names_the_lado_rule_and_its_word(rulebook: Rulebook) -> None:
    decision = decided(
        rulebook,
        "I want to make a LADO referral. My son's swimming coach keeps messaging him on"
        " Snapchat and has asked to meet him on his own.",
    )
    assert "sg.lado" in decision.rule_ids
    assert "lado" in decision.safeguarding_words


def test_the_lados_name_with_an_apostrophe_fires_the_rule_too(rulebook: Rulebook) -> None:
    decision = decided(
        rulebook,
        "For the LADO's attention: our new sports coach has been giving one boy lifts home alone"
        " and buying him vapes.",
    )
    assert "sg.lado" in decision.rule_ids


@pytest.mark.parametrize(
    "body",
    [
        "I'm a teaching assistant and I have been suspended since a Year 4 boy said I was rough"
        " with him at lunch. The boys in my class keep asking when I'm coming back and I miss"
        " them. Nobody will tell me anything.",
        "I help out at the Brownies on Tuesdays. A mum made a complaint about me after her girl"
        " came home upset, and I have been asked not to come in while it is looked at. I want to"
        " know how long this takes.",
    ],
)
def test_the_model_alone_does_not_refer_the_adult_an_allegation_is_about(
    rulebook: Rulebook, body: str
) -> None:
    """The model weighs these words towards a concern (boys, upset, suspended); the writer is
    the adult the allegation is about, so staff are asked to read it instead."""
    decision = decided(rulebook, body)
    assert not decision.safeguarding
    assert "own.allegation" in decision.rule_ids
    assert OWN_PROCESS_REASON in decision.uncertain


def test_harm_told_by_the_adult_an_allegation_is_about_still_refers(rulebook: Rulebook) -> None:
    body = (
        "I have been suspended since a boy said I was rough with him. He has since told me the"
        " real reason: his stepdad beats him and he is scared to go home."
    )
    assert decided(rulebook, body).safeguarding
