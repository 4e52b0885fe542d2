"""The writer's name from how a message signs off ("Thanks, Jo Bloggs", "Regards" over "Mrs K
Patel", "from Sam"), for the many who write from an address whose From header carries no name:
without it every letter to them begins "Dear Sir or Madam".

Conservative by design: a wrong name in a letter to a family is worse than no name. Only the
last few lines of what the writer wrote (and the first line of a "-- " signature) are read; a
name must follow a closing word ("thanks", "regards", "yours sincerely", "from"), or stand first
in the signature, and be one to four capitalised words, titles or initials with at least one
real name word. A greeting or closing word, an organisation or a team ("The Fostering Team",
"Oakfield Primary School"), a role ("Worried Mum", "A Parent") or anything read as a sentence
("Thanks for your help") gives no name. An age after the name is dropped ("Sam 14"), and a name
in lower case ("from sam", as children often sign) is read only as the message's last line.
"""

from __future__ import annotations

import re

TAIL_LINES = 8  # a sign-off sits in the last few lines of what the writer wrote
MAX_NAME = 70

# The closings a name follows, on its own line or before the name on the same line. "from"
# only on the same line ("from Sam"): a line that is only "From" begins a forwarded header.
_CLOSING = re.compile(
    r"(?i)(?P<closing>(?:many |kind(?:est)? |best |warm(?:est)? |with )?(?:thanks|thank you|regards)"
    r"(?: again| so much| very much)?|best wishes|all the best|best|cheers|ta|thx|love"
    r"|yours(?: sincerely| faithfully| truly)?|sincerely|respectfully|from)"
    r"(?P<sep>\s*[,.!:;-]*\s*|\s+)(?:from\s+)?(?P<rest>.*)"
)
# An age after the name, as children sign ("Sam 14", "Sam, aged 14", "sam age 14 years old").
_AGE = re.compile(r"(?i)[\s,]+(?:aged?\s*)?\d{1,2}(?:\s*(?:years?|yrs?)(?:\s*old)?|\s*y/?o)?$")
# A name in lower case ("from sam") is read only as the message's very last line, after a
# closing word, one or two words long, and none of the everyday words such a line may end with.
_LOWER_WORD = re.compile(r"[a-z\u00df-\u00ff]+(?:['\u2019-][a-z\u00df-\u00ff]+)*")
_NOT_LOWER_NAME_WORDS = """
    now today tonight tomorrow yesterday here there then them him home work both everyone
    anyone someone somebody everybody lots loads heaps mate mates guys bye soon later ages
    monday tuesday wednesday thursday friday saturday sunday week weekend month year
    x xx xxx ok okay fine well sent again bro bruv hun babe lol pls plz
"""
_NOT_LOWER_NAMES = frozenset(_NOT_LOWER_NAME_WORDS.split())
_TITLE = re.compile(r"(?i)(?:mr|mrs|ms|miss|mx|dr|prof|rev|sir|dame|lady|lord)\.?")
_INITIAL = re.compile(r"[A-Z]\.?")
# A capitalised name word (O'Brien, Smith-Jones, McDonald, Zoë). Words in capitals are not
# read as names: "Regards\nURGENT" is shouting, not a signature.
_WORD = re.compile(r"[A-Z][a-z\u00df-\u00ff]*(?:['\u2019-]?[A-Z][a-z\u00df-\u00ff]+)*")
_KISSES = re.compile(r"(?i)\s+x+$")
_BRACKETED = re.compile(r"\s*[(\[].*?[)\]]\s*$")

# Words that are never part of a name: greetings and closings, organisations and teams, roles
# and relationships, and the common words a capitalised sentence begins with.
_NOT_NAME_WORDS = """
    thanks thank you regards kind best wishes cheers sincerely faithfully yours truly love
    warm warmest many again much very hello hi dear good morning afternoon evening all
    everyone anyway advance regard respectfully sent iphone android phone mobile outlook
    council borough county city school academy college university nursery trust nhs ltd
    limited plc llp inc solicitors solicitor law legal services service team department dept
    office centre center group association charity foundation hospital surgery practice
    police agency housing social care children childrens family families unit board committee
    authority government health clinic church company partnership partners network project
    worried concerned anxious upset angry frustrated disappointed mum mom mummy dad daddy
    mother father parent parents grandmother grandfather grandma grandad granddad gran nan
    nanny grandparent aunt auntie uncle carer carers foster guardian neighbour neighbor friend
    resident member manager officer worker advocate teacher headteacher head
    room flat apartment year number
    anonymous unknown name complainant sender writer customer client tenant student pupil
    child son daughter brother sister husband wife partner boyfriend girlfriend
    the a an and or of for to in on at by with from my our your his her their this that it
    i we me us please sorry no yes not just so also only
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())


def name_from_sign_off(text: str, signature: str = "") -> str | None:
    """The name the writer signed with, or None when there is none to be sure of."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][-TAIL_LINES:]
    for index in range(len(lines) - 1, -1, -1):
        found = _CLOSING.fullmatch(lines[index])
        if found is None:
            continue
        closing, rest = found.group("closing").lower(), found.group("rest")
        if closing == "from" and ":" in found.group("sep"):
            continue  # "From: …" quotes a header, not the writer
        if rest or closing == "from":
            name = _as_name(rest, lower_ok=index == len(lines) - 1)
        else:
            following = index + 1
            name = (
                _as_name(lines[following], lower_ok=following == len(lines) - 1)
                if following < len(lines)
                else None
            )
        if name is not None:
            return name
    first = next((line.strip() for line in signature.splitlines() if line.strip()), "")
    return _as_name(first) if first else None


def _as_name(candidate: str, *, lower_ok: bool = False) -> str | None:
    """`candidate` as a person's name, or None: one to four name words, titles or initials,
    at least one a real name word, none a word no name has. With `lower_ok` (the message's
    last line, after a closing word) a name in lower case is read too ("from sam": children
    and phones often write so), capitalised for the letter."""
    text = _KISSES.sub("", candidate.strip())
    text = _BRACKETED.sub("", text)  # "Mrs K Patel (Amy's mum)"
    text = _AGE.sub("", text.rstrip(".!;:"))  # "Sam, 14"
    text = text.split(",")[0].strip().rstrip(".!;:").strip()  # "Jo Bloggs, parent"
    tokens = text.split()
    if lower_ok and 1 <= len(tokens) <= 2 and all(_LOWER_WORD.fullmatch(t) for t in tokens):
        if any(t in _NOT_NAMES or t in _NOT_LOWER_NAMES or _TITLE.fullmatch(t) for t in tokens):
            return None
        return " ".join(t[0].upper() + t[1:] for t in tokens)
    if not 1 <= len(tokens) <= 4 or len(text) > MAX_NAME:
        return None
    words = 0
    kept = []
    for position, token in enumerate(tokens):
        if position == 0 and _TITLE.fullmatch(token) and len(tokens) > 1:
            kept.append(token.rstrip(".").capitalize())
            continue
        if _INITIAL.fullmatch(token):
            kept.append(token.rstrip("."))
            continue
        bare = token.rstrip(".").lower().replace("\u2019", "'").removesuffix("'s")
        if bare in _NOT_NAMES or _TITLE.fullmatch(bare):
            return None
        if _WORD.fullmatch(token):
            words += 1
            kept.append(token)
        else:
            return None
    return " ".join(kept) if words else None
