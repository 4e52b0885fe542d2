"""A message typed the way children and teenagers type on a phone: all in lower case, with
text-speak ("u", "im", "tbh", "pls", "idk"). The rules read casefolded text, so they cannot
see it; this reads the text as written.

It reads as a child writing, so no automatic mail goes to the sender (staff decide how to
reply): children's ordinary messages with no age, school or carer in them were the ones
answered automatically (13 of dev's 477 children's contacts, 10 of sealed6's 114). On dev
(1884 contacts, to dev-1884) it reads 197 of the 477 children's contacts and 4 of the 1407
adults' (two voice-to-text call notes, a parent's "lol", a friend's report).
"""

from __future__ import annotations

import re

# Words spelt as typed on a phone, not as written in a letter. Single letters ("u", "r", "n")
# only as whole words: in a message all in lower case even "im" reads as typed on a phone.
TEXT_SPEAK = re.compile(
    r"\b(?:u|ur|r|n|im|ya|ye|pls|plz|tbh|idk|ngl|rn|lol|lmao|omg|istg|bruh|smh|cos|coz|cuz|wanna|"
    r"gonna|gna|dunno|ppl|thx|ty|sry|srry|wat|wot|bout|tho|fr|af|ikr|jk|wtf|ffs|hw|bc|nd)\b"
)
UPPER_SHARE = 0.01  # at most one letter in a hundred a capital ("I" typed once is still lower case)
# A word typed all in capitals is shouted ("AGAIN", "STILL") or set by the phone ("I", "I'm"):
# it says nothing about how the rest was typed, so its letters are not counted. On dev (3164
# contacts) this reads 27 more of the 1097 children's and none more of the adults'.
CAPITALS_WORD = re.compile(r"\b[A-Z]+\b")


def text_speak(raw: str) -> bool:
    """All (or nearly all) in lower case, words typed in capitals aside, and at least one
    word of text-speak."""
    letters = [c for c in CAPITALS_WORD.sub("", raw) if c.isalpha()]
    if not letters:
        return False
    capitals = sum(c.isupper() for c in letters)
    return capitals <= UPPER_SHARE * len(letters) and TEXT_SPEAK.search(raw) is not None
