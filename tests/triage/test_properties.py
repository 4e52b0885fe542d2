from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from cases.enums import NotLoggedReason, RecordKind, Route
from triage.engine import Contact, triage
from triage.rulebook import Rulebook

SAFEGUARDING_PHRASES = [
    "he hits me",
    "I am scared to go home",
    "she touched me",
    "I want to kill myself",
    "they locked the baby in",
    "I took a load of my mums pills",
    "my stepdad locks me in my room",
    "the dad hit the little boy last night",
]


@settings(max_examples=200, deadline=None)
@given(
    subject=st.text(max_size=200),
    body=st.text(max_size=3000),
    mailbox=st.sampled_from([*RecordKind, None]),
)
def test_any_text_gives_exactly_one_decision_and_never_raises(
    rulebook: Rulebook, subject: str, body: str, mailbox: RecordKind | None
) -> None:
    contact = Contact(subject=subject, body=body, mailbox_kind=mailbox)
    first = triage(contact, rulebook, today=date(2026, 3, 2))
    assert first == triage(contact, rulebook, today=date(2026, 3, 2))
    assert first.route in Route
    assert first.fired


@settings(max_examples=150, deadline=None)
@given(
    before=st.text(max_size=500),
    after=st.text(max_size=500),
    phrase=st.sampled_from(SAFEGUARDING_PHRASES),
    shout=st.booleans(),
)
def test_a_safeguarding_phrase_is_never_routed_to_an_ordinary_queue(
    rulebook: Rulebook, before: str, after: str, phrase: str, shout: bool
) -> None:
    text = f"{before}\n{phrase.upper() if shout else phrase}\n{after}"
    decision = triage(Contact(subject="complaint", body=text), rulebook, today=date(2026, 3, 2))
    assert decision.safeguarding and decision.safeguarding_words
    if decision.not_logged_reason == NotLoggedReason.SAFEGUARDING_REFERRAL:
        assert decision.issues == ()


@settings(max_examples=100, deadline=None)
@given(
    phrase=st.sampled_from(SAFEGUARDING_PHRASES),
    complaint=st.sampled_from(
        [
            "My social worker never returns my calls.",
            "I want to complain that nobody came to my review.",
            "The social worker was rude to me and lied in the report.",
        ]
    ),
    first=st.booleans(),
)
def test_a_disclosure_never_drops_the_complaint_beside_it(
    rulebook: Rulebook, phrase: str, complaint: str, first: bool
) -> None:
    text = f"{phrase}. {complaint}" if first else f"{complaint} {phrase}."
    decision = triage(Contact(subject="complaint", body=text), rulebook, today=date(2026, 3, 2))
    assert decision.safeguarding
    assert decision.route in (Route.STATUTORY, Route.CORPORATE)
    assert decision.issues
