"""Choose how letters go: by post (GOV.UK Notify prints and posts them) to the address typed,
or back to email (a text message for someone who gave only a phone number), as Slack's
"Letters by…" and `heard case REF letters-by` do, through the same use case.

Offered only where heard can post letters (HEARD_MAIL_TRANSPORT=notify with a letter
template); a form sent without that is refused naming the settings. The address is checked as
Notify checks it, so a wrong one is shown beside the field, not refused by Notify days later.
"""

from __future__ import annotations

from typing import Any

from cases.permissions import StaffAction
from casework.contacts import choose_letters_by
from outbound.notify_client import MAX_ADDRESS_LINES, address_problem
from web.actions import usecases
from web.actions.base import Act, WebAction
from web.actions.fields import Field, Kind

NO_POST = (
    "letters go by email here: posting them needs GOV.UK Notify (HEARD_MAIL_TRANSPORT=notify "
    "and HEARD_NOTIFY_LETTER_TEMPLATE_ID); ask the council's IT"
)


def _letters_by(act: Act, values: dict[str, Any]) -> str:
    address = str(values.get("address") or "")
    if values["how"] == "email":
        if address.strip():
            raise usecases.ProcedureError("an address goes with post only: clear it, or choose post")
        choose_letters_by(act.service, act.session, case=act.case, post_to=None, actor=act.actor)
        return f"Letters for {act.case.reference} go by email (or text message)"
    if not act.deps.posts_letters:
        raise usecases.ProcedureError(NO_POST)
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    problem = address_problem(lines)
    if problem:
        raise usecases.ProcedureError(problem)
    choose_letters_by(act.service, act.session, case=act.case, post_to=lines, actor=act.actor)
    return f"Letters for {act.case.reference} go by post"


LETTERS_BY = WebAction(
    "letters-by", "Choose how letters go", StaffAction.LETTERS_BY, None,
    (Field("how", "Letters go", Kind.RADIOS,
           choices=(("post", "By post (printed and posted by GOV.UK Notify)"),
                    ("email", "By email (or text message if they gave only a phone number)"))),
     Field("address", "Address to post to", Kind.TEXTAREA, required=False,
           hint="One line each, 3 to 7 lines, the last a UK postcode. Only for post.",
           max_length=101 * MAX_ADDRESS_LINES)),
    _letters_by, "address", needs="post",
)  # fmt: skip
