"""Text-speak typed all in lower case reads as typed on a phone (a child writing, for the
no-automatic-mail hold); an adult's letter, or text-speak in a letter with capitals, does not.
The texts are written for this test, not taken from the safeguarding corpus."""

from __future__ import annotations

import pytest

from triage.young_voice import text_speak


@pytest.mark.parametrize(
    "text",
    [
        "ngl im so bored rn and u wouldnt get it",
        "why did u cancel my contact again pls ring me back",
        "idk who to ask but when do i get my bus pass renewed",
        "my carer said no AGAIN so can u ask her pls",  # a word shouted in capitals
        "I want to move back to my old school tbh its closer",  # the "I" a phone capitalises
    ],
)
def test_text_speak_in_lower_case_reads_as_typed_on_a_phone(text: str) -> None:
    assert text_speak(text)


@pytest.mark.parametrize(
    "text",
    [
        "I am so bored at the moment and you would not get it.",
        "Can u ring me back pls, the visit was cancelled again.",  # capitals: a letter
        "Dear Sir, pls see the attached form from Mrs Patel.",  # capitals beyond whole words
        "i am writing about my sons school transport which is late every morning",  # no text-speak
        "",
    ],
)
def test_an_adults_letter_does_not(text: str) -> None:
    assert not text_speak(text)
