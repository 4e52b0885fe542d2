"""How long what staff write on a case may be, at every door: the web's fields and Slack's
modals cap their boxes at these, casework refuses more (so a door that does not cap, the command
line, is held too), and the words of the refusal are the web form's. A finding is quoted in a
letter to the family, which a 120,000-character paste would bury (walkerF: `heard case REF
respond --finding` took one where the web and Slack stop at 3,000)."""

from __future__ import annotations

from cases.lifecycle import InvalidTransition

FINDING_MAX = 3000  # what staff found on an issue, quoted in the response letter
REASON_MAX = 1000  # an extension's reasons, a reason for delay (staff's or the family's words)
LEARNING_MAX = 2000  # a learning action or service improvement


def too_long(text: str | None, *, limit: int, what: str) -> str | None:
    """Why `text` is refused, or None: "What you found on issue 1 must be 3,000 characters or
    fewer (this is 120,000)"."""
    if text is None or len(text) <= limit:
        return None
    return _refusal(what, limit, len(text))


def _refusal(what: str, limit: int, length: int) -> str:
    return f"{what} must be {limit:,} characters or fewer (this is {length:,})"


class TextTooLong(InvalidTransition):
    """Refused by casework: something staff wrote is longer than every door allows. `field`
    names the input ("finding 1", "reason", ...), so a door puts the refusal by its own box;
    `said_as` gives the same words with the door's name for it (the CLI's option)."""

    def __init__(self, message: str, *, said: str, field: str, limit: int, length: int) -> None:
        super().__init__(message, said=said)
        self.field = field
        self.limit = limit
        self.length = length

    def said_as(self, what: str) -> str:
        return _refusal(what, self.limit, self.length)
