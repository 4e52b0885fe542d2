"""Letters for contacts that are not logged as complaints: why, and where to go instead.

Plain text email, so no HTML escaping applies; outside text (a name) is reduced to one line
so it cannot add paragraphs or headers of its own. A council overrides the wording by putting
`not_logged.txt.j2` (or `not_logged_<reason>.txt.j2` for one reason) in HEARD_TEMPLATES_DIR.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from cases.enums import NotLoggedReason
from triage.rulebook import Rulebook

SHIPPED = Path(__file__).resolve().parent / "letters"

REASON_TEXTS: dict[NotLoggedReason, str] = {
    NotLoggedReason.COURT_RELATED: "it concerns matters that are for the family court to decide.",
    NotLoggedReason.INSUFFICIENT_INTEREST: (
        "the procedure is for children, their parents and others with a recognised interest, "
        "and we have not been able to establish that you are one of them."
    ),
    NotLoggedReason.ALTERNATIVE_PROCESS: "another process exists that is the right one for this.",
    NotLoggedReason.GENERAL_ENQUIRY: "it is a general enquiry rather than a complaint we can investigate.",
    NotLoggedReason.OUT_OF_TIME: "it is about events more than 12 months ago.",
    NotLoggedReason.OUT_OF_JURISDICTION: "another council or organisation is responsible for this.",
    NotLoggedReason.CONSENT_NOT_GAINED: "we do not have the consent of the person it concerns.",
    NotLoggedReason.S47_CHILD_PROTECTION: "child protection enquiries are dealt with under their own process.",
    NotLoggedReason.SAFEGUARDING_REFERRAL: "it raises a concern for a child's safety, which we have passed on at once.",
    NotLoggedReason.OTHER: "we do not have enough information to look into it.",
}


@functools.lru_cache(maxsize=8)
def environment(templates_dir: Path | None = None) -> jinja2.Environment:
    search = [str(templates_dir)] if templates_dir else []
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(SHIPPED)]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )


def render_not_logged_letter(
    reason: NotLoggedReason,
    *,
    reference: str,
    council_name: str,
    rulebook: Rulebook,
    immediate_risk_text: str = "",
    recipient_name: str | None = None,
    templates_dir: Path | None = None,
) -> str:
    where = {letter.reason: letter.where_to_go for letter in rulebook.spec.letters}
    template = environment(templates_dir).select_template(
        [f"not_logged_{reason.value}.txt.j2", "not_logged.txt.j2"]
    )
    return template.render(
        reference=reference,
        council_name=council_name,
        reason_text=REASON_TEXTS[reason],
        where_to_go=where.get(reason, where.get(NotLoggedReason.OTHER, "")),
        immediate_risk_text=immediate_risk_text,
        recipient_name=_one_line(recipient_name),
    )


def _one_line(text: str | None) -> str | None:
    if not text:
        return None
    return " ".join(text.split())[:100] or None
