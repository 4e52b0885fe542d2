"""`heard outbox`: mail and Slack messages waiting or failed."""

from __future__ import annotations

import typer

from cli.common import database_or_exit

app = typer.Typer(help="Mail and Slack messages waiting or failed.", no_args_is_help=True)


@app.command("failed")
def outbox_failed() -> None:
    """Messages heard gave up sending (after retries), newest first."""
    from store.db import read_scope
    from store.outbox import failed_messages

    _, engine = database_or_exit(create_sqlite=True)
    with read_scope(engine) as session:
        rows = failed_messages(session)
        for row in rows:
            typer.echo(
                f"{row.created_at:%Y-%m-%d %H:%M}  {row.kind.value:<11} {row.target}  "
                f"attempts {row.attempts}: {row.last_error}"
            )
    if not rows:
        typer.echo("no failed messages")
