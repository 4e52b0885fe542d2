from __future__ import annotations

from datetime import date

import pytest

from cases.enums import ComplainantType, IssueCategory, NotLoggedReason, RecordKind, Route
from triage.engine import MAX_TEXT, TRUNCATED, Contact, Decision, triage
from triage.rulebook import Rulebook

TODAY = date(2026, 3, 2)


def decide(
    rulebook: Rulebook,
    body: str,
    *,
    subject: str = "Complaint",
    mailbox: RecordKind = RecordKind.COMPLAINT,
) -> Decision:
    return triage(Contact(subject=subject, body=body, mailbox_kind=mailbox), rulebook, today=TODAY)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            "My son is subject to care proceedings and the family court got it wrong.",
            NotLoggedReason.COURT_RELATED,
        ),
        (
            "I'm a family friend and I think the social worker is rude.",
            NotLoggedReason.INSUFFICIENT_INTEREST,
        ),
        # A subject access request is now a record of its own (tests/dataprotection).
        (
            "I want to make an FOI request about staffing levels.",
            NotLoggedReason.ALTERNATIVE_PROCESS,
        ),
        ("I wish to remain anonymous but your staff are rude.", NotLoggedReason.GENERAL_ENQUIRY),
        (
            "This happened more than a year ago with my daughter's social worker.",
            NotLoggedReason.OUT_OF_TIME,
        ),
        ("It was another council that moved my son, not you.", NotLoggedReason.OUT_OF_JURISDICTION),
        (
            "I'm writing about my grandson without his knowledge, his care is poor.",
            NotLoggedReason.CONSENT_NOT_GAINED,
        ),
        (
            "The child protection conference decided to put my daughter on a plan. I disagree.",
            NotLoggedReason.S47_CHILD_PROTECTION,
        ),
        (
            "My daughter told me he hits me and she is scared to go home.",
            NotLoggedReason.SAFEGUARDING_REFERRAL,
        ),
        ("I took a load of my mum's pills last night.", NotLoggedReason.SAFEGUARDING_REFERRAL),
    ],
)
def test_each_not_logged_reason(rulebook: Rulebook, body: str, reason: NotLoggedReason) -> None:
    decision = decide(rulebook, body)
    assert decision.route == Route.NOT_LOGGED
    assert decision.not_logged_reason == reason
    assert decision.fired, "a decision always says why"


@pytest.mark.parametrize(
    ("body", "complainant", "eligible"),
    [
        ("I am in care and my placement is not working.", ComplainantType.LOOKED_AFTER_CHILD, True),
        (
            "I am a care leaver and my pathway plan was never done.",
            ComplainantType.CARE_LEAVER,
            True,
        ),
        ("My son's social worker never calls.", ComplainantType.PARENT, True),
        ("I am a foster carer and the allowance is late.", ComplainantType.FOSTER_CARER, True),
        ("As a special guardian I was refused support.", ComplainantType.SPECIAL_GUARDIAN, True),
        (
            "We are adopting and adoption support is poor.",
            "adoption_applicant",
            True,
        ),
        (
            "I was adopted and cannot see my adoption records quickly enough.",
            ComplainantType.ADOPTED_PERSON,
            True,
        ),
        (
            "I am an advocate from Coram Voice writing for a young person.",
            ComplainantType.ADVOCATE,
            True,
        ),
        (
            "I am the grandmother and nobody told me about the plan.",
            "grandparent",
            False,
        ),
        # "my daughter's child" is a grandchild; "my daughter's child protection conference"
        # (and "child in need", "child arrangements") is a parent writing.
        ("My daughter's child was taken into care.", "grandparent", False),
        ("My son's child's school was never told.", "grandparent", False),
        (
            "Nobody listened at my daughter's child protection conference.",
            ComplainantType.PARENT,
            True,
        ),
        ("My son's child in need plan was never reviewed.", ComplainantType.PARENT, True),
        ("My daughter's child arrangements were ignored.", ComplainantType.PARENT, True),
        (
            "On behalf of my constituent, the delay is unacceptable.",
            ComplainantType.MP_OR_COUNCILLOR,
            False,
        ),
    ],
)
def test_each_complainant_type(
    rulebook: Rulebook, body: str, complainant: ComplainantType, eligible: bool
) -> None:
    decision = decide(rulebook, body)
    assert decision.complainant_type == complainant
    assert decision.eligible is eligible


def test_multi_issue_multi_team_complaint(rulebook: Rulebook) -> None:
    decision = decide(
        rulebook,
        "My son's social worker was rude and never returns my calls. "
        "The fostering allowance promised to his foster carer never came.",
    )
    assert decision.route == Route.STATUTORY
    teams = {team for _, team, _ in decision.issues}
    categories = {category for category, _, _ in decision.issues}
    assert {"fostering", "assessment"} <= teams
    assert {
        IssueCategory.COMMUNICATION,
        IssueCategory.STAFF_CONDUCT,
        IssueCategory.FINANCIAL,
    } <= categories


def test_child_complainant_gets_an_advocacy_offer(rulebook: Rulebook) -> None:
    decision = decide(
        rulebook, "I'm 14 and I live in a children's home. My key worker at the home shouted at me."
    )
    assert decision.complainant_type == ComplainantType.LOOKED_AFTER_CHILD
    assert decision.advocacy_offer
    assert "residential" in {team for _, team, _ in decision.issues}


