"""No automatic mail goes to the sender when a child writes or anyone asks for secrecy, in
words triage's complainant types do not name (no age, text-speak, a plea worded sideways),
and adults writing about children are still acknowledged. The texts are written for this test,
not taken from the safeguarding corpus."""

from __future__ import annotations

from datetime import date

import pytest

from triage.engine import Contact, triage
from triage.rulebook import Rulebook

TODAY = date(2026, 3, 2)
CHILD = "a child is writing"
SECRECY = "the writer asks that someone not be told"


def held(rulebook: Rulebook, body: str) -> tuple[str, ...]:
    return triage(Contact(subject="", body=body), rulebook, today=TODAY).no_automatic_reply


@pytest.mark.parametrize(
    "body",
    [
        "my carers said i cant go on the school trip cos the form wasnt signed. not fair",
        "why does my sw keep changing?? this is the 4th one. i dont even no her name",
        "I want to complain that my key worker read my diary.\nTyler 13",
        "the lads in my year keep going on about my foster mum being paid to have me. ngl it hurts",
        "im in yr 10 and i still havent got a laptop from the council like they promised",
        "Can I get my setting up home money early? I want to move out of staying put in May.",
        "i asked for an advocate ages ago for my lac review and no one has rung",
        # no age, carer or school: typed all in lower case, in text-speak (triage.young_voice)
        "why did u cancel my contact again pls ring me back",
        "idk who to ask but when do i get my bus pass renewed",
        "my social worker is gonna kill me bc i lost my bus pass AGAIN. can i get a new one",
        # formal writing with the age or school life given in passing
        "Dear Sir or Madam,\nPlease send me a copy of my file.\nYours faithfully,\nAmira Shah (15)",
        "Name: Jordan Lee\nAge: 13\nEnquiry: How do I join the youth council?",
        "I turn 16 next month and would like to know about the council bus fares for students.",
        "I am a 14 year old and would like to know who decides my contact arrangements.",
        "Could the review be moved? It clashes with my GCSE exams in June.",
        "My mum says I have to ask properly, so: may I volunteer at the family centre?",
        "This is from my mum's email but it is me writing: can my visit move to Friday?",
        # formal writing with no age or school: their own family, friends and care as a child
        # names them (child.family)
        "Dear Sir or Madam,\nMy dad and I would like contact moved to Sundays.\nYours, Sam Reed",
        "Please could my review be held after 4pm so that I do not miss lessons?",
        "I would like a different social worker. My current social worker cancels every visit.",
        "Could the council pay for my little brother and me to visit my nan in Wales?",
        "I would like to stand for the Children in Care Council next year. How do I apply?",
        "I am writing from my mother's laptop. Could someone explain how the bursary works?",
    ],
)
def test_a_child_writing_in_their_own_words_gets_no_automatic_mail(
    rulebook: Rulebook, body: str
) -> None:
    assert CHILD in held(rulebook, body)


@pytest.mark.parametrize(
    "body",
    [
        # a count at the end of a line or sentence is not a name signed with an age
        "They missed the meeting about my son again. Number 5",
        "They cancelled the visit with my daughter again.\nTimes 12",
        "Nobody rang back about my son's review. Attempt 6",
    ],
)
def test_a_count_is_not_a_childs_age(rulebook: Rulebook, body: str) -> None:
    assert CHILD not in held(rulebook, body)


@pytest.mark.parametrize(
    "subject",
    [
        "Complaint 12",
        "complaint 5",
        "Enquiry 17",
        "Reminder 9",
        "Review 14",
        "Email 7",
        "Letter 16",
    ],
)
def test_a_numbered_subject_is_not_a_childs_age(rulebook: Rulebook, subject: str) -> None:
    """Parents number what they send ("Complaint 12"): as a line of a name and an age it held
    13 of 120 parents' acknowledgements in walkerE's bulk Graph walk."""
    body = "The social worker has not returned my calls about my son's care plan for six weeks."
    decision = triage(Contact(subject=subject, body=body), rulebook, today=TODAY)
    assert CHILD not in decision.no_automatic_reply


def test_a_name_signed_with_an_age_still_reads_as_a_child(rulebook: Rulebook) -> None:
    decision = triage(
        Contact(subject="Tyler 13", body="my carers wont let me go out"), rulebook, today=TODAY
    )
    assert CHILD in decision.no_automatic_reply


