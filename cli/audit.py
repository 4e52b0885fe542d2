"""`heard audit staff --by IDENTITY`: every case one member of staff saw or changed, across
all cases (store/staff_activity.py), for the data protection officer."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated

import typer

from cases.day_words import long_date
from cli.common import (
    command_clock,
    database_or_exit,
    fail,
    moment_column,
    parse_day,
    record_read,
)

app = typer.Typer(help="The audit log, read by who acted.", no_args_is_help=True)


@app.command("staff")
def staff(
    by: Annotated[
        list[str],
        typer.Option(
            "--by",
            help="Their Slack user id, login name or web sign-in email, as 'heard case REF "
            "reads' shows it, with or without 'slack:', 'cli:' or 'web:' (repeat for each "
            "identity one person has).",
            metavar="IDENTITY",
        ),
    ],
    start: Annotated[
        date | None,
        typer.Option("--from", help="From this day, YYYY-MM-DD.", parser=parse_day),
    ] = None,
    end: Annotated[
        date | None,
        typer.Option("--to", help="To this day (included), YYYY-MM-DD.", parser=parse_day),
    ] = None,
) -> None:
    """Every case a member of staff saw or changed, oldest first: when, which case, what they
    saw (the page, an attachment, a search's words and the cases it listed) or did."""
    from cases.enums import AuditAction
    from store.db import read_scope
    from store.staff_activity import activity_of

    identities = [identity.strip() for identity in by]
    if not all(identities):
        raise fail("--by: give the member of staff's Slack user id, login name or email")
    if start and end and end < start:
        raise fail(f"--from/--to: the period ends ({end}) before it starts ({start})")
    settings, engine = database_or_exit()
    zone = settings.zone
    try:
        with read_scope(engine) as session:
            found = activity_of(
                session,
                identities=identities,
                start=datetime.combine(start, time(), zone) if start else None,
                end=datetime.combine(end + timedelta(days=1), time(), zone) if end else None,
            )
        # Reading someone's trail is itself a read of personal data: who looked at whose, and
        # when, is in the log before anything is printed.
        record_read(
            engine,
            action=AuditAction.STAFF_ACTIVITY_READ,
            at=command_clock().now(),
            what={
                "staff": identities,
                "from": start.isoformat() if start else None,
                "to": end.isoformat() if end else None,
                "entries": len(found),
            },
        )
    finally:
        engine.dispose()
    period = (
        "".join(
            [f" from {long_date(start)}" if start else "", f" to {long_date(end)}" if end else ""]
        )
        or " at any time"
    )
    who = ", ".join(identities)
    if not found:
        typer.echo(f"{who}{period}: nothing in the audit log")
        return
    cases = {row.reference for row in found if row.reference}
    seen = sum(row.saw for row in found)
    typer.echo(
        f"{who}{period}: {seen} read{'s' * (seen != 1)} and {len(found) - seen} "
        f"change{'s' * (len(found) - seen != 1)}, on {len(cases)} case{'s' * (len(cases) != 1)}"
    )
    for row in found:
        typer.echo(
            f"  {moment_column(row.at, zone)}  {row.actor}  {row.reference or '(no one case)':<16}"
            f"  {'saw' if row.saw else 'did'}: {row.what}"
        )
