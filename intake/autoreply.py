"""RFC 3834: when heard may send an automatic reply, and when it must stay silent."""

from __future__ import annotations

from collections.abc import Iterable

from intake.parsing import ParsedMessage
from org.addresses import is_email

_NEVER_ANSWER = ("mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply")


def should_acknowledge(
    parsed: ParsedMessage, *, envelope_sender: str, our_addresses: Iterable[str]
) -> tuple[bool, str]:
    """(send?, why) — the reason is recorded on the case either way."""
    sender = envelope_sender.strip().strip("<>").lower()
    if not sender:
        return False, "null sender (a bounce or notification)"
    if parsed.automated:
        return False, f"automated message ({parsed.automated_reason})"
    if parsed.out_of_office:
        return False, "out-of-office reply"
    if parsed.is_bounce:
        return False, "delivery status notification"
    local = sender.split("@", 1)[0]
    if any(local.startswith(name) for name in _NEVER_ANSWER):
        return False, f"{local} never gets an automatic reply"
    if sender in {address.strip().lower() for address in our_addresses}:
        return False, "sent from one of our own addresses"
    if not is_email(sender):
        # A quoted local part, an [address literal] or a line break: SMTP may carry it, but
        # heard writes only plain name@domain addresses into a header, so staff reply.
        return False, "the sender's address is not a plain name@domain address"
    return True, "a person wrote to us"