def test_out_of_time_flags_discretion(rulebook: Rulebook) -> None:
    decision = decide(rulebook, "In 2019 my daughter's social worker lied in a report.")
    assert decision.out_of_time and decision.discretion_may_apply
    assert decision.not_logged_reason == NotLoggedReason.OUT_OF_TIME


def test_historic_complaint_starts_at_stage_two(rulebook: Rulebook) -> None:
    decision = decide(
        rulebook,
        "When I was in care in the 1980s I was let down by my social "
        "workers and never told about my family.",
    )
    assert decision.historic and decision.start_stage == 2
    assert decision.route == Route.STATUTORY
    assert not decision.out_of_time


def test_compliment_and_enquiry(rulebook: Rulebook) -> None:
    compliment = decide(
        rulebook,
        "I would like to thank the fostering team, they went above and beyond.",
        mailbox=RecordKind.COMPLIMENT,
    )
    assert (compliment.record_kind, compliment.route) == (RecordKind.COMPLIMENT, Route.NONE)
    assert "fostering" in {team for _, team, _ in compliment.issues}
    enquiry = decide(rulebook, "Could you tell me who is my social worker?", subject="Question")
    assert enquiry.record_kind == RecordKind.ENQUIRY


def test_education_goes_to_the_corporate_route(rulebook: Rulebook) -> None:
    decision = decide(rulebook, "My son's EHCP has been delayed for months.")
    assert decision.route == Route.CORPORATE
    assert "send" in {team for _, team, _ in decision.issues}


def test_nothing_matched_goes_to_the_triage_queue(rulebook: Rulebook) -> None:
    decision = decide(rulebook, "Please look at this.")
    assert decision.issues == ((IssueCategory.OTHER, "complaints", "routing.default"),)


def test_named_worker_routes_to_their_team(rulebook: Rulebook) -> None:
    decision = decide(rulebook, "Example Worker did not do what was agreed.")
    assert ("assessment") in {team for _, team, _ in decision.issues}


def test_decision_survives_json(rulebook: Rulebook) -> None:
    decision = decide(rulebook, "My son's social worker was rude.")
    assert Decision.from_json(decision.to_json()) == decision


def test_a_matter_two_teams_could_answer_goes_to_the_triage_queue(rulebook: Rulebook) -> None:
    decision = decide(
        rulebook,
        "My son was moved by the fostering team and the adoption team without telling me.",
    )
    assert [team for _, team, _ in decision.issues] == [rulebook.organisation.triage_team.id]
    [why] = decision.uncertain
    assert why.startswith("more than one team could answer") and "Fostering" in why


def test_a_text_that_reads_as_two_kinds_is_not_guessed_at(rulebook: Rulebook) -> None:
    decision = decide(
        rulebook,
        "I would like to thank the children in care team, they went above and beyond for the "
        "young people I work with as their teacher.",
        subject="Thank you",
    )
    assert decision.record_kind == RecordKind.COMPLIMENT
    assert decision.uncertain == (
        "it reads as a compliment but also as a professional complaint: check what it is",
    )


def test_the_words_that_fired_are_kept_out_of_the_reasons_cards_show(rulebook: Rulebook) -> None:
    decision = decide(rulebook, "My stepdad hits me. Also my social worker never calls back.")
    assert decision.safeguarding and "hits me" in decision.safeguarding_words
    assert decision.route == Route.STATUTORY  # the complaint beside it is logged
    assert not any("hits me" in reason for _, reason in decision.fired)


def test_a_message_longer_than_triage_reads_is_never_skipped_in_silence(
    rulebook: Rulebook,
) -> None:
    """Triage reads the first MAX_TEXT characters; past them it says so, for staff to read the
    rest (a disclosure may be there), and the letter does not settle the procedure."""
    long_body = "My son's social worker has not returned my calls. " * (MAX_TEXT // 50 + 10)
    decision = triage(Contact(subject="Complaint", body=long_body), rulebook, today=TODAY)
    assert TRUNCATED.format(MAX_TEXT) in decision.uncertain
    assert "triage.truncated" in decision.rule_ids
    short = triage(Contact(subject="Complaint", body=long_body[:2000]), rulebook, today=TODAY)
    assert not any("longer than triage reads" in why for why in short.uncertain)
    # What triage did not read may hold a disclosure: no automatic mail until a person has.
    assert any("longer than triage reads" in why for why in decision.no_automatic_reply)
    assert short.no_automatic_reply == ()


def test_the_social_worker_of_a_child_in_care_is_the_children_in_care_teams(
    rulebook: Rulebook,
) -> None:
    """ "Social worker" alone points to Assessment; beside words that say the child is in care
    it must not, or every such complaint would wait in the triage queue as a tie."""
    body = (
        "My son is in care. His social worker keeps changing and nobody tells us about his "
        "care plan reviews."
    )
    decision = triage(Contact(subject="Complaint", body=body), rulebook, today=TODAY)
    assert {team for _, team, _ in decision.issues} == {"children_in_care"}
    assert not any("more than one team" in why for why in decision.uncertain)


def test_a_care_leaver_not_helped_is_a_lack_of_support_for_leaving_care(
    rulebook: Rulebook,
) -> None:
    body = "I am a care leaver and my personal adviser has not helped me find housing."
    decision = triage(Contact(subject="Complaint", body=body), rulebook, today=TODAY)
    assert ("lack_of_support", "leaving_care") in {(c, t) for c, t, _ in decision.issues}
