"""A threat to a member of staff is raised for a person to look at, naming the rule and the
words, and ordinary anger at the council is not (issue 23, walker item 1). The texts are
written for this test: none is taken from a corpus."""

from __future__ import annotations

from datetime import date

import pytest

from cases.staff_threat import THREAT_TO_STAFF, threat_rules
from triage.engine import Contact, staff_threat_in, triage
from triage.rulebook import Rulebook

TODAY = date(2026, 12, 7)


def threat(rulebook: Rulebook, body: str) -> str | None:
    return triage(Contact(subject="Complaint", body=body), rulebook, today=TODAY).staff_threat


@pytest.mark.parametrize(
    "body",
    [
        "Tell Miss Harding from the assessment team that I know where she parks.",
        "That social worker took my kids off me. I know where she lives and I know what car "
        "she drives.",
        "I'll be waiting for him outside the office on Friday when he finishes.",
        "Your so-called family support worker had better watch her back.",
        "Mr Okafor should watch his back after what he wrote about me in that report.",
        "If the manager won't ring me back I'm going to wait for her in the car park tonight.",
        "She wrote lies about my family and I will make her pay for it, one way or another.",
        "I have followed him home from your office before and I will do it again.",
        "I swear I'll smash that social worker's face in if she comes near my door again.",
        "Keep sending that woman to my house and see what happens to her.",
        "we know where your manager lives. tell her that.",
        "Your worker will get what's coming to her.",
        "I've got her registration number, so she should think twice.",
        "Someone should teach that social worker a lesson.",
        # as staff log a call, in the third person
        "Dad rang again about contact. He said he'll be waiting for the social worker in the "
        "car park after work.",
        "Mum threatened the social worker on the phone when told the visit was off.",
        "Caller said he knew where the team manager parked and would be there on Monday.",
    ],
)
def test_a_threat_to_a_worker_needs_a_person_to_look(rulebook: Rulebook, body: str) -> None:
    found = threat(rulebook, body)
    assert found is not None and found.startswith(THREAT_TO_STAFF), found
    assert "st." in found and '"' in found  # the rule and the words that fired


def test_every_rule_that_fired_is_named_with_its_words(rulebook: Rulebook) -> None:
    """Two threats in one message: the flag names both rules (ids first, so a flag cut to a
    case's 300 characters still names them) and the words of each; so does a reply's."""
    body = (
        "Nobody has visited my daughter since June. I know where he parks his car, and "
        "Mr Reeve had better watch his back."
    )
    for found in (threat(rulebook, body), staff_threat_in("Re: my complaint", body, rulebook)):
        assert found is not None
        assert threat_rules(found) == ("st.knows_where", "st.watch_back"), found
        assert found.startswith(f"{THREAT_TO_STAFF} (st.knows_where, st.watch_back): ")
        assert '"i know where he parks' in found.lower(), found
        assert "watch his back" in found.lower(), found
    decision = triage(Contact(subject="Complaint", body=body), rulebook, today=TODAY)
    assert {"st.knows_where", "st.watch_back"} <= set(decision.rule_ids)


@pytest.mark.parametrize(
    "body",
    [
        "I'll be taking this further if I don't hear back by Friday.",
        "Watch this space. I'm going to my MP and the local paper about how I've been treated.",
        "I'll go to my MP, the Ombudsman and a solicitor if I have to.",
        "You have not heard the last of me. I will escalate this to stage 2.",
        "I am furious. The social worker lied in the report and I want her removed from our case.",
        "I was waiting outside the office for an hour for a meeting nobody turned up to.",
        "I don't know where she lives now, so how can I send the contact letters?",
        "My daughter knows where her dad lives and wants to visit him; why is nobody helping?",
        "The social worker told me to watch my back around my ex, which frightened me.",
        "I'll wait for her call tomorrow morning, she promised to ring by ten.",
        "I'm worried something will happen to her if she stays in that placement.",
        "My ex texted me saying he knows where I live now and he'll be waiting outside.",
        "I know where he lives but he never sees the children.",
        "We know where the children are staying now, thank you.",
        "You'd better watch out, I'm going to the papers.",
        "I'll be waiting for her reply outside of working hours if I must.",
        "I will make them pay compensation for this.",
        "I'll make you pay for my son's bus fares.",
        "If he hits me again I'll hit him back, I swear.",
        "I'm going to get her to ring you tomorrow.",
        "My son is scared of the older boys. I'll hurt them if they touch him.",
        "I know where you are coming from but I disagree.",
        "The social worker threatened to take my children into care if I complained.",
        "Dad rang to say he will be waiting for the social worker's call this afternoon.",
    ],
)
def test_ordinary_anger_and_worry_are_not_a_threat_to_staff(rulebook: Rulebook, body: str) -> None:
    assert threat(rulebook, body) is None


def test_a_later_message_is_read_for_a_threat_too(rulebook: Rulebook) -> None:
    """A reply on a case, or a call staff log on it, is not triaged: it is read for a threat
    on its own, as for safeguarding."""
    found = staff_threat_in("", "Nobody rang me again. She had better watch her back.", rulebook)
    assert found is not None and found.startswith(THREAT_TO_STAFF)
    assert staff_threat_in("", "Nobody rang me again. I'm taking this further.", rulebook) is None


def test_the_threat_is_a_fired_rule_beside_the_rest_of_triage(rulebook: Rulebook) -> None:
    """It does not change the route or stop the acknowledgement: the complaint is still a
    complaint, and a person looks."""
    decision = triage(
        Contact(subject="Complaint", body="The social worker has not returned my calls for "
                "three weeks. I know where she parks, tell her that."),
        rulebook,
        today=TODAY,
    )  # fmt: skip
    assert decision.staff_threat is not None
    assert any(rule.startswith("st.") for rule in decision.rule_ids)
    assert decision.route.value == "statutory"
