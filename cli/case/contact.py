"""`heard case REF letters-by post --address LINE…` / `letters-by email`: staff choose post for
a complainant's letters (GOV.UK Notify prints and posts them), or go back to email (or text
messages, for someone who gave only a phone number)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.case.common import Act, As, OneLineCommand, app, run
from cli.common import fail

HOW = ("post", "email")


@app.command("letters-by", cls=OneLineCommand)
def letters_by(
    ctx: typer.Context,
    how: Annotated[str, typer.Argument(help="post or email.")],
    address: Annotated[
        list[str] | None,
        typer.Option(
            "--address",
            help="A line of the postal address (3 to 7 lines, the last a UK postcode); repeat "
            "for each line.",
        ),
    ] = None,
    as_: As = None,
) -> None:
    """Send the complainant's letters by post (GOV.UK Notify prints and posts them) or by
    email again."""
    from casework import contacts
    from outbound.notify_client import address_problem

    chosen = how.strip().lower()
    if chosen not in HOW:
        raise fail(f"HOW: {how[:40]!r} is not one of {', '.join(HOW)}")
    lines = address or []
    if chosen == "email" and lines:
        raise fail("--address goes with post only")

    def act(a: Act) -> str:
        post_to = None
        if chosen == "post":
            settings = a.context.settings
            if settings.mail_transport != "notify" or settings.notify_letter_template_id is None:
                raise fail(
                    "letters go by post through GOV.UK Notify: set HEARD_MAIL_TRANSPORT=notify "
                    "and HEARD_NOTIFY_LETTER_TEMPLATE_ID first"
                )
            problem = address_problem(lines)
            if problem:
                raise fail(problem)
            post_to = [line.strip() for line in lines if line.strip()]
        contacts.choose_letters_by(
            a.service, a.session, case=a.case, post_to=post_to, actor=a.actor
        )
        return f"{a.case.reference}: letters go by {chosen}"

    run(ctx, None, as_, act)


@app.command("complainant", cls=OneLineCommand)
def complainant(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Option("--name", help="The complainant's name as letters should greet them."),
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="The email address their letters go to.")
    ] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Their phone number.")] = None,
    as_: As = None,
) -> None:
    """Correct the complainant's name, email address or phone (a typo, a mail display name,
    a married name): audited, and every later letter uses it."""
    from casework.complainant_details import correct_complainant
    from casework.complainant_rules import DetailsRefused, said

    typed = {"name": name, "email": email, "phone": phone}
    if all(value is None for value in typed.values()):
        raise fail("give what to correct: --name, --email or --phone")

    def act(a: Act) -> str:
        try:
            changed = correct_complainant(
                a.service, a.session, case=a.case, typed=typed, actor=a.actor
            )
        except DetailsRefused as refused:  # each problem after the option that fixes it
            raise fail(
                "; ".join(
                    f"--{field}: {text[0].lower()}{text[1:]}"
                    for field, text in refused.problems.items()
                )
            ) from None
        if not changed:
            return f"{a.case.reference}: nothing changed (heard already holds those details)"
        return f"{a.case.reference}: corrected the complainant's {said(changed)}"

    run(ctx, None, as_, act)
