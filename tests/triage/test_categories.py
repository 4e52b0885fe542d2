"""Every category in the shipped rule file's `category_list` is one triage can pick: a plain
sentence a resident might write about it, written for this test, finds it. A category a
council lists with no rule that finds it would only ever be chosen by hand; this test names
the category that lacks a sentence or a rule. Also the routing leftovers of issue 23: a
special guardian's complaint about their allowance goes to the team the rule file gives
special guardianship, not to the triage queue, and asking for a new social worker is a change
of social worker."""

from __future__ import annotations

from datetime import date

import pytest

from cases.enums import RecordKind, Route
from triage.engine import Contact, Decision, triage
from triage.rulebook import Rulebook

RECEIVED = date(2026, 12, 7)

# One sentence per category, as a parent, carer or young person would write it.
SENTENCES = {
    "communication": (
        "I have left four voicemails for the social worker since October and nobody has rung "
        "me back."
    ),
    "quality_of_service": (
        "The support my family has had from the assessment team has been poor from start to finish."
    ),
    "staff_conduct": (
        "The social worker was rude to me in front of my children and rolled her eyes when I spoke."
    ),
    "staff_failure_in_duties": (
        "The social worker did not visit my son for eleven weeks even though his plan says "
        "every four weeks."
    ),
    "delayed_or_failed_service": (
        "We were told the assessment would be finished in September and it still has not been done."
    ),
    "delay_of_provision": (
        "My daughter was assessed as needing a carer in July but the care has still not started."
    ),
    "denial_or_withdrawal_of_service": (
        "The disabled children's team has stopped my son's short breaks without any warning."
    ),
    "lack_of_provision": (
        "There is no suitable placement for my son anywhere near home so he has been sent 80 "
        "miles away."
    ),
    "lack_of_support": (
        "I have asked for help with my son's behaviour again and again and we have been left to "
        "cope alone."
    ),
    "lack_of_action": (
        "I reported my concerns about the contact visits three times and the social worker did "
        "nothing about it."
    ),
    "broken_promise": (
        "The social worker promised to arrange a family group conference and it never happened."
    ),
    "decision_disputed": (
        "I disagree with the decision to close our case when nothing has changed at home."
    ),
    "assessments": (
        "The child and family assessment missed out everything my son's school told you about him."
    ),
    "policy_procedure": (
        "Your policy says parents get the minutes within 10 days but we waited two months."
    ),
    "data_protection": (
        "The social worker talked about our case with my neighbour, who now tells everyone in "
        "the street."
    ),
    "information_not_provided": (
        "I asked for a copy of my son's care plan three times and have never been given it."
    ),
    "incorrect_records": (
        "The assessment says I have a drink problem which is not true and I want it corrected."
    ),
    "financial": "My fostering allowance has been paid late every month since August.",
    "health_wellbeing": (
        "My son in care has not seen a dentist in over a year and his health assessment is overdue."
    ),
    "change_of_social_worker": "I want a new social worker.",
    "foster_carer_conduct": (
        "My daughter's foster carer shouts at her and will not let her phone me."
    ),
    "lack_of_consultation": "You moved my son to a new placement without asking me or him.",
    "family_safeguarding": (
        "I told the social worker my ex was back living near us and nobody did anything to keep "
        "the children safe."
    ),
    "other": "I am writing about the Christmas party for children in care being cancelled.",
}


def decide(rulebook: Rulebook, body: str, subject: str = "Complaint") -> Decision:
    contact = Contact(
        subject=subject, body=body, mailbox_kind=RecordKind.COMPLAINT, received_on=RECEIVED
    )
    return triage(contact, rulebook, today=RECEIVED)


def categories(decision: Decision) -> list[str]:
    return [category for category, _, _ in decision.issues]


def test_every_shipped_category_has_a_sentence_here(rulebook: Rulebook) -> None:
    assert set(SENTENCES) == set(rulebook.category_specs)


@pytest.mark.parametrize(("category", "sentence"), SENTENCES.items(), ids=list(SENTENCES))
def test_triage_picks_each_shipped_category(
    rulebook: Rulebook, category: str, sentence: str
) -> None:
    decision = decide(rulebook, sentence)
    assert decision.route == Route.STATUTORY
    assert category in categories(decision), decision.fired


def test_a_special_guardianship_allowance_goes_to_the_team_for_special_guardianship(
    rulebook: Rulebook,
) -> None:
    (rule,) = [rule for rule in rulebook.routing if rule.spec.id == "route.special_guardianship"]
    team = rule.spec.team
    assert team != rulebook.organisation.triage_team.id
    decision = decide(
        rulebook,
        "I am the special guardian of my granddaughter. The council has cut my special "
        "guardianship allowance without telling me and I have not been paid for two months. "
        "Nobody returns my calls.",
        subject="Special guardianship allowance",
    )
    assert decision.route == Route.STATUTORY
    assert {"financial", "denial_or_withdrawal_of_service", "communication"} <= set(
        categories(decision)
    )
    assert {issue_team for _, issue_team, _ in decision.issues} == {team}


def test_a_kinship_foster_carer_stays_with_fostering(rulebook: Rulebook) -> None:
    decision = decide(
        rulebook,
        "We are kinship foster carers for my nephew and our fostering allowance has been paid "
        "late for three months.",
    )
    assert ("financial", "fostering") in [(c, t) for c, t, _ in decision.issues]


@pytest.mark.parametrize(
    "sentence",
    [
        "I want a new social worker.",
        "Please can we have a different social worker, this one has never listened to us.",
        "My son has asked for his social worker to be changed and nobody has done it.",
        "This is the fifth social worker we have had in two years.",
        # "sw" is social worker in parents' and children's text-speak (walker's own text)
        "my sw keeps changing",
        "this is the 4th sw this year, it is not fair on the kids",
        "another new sw again, we only just got used to the last one",
    ],
)
def test_asking_for_a_new_social_worker_is_a_change_of_social_worker(
    rulebook: Rulebook, sentence: str
) -> None:
    found = categories(decide(rulebook, sentence))
    assert "change_of_social_worker" in found
    assert "communication" not in found


def test_a_name_in_the_signature_is_not_an_issue(rulebook: Rulebook) -> None:
    """Walking heard by hand: a complaint signed "L Grant" was proposed as Financial."""
    decision = decide(
        rulebook,
        "Nobody from your team has been to see the children since the summer and I am really "
        "unhappy about it.\nL Grant",
    )
    assert "financial" not in categories(decision)
    care_leaver = decide(
        rulebook, "My personal adviser says I cannot have the leaving care grant for my flat."
    )
    assert "financial" in categories(care_leaver)
