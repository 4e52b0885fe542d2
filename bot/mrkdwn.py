"""Safe text for Slack: outside text is escaped and cut to Block Kit's limits.

Slack's mrkdwn treats `<…>` as links and mentions (`<!channel>`, `<@U123>`, `<https://x|y>`),
and `&` starts an entity: escaping these three characters makes any complainant-supplied text
render literally and ping no one. Limits are cut with an ellipsis rather than failing the post.
"""

from __future__ import annotations

SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
OPTION_TEXT = 75
MODAL_TITLE = 24


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# A cut at a word gives back at most this share of the room (a long first word is cut in it).
WORD_CUT_LOSS = 0.3


def truncate(text: str, limit: int) -> str:
    """`text` in `limit` characters: cut after the last whole word that fits, with an
    ellipsis, so that a button or menu option never ends in half a word ("Children in Care
    and Care Leav…" read as a typo); a word too long to keep the cut near the limit is cut
    within. What tells options apart is their value, never this text."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    word_end = cut.rstrip().rfind(" ") if not text[limit - 1].isspace() else len(cut)
    if word_end >= limit * (1 - WORD_CUT_LOSS):
        cut = cut[:word_end]
    return cut.rstrip(" ,;:-–—(") + "…"


def option_label(head: str, tail: str = "") -> str:
    """An option's words: `head` cut to leave room for `tail` ("(due 3 May 2027)"), which is
    always kept whole."""
    return truncate(head, OPTION_TEXT - len(tail)) + tail


def safe(text: str, limit: int = SECTION_TEXT) -> str:
    """Escape, flatten line breaks that could fake structure, and cut to the limit."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]  # never leave half an entity
    return cut + "…"


def plain(text: str, limit: int) -> dict[str, object]:
    return {"type": "plain_text", "text": truncate(text or " ", limit), "emoji": False}
