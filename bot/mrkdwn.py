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


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
