"""`heard digest preview`: the weekly director digest, printed instead of sent."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from cli.common import context_or_exit, fail, parse_day

app = typer.Typer(help="The weekly director digest.", no_args_is_help=True)


@app.command("preview")
def digest_preview(
    as_of: Annotated[
        date | None,
        typer.Option(
            "--as-of",
            help="Show the digest as things stood at the end of this day, YYYY-MM-DD "
            "(later cases, responses and extensions left out). Default: today.",
            parser=parse_day,
            metavar="DATE",
        ),
    ] = None,
    html: Annotated[
        bool, typer.Option("--html", help="Print the email's HTML part instead of its text.")
    ] = False,
    directorate: Annotated[
        str | None,
        typer.Option(
            "--directorate",
            help="Show the digest that directorate's director gets (its cases only), by its id "
            "in the rule file. Default: the whole council's, as HEARD_DIGEST_TO gets it.",
            metavar="ID",
        ),
    ] = None,
) -> None:
    """Print what the digest contains (nothing is sent: the council's goes to HEARD_DIGEST_TO,
    each directorate's to its director)."""
    from heard.wiring import digest_preview

    context = context_or_exit()
    try:
        today = context.calendar.local_date(context.clock.now())
        if as_of is not None and as_of > today:
            raise fail(f"--as-of: {as_of.isoformat()} is after today; give a past day")
        known = context.organisation.directorates_by_id
        if directorate is not None and directorate not in known:
            raise fail(
                f"--directorate: no directorate {directorate!r} in the rule file; "
                f"one of {', '.join(sorted(known)) or '(none)'}"
            )
        typer.echo(
            digest_preview(context, as_of=as_of or today, html=html, directorate=directorate),
            nl=False,
        )
    finally:
        context.engine.dispose()  # one command, one connection: none left open behind it
    if not context.settings.digest_to:
        typer.echo("(The digest is off: set HEARD_DIGEST_TO to send it.)", err=True)
