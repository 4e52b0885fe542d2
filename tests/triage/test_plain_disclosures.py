"""Plain disclosures in a few words, alone or after a complaint, refer on a rule's words
whatever the safeguarding model makes of them: on short text the model is unreliable both ways
("my daughter has gone missing" 0.06, "my mum's boyfriend gave me a bruise" after a request
0.08, "hes going to kill us" 0.15). Each of these was left unreferred by 2c41efe, which weighed
such words by the model (as a `suggests` rule's) to spare children's ordinary messages ("a
bruise from netball", "the gang from school"); every held-out measure had missed it, since no
corpus text is a disclosure this plain. The texts are written for this test, not taken from the
safeguarding corpus."""

from __future__ import annotations

from datetime import date

import pytest

from triage.engine import Contact, triage
from triage.rulebook import Rulebook


@pytest.mark.parametrize(
    "body",
    [
        "I want to complain about my social worker. She never visits. My son has a bruise on"
        " his face from his stepdad.",
        "Please can you tell my social worker my mum's boyfriend gave me a bruise",
        "hes going to kill us",
        "i think my son is in a gang",
        "my daughter has gone missing",
        "the children are left unsupervised",
        "the kids are always left alone",
        "the children next door are home alone",
        "my carer wont let me out",
        "she has bruises on her face and says her dad did it",
        "my brother is in a gang and they make me hold knives",
        "he brought a knife to my house",
        "they locked me in my room all weekend",
        "im home alone again, theres not enough food",
    ],
)
def test_a_plain_disclosure_refers(rulebook: Rulebook, body: str) -> None:
    decision = triage(Contact(subject="", body=body), rulebook, today=date(2026, 3, 2))
    assert decision.safeguarding, decision.fired
