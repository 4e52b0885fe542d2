"""heard's own addresses are one list, built once (heard.wiring.own_addresses) and handed to
intake and casework: before, intake.replies.our_addresses, heard.wiring.own_addresses and
IntakePolicy.own_mailboxes each listed them, and had drifted apart (d9dee0c: the session's list
lacked the Graph mailbox intake's had). Each use keeps its meaning (org.own_addresses): every one
of them gets no acknowledgement and is no complainant's email; only the mailboxes heard sends
as flag a contact as staff's own mail."""

from __future__ import annotations

from heard.assembly import build_intake_service
from heard.context import build_context
from heard.settings import Settings
from heard.wiring import build_case_service

SHARED = "complaints.team@council.example"


def test_intake_and_casework_hold_the_same_own_addresses(
    settings: Settings, database_url: str
) -> None:
    context = build_context(
        settings.model_copy(
            update={"database_url": database_url, "graph_mailbox": f"  {SHARED.upper()} "}
        )
    )
    try:
        intake = build_intake_service(context)
        own = build_case_service(context).own_addresses
        assert intake.policy.own_addresses == own  # one list, for both
        mailboxes = {address.lower() for address in context.organisation.mailbox_addresses()}
        assert mailboxes, "the shipped rule file names its mailboxes"
        assert own.sends_as == {SHARED, settings.mail_from.lower()}
        assert own.every == {*own.sends_as, settings.mash_email.lower(), *mailboxes}
    finally:
        context.engine.dispose()