@pytest.mark.parametrize(
    "body",
    [
        "Please don't mention to his father that I've been in touch, it would only cause a row.",
        "Could this complaint be kept from my ex-husband? He reads anything addressed to the house.",
        "My mum doesn't know I'm emailing you so please can you not ring the house.",
        "I'm writing in confidence about my granddaughter's contact arrangements.",
        "Please do not send letters home, my partner opens the post.",
        # Benign secrecy is secrecy too (the corpus labels it so): who may read a reply is
        # staff's to judge, and holding a receipt costs one person's reading.
        "Don't hesitate to call me. We are planning a surprise for her birthday, so don't tell her!",
        "Please keep this complaint from my daughter-in-law, we are getting on well now.",
        # 'do not tell' written out: the unless phrase 'not told' matched 'not tell' by its
        # lemma, so the plainest adult wording was never secrecy (found walking intake).
        "Please do not tell my ex-partner that I have written to you.",
        "Please do not tell my husband where we are staying now.",
        "I was not told about the review. Please do not tell my ex where I live now.",
        # forms the phrases missed before (secrecy.asked)
        "I would rather my name was not used when you speak to the school.",
        "I would prefer that my details are not passed on to the family.",
        "Please do not reply to this email, my dad reads my inbox.",
        "Please don't let my mum know that I wrote to you.",
        "I would ask that my personal adviser is not copied into this.",
        "If you talk to her, please don't say it came from me.",
        "Could you not mention my name to the foster carers?",
        # forms added to secrecy.asked by sgtuner (sixth session)
        "Please don't let on to the school that this came from a parent.",
        "Could you please not forward my email to the foster carers?",
        "I would appreciate your discretion, as his family are very close to mine.",
        "Please keep this to yourselves for now.",
        "Nobody knows I'm writing to you.",
        "Can this be done without my mother finding out?",
        "If you speak to them, please keep me out of it.",
        "Please do not disclose my address to the father.",
        "Please do not copy in the school.",
        "If my dad knew I had written he would take my phone.",
        # a form added by sgtuner (seventh session): "say anything to" named no one listed
        "Please don't say anything to Mr Okafor about this, it is for his leaving card.",
        "Can you not say anything about it to my foster mum yet?",
        # forms added by sgsecrecy (tenth session): asked of a person named or not, by a
        # preference, by denial, by a deletion, or by how a reply may reach the writer
        "I would prefer that my daughter's school is not told I wrote.",
        "I'd ask that her stepfather is not informed until you have seen her.",
        "Could my parents not be contacted about this, please?",
        "I'd rather she didn't, as it would only upset her.",
        "I don't want my brother finding out about the money.",
        "I would be grateful if you did not contact my husband.",
        "If anyone from your office asks, I'll deny I ever sent this.",
        "Delete this email once you've read it, I'm serious.",
        "can u keep a secret, its about my flat mate",
        "I won't give my name as the family live opposite me.",
        "Please don't put my name to any of it.",
        "Please do not include this in anything that goes to his solicitor.",
        "pls dont tell nanny i asked about the money",
        "Can you make sure this doesn't get back to the nursery?",
        "Please do not ring the landline, he picks it up.",
        "Only write to me at my work address, not the house.",
        "My partner goes through my phone so an email is better.",
        "Please ensure her father does not see your letter.",
        "would u have to tell my mum if i asked about moving out",
        "Please, no letters to the house: my husband opens everything that comes.",
    ],
)
def test_a_plea_for_secrecy_worded_sideways_gets_no_automatic_mail(
    rulebook: Rulebook, body: str
) -> None:
    assert SECRECY in held(rulebook, body)


@pytest.mark.parametrize(
    "body",
    [
        "My son's carers took him to the wrong school for his review meeting.",
        "I'm 24 and left care in 2020. My leaving care grant was never paid in full.",
        "As the class teacher I am raising that the social worker has not replied about a pupil.",
        "The social worker never returns my calls about our fostering allowance.",
        "We were not told why the visits stopped and nobody has rung back.",
        "My son Amir (15) has not been given a copy of his plan.",
        "I did my GCSEs in care in 2009 and want my records.",
        "My daughter turns 18 in May: when will her pathway plan be updated?",
        "Age of the child: 13. The school says the taxi has been late all term.",
        "My son's social worker has cancelled his review twice.",
        "When I was in care my social worker lost my birth certificate; I am 30 now.",
        # the words of a plea for secrecy, said of the council's own failings (sgsecrecy)
        "You never got back to me about my son's review, and I was not told it had moved.",
        "They did not let me know the visits were cancelled, and I never got a reply.",
        "The social worker did not call me back on the day she said she would.",
        "I did not get the letter you say you sent about my daughter's plan.",
        "I asked that my son is sent to a school nearer home; nobody has answered.",
        "I am not anonymous: I am the children's grandmother and I want a reply.",
    ],
)
def test_adults_writing_about_children_are_acknowledged_as_usual(
    rulebook: Rulebook, body: str
) -> None:
    why = held(rulebook, body)
    assert CHILD not in why and SECRECY not in why


def test_a_preference_is_not_a_plea_for_secrecy(rulebook: Rulebook) -> None:
    """A "rather" with nothing kept from anyone (secrecy.asked's "rather ... not"). A message
    this short, with nothing that places its writer, may still read as a child's to the
    young-voice model: that hold is staff's one reply, and not what this asks."""
    assert SECRECY not in held(rulebook, "I would rather you rang me after 5pm as I work days.")
