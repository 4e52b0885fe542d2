"""Wordings the fresh dev batches 25 to 27 (sgdev7) missed, each widened from a rule that
already held a narrower form: an adult's "game" with a child is named as a grooming sign
whatever the game is called ("tickle game" only, before); a child's "is it normal" beside
"is that normal"; a baby or child crying for hours or every night, not only "crying every"; someone a court or social worker said could not live with the family, back.
The texts are written for this test, not taken from the safeguarding corpus."""

from __future__ import annotations

from datetime import date

import pytest

from triage.engine import Contact, triage
from triage.rulebook import Rulebook


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        (
            "My complaint is about the parking permit for the contact centre, which costs us £30 a"
            " month. Also my son came back saying his uncle does the special game with him in the"
            " shed and he isn't to tell.",
            "sg.sexual_harm",
        ),
        (
            "Our childminder's husband plays the secret game with Lily when she is there late.",
            "sg.sexual_harm",
        ),
        (
            "is it normal for my mums friend to message me at 2am and say not to tell anyone",
            "sg.other_risk",
        ),
        (
            "I rang about the bins twice. Next door's toddler has been crying for hours every"
            " night and I haven't seen the mum since Friday.",
            "sg.abuse_general",
        ),
        (  # batch 32's miss, after sealed7's first look: someone barred from the home returning
            "the court said he isnt allowed to live with us but hes been sleeping here all week",
            "sg.other_risk",
        ),
    ],
)
def test_the_wording_is_named_by_a_rule(rulebook: Rulebook, body: str, rule: str) -> None:
    """Referred by the rule, which quotes the writer's words to the MASH (the model alone,
    before, referred these texts by words such as "shed" and "late", or not at all)."""
    decision = triage(Contact(subject="", body=body), rulebook, today=date(2026, 3, 2))
    assert decision.safeguarding and rule in decision.rule_ids, decision.fired


@pytest.mark.parametrize(
    "body",
    [
        "Please can someone look into this and refund me.",
        "I paid £6 for the stay and play session at the family hub but it was cancelled and I"
        " never got the money back. Please can someone look into this and refund me.",
    ],
)
def test_asking_someone_to_look_into_a_complaint_is_not_a_risk(
    rulebook: Rulebook, body: str
) -> None:
    """"Can someone look into this" is how nearly every complaint asks for an investigation;
    sg.other_risk means someone going to see a child ("can someone look in on number 17"), and
    a parent asking for a £6 refund was referred to the MASH and sent no acknowledgement
    (found walking heard serve)."""
    decision = triage(Contact(subject="", body=body), rulebook, today=date(2026, 3, 2))
    assert "sg.other_risk" not in decision.rule_ids and not decision.safeguarding, decision.fired


def test_asking_someone_to_look_in_on_a_child_still_is(rulebook: Rulebook) -> None:
    body = "Please can someone look in on number 17, the baby has been screaming all night."
    decision = triage(Contact(subject="", body=body), rulebook, today=date(2026, 3, 2))
    assert "sg.other_risk" in decision.rule_ids, decision.fired
