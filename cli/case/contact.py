"""`heard case REF letters-by post --address LINE…` / `letters-by email`: staff choose post for
a complainant's letters (GOV.UK Notify prints and posts them), or go back to email (or text
messages, for someone who gave only a phone number)."""

from __future__ import annotations

import argparse

from cli.case.common import CaseCommand, action, parser

SUMMARY = (
    "heard case REF letters-by post --address LINE [--address LINE]... (3 to 7 lines, the last a "
    "UK postcode) | heard case REF letters-by email"
)


@action("letters-by", SUMMARY)
def letters_by(command: CaseCommand) -> str:
    from casework import contacts
    from outbound.notify_client import address_problem

    arguments = parser("letters-by")
    arguments.add_argument("how", choices=["post", "email"])
    arguments.add_argument("--address", action="append", default=[])
    try:
        chosen = arguments.parse_args(command.args)
    except argparse.ArgumentError as error:  # an invalid choice skips the parser's error()
        raise ValueError(str(error)) from None
    settings = command.context.settings
    if chosen.how == "email":
        if chosen.address:
            raise ValueError("--address goes with post only")
        post_to = None
    else:
        if settings.mail_transport != "notify" or settings.notify_letter_template_id is None:
            raise ValueError(
                "letters go by post through GOV.UK Notify: set HEARD_MAIL_TRANSPORT=notify and "
                "HEARD_NOTIFY_LETTER_TEMPLATE_ID first"
            )
        problem = address_problem(chosen.address)
        if problem:
            raise ValueError(problem)
        post_to = [line.strip() for line in chosen.address if line.strip()]
    contacts.choose_letters_by(
        command.context_service(),
        command.session,
        case=command.case,
        post_to=post_to,
        actor=command.actor,
    )
    return f"{command.case.reference}: letters go by {chosen.how}"
