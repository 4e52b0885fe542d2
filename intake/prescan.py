"""The safeguarding pre-scan before the 250: a cheap look at the start of a message's text that
puts a likely disclosure ahead of other waiting mail (issue 29: in a flood, mail is read oldest
first and a MASH referral waited behind every message before it).

It decides nothing: the reading worker still reads and triages the message in full, and a
message the pre-scan misses is read in its turn as before. So it may be rough, and it must be
cheap and bounded, because it runs on the thread that stores mail before answering 250: it reads
at most the first PRESCAN_BYTES of the raw message (headers included) and PRESCAN_CHARS of
text, strips HTML with one linear pattern, and applies only the phrases of the safeguarding
rules that refer on their own (`strength: refers`; no model, no triage). The broad `suggests`
words also fire on ordinary complaints, and mail put ahead for them would push a disclosure
back into the queue.
"""

from __future__ import annotations

import html
import re
from email import message_from_bytes
from email.message import Message
from email.policy import compat32

from intake.mime_text import decode_bytes
from triage.rulebook import Rulebook

PRESCAN_BYTES = 64 * 1024
PRESCAN_CHARS = 10_000
URGENT = 1  # correspondence.reading_priority of a message the pre-scan flags

_TAG = re.compile(r"<[^<>]*>")  # each character is looked at a bounded number of times


def reading_priority(raw: bytes, subject: str, rulebook: Rulebook) -> int:
    """URGENT when the start of the message carries a safeguarding phrase, else 0; never
    raises (a message it cannot make out is read in its turn)."""
    try:
        text = _tidy(f"{subject}\n{_start_of_text(raw[:PRESCAN_BYTES])}")[:PRESCAN_CHARS]
        hits = rulebook.scan(text).hits
        referring = (r for r in rulebook.safeguarding if r.spec.strength == "refers")
        return URGENT if any(rule.key in hits for rule in referring) else 0
    except Exception:  # a rough look must never cost a message its 250
        return 0


def _tidy(text: str) -> str:
    """Blank lines dropped and runs of spaces made one, in one linear pass: a rule's regular
    expression that backtracks over whitespace costs little on what remains."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _start_of_text(head: bytes) -> str:
    """The text parts of the message's first bytes, decoded (a part cut off by the limit is
    decoded as far as it goes)."""
    message = message_from_bytes(head, policy=compat32)
    texts: list[str] = []
    size = 0
    for part in message.walk():
        if part.get_content_maintype() != "text" or size >= PRESCAN_CHARS:
            continue
        text = _decoded(part)
        if part.get_content_subtype() == "html":
            text = html.unescape(_TAG.sub(" ", text))
        texts.append(text)
        size += len(text)
    return "\n".join(texts)


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    return decode_bytes(data[: PRESCAN_CHARS * 4], part.get_content_charset())
