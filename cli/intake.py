"""`heard intake`: the inbound mail queue as staff see it."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from cases.day_words import long_moment
from cli.common import database_or_exit

app = typer.Typer(help="Inbound mail that needs a person.", no_args_is_help=True)


@app.command("quarantined")
def intake_quarantined(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[
        int, typer.Option(min=1, max=10_000, help="At most this many, newest first.")
    ] = 100,
) -> None:
    """Messages heard stored (and said 250 to) but could not process: each is kept with its
    raw bytes and its case is flagged; read it with `heard cases show REFERENCE`."""
    from store.db import read_scope
    from store.quarantine import list_quarantined

    settings, engine = database_or_exit()
    try:
        with read_scope(engine) as session:
            found = list_quarantined(session, limit=limit)
    finally:
        engine.dispose()
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "correspondence_id": item.correspondence_id,
                        "reference": item.reference,
                        "received_at": item.received_at.isoformat(),
                        "quarantined_at": item.quarantined_at.isoformat(),
                        "attempts": item.attempts,
                        "reason": item.reason,
                        "raw_bytes": item.raw_bytes,
                    }
                    for item in found
                ],
                indent=2,
            )
        )
        return
    if not found:
        typer.echo("no quarantined messages")
    zone = settings.zone
    for item in found:
        when = long_moment(item.quarantined_at.astimezone(zone))
        typer.echo(
            f"{item.reference}  message {item.correspondence_id}  quarantined {when}  "
            f"{item.raw_bytes} bytes  {item.reason}"
        )
