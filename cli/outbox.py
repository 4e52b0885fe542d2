"""`heard outbox`: mail and Slack messages waiting or failed."""

from __future__ import annotations

import typer

from cli.common import command_clock, database_or_exit

app = typer.Typer(help="Mail and Slack messages waiting or failed.", no_args_is_help=True)


@app.command("failed")
def outbox_failed() -> None:
    """Messages heard gave up sending (after retries), newest first."""
    from store.db import read_scope
    from store.outbox import failed_messages

    _, engine = database_or_exit()
    with read_scope(engine) as session:
        rows = failed_messages(session)
        for row in rows:
            typer.echo(
                f"{row.created_at:%Y-%m-%d %H:%M}  {row.kind.value:<11} {row.target}  "
                f"attempts {row.attempts}: {row.last_error}"
            )
    if not rows:
        typer.echo("no failed messages")


@app.command("pending")
def outbox_pending(
    limit: int = typer.Option(50, min=1, max=10_000, help="At most this many rows."),
) -> None:
    """Messages waiting to be sent, oldest first: kind, case, attempts, next try, last error."""
    from store.db import read_scope
    from store.outbox import pending_messages

    _, engine = database_or_exit()
    with read_scope(engine) as session:
        rows, total = pending_messages(session, limit=limit)
    for row in rows:
        typer.echo(
            f"{row.created_at:%Y-%m-%d %H:%M}  {row.kind:<13} {row.case_reference or '-':<16} "
            f"attempts {row.attempts}, next {row.next_attempt_at:%Y-%m-%d %H:%M:%S}"
            + (f": {row.last_error}" if row.last_error else "")
        )
    if not rows:
        typer.echo("nothing waiting")
    elif total > len(rows):
        typer.echo(f"… and {total - len(rows)} more ({total} waiting)")


@app.command("retry")
def outbox_retry(
    failed: bool = typer.Option(
        False, "--failed", help="Also try again the messages heard gave up on."
    ),
) -> None:
    """Make every waiting message due now (after a smarthost or Slack outage); with
    --failed, give the failed ones a fresh set of attempts too."""
    from store.db import session_scope
    from store.outbox import retry_now

    _, engine = database_or_exit()
    with session_scope(engine) as session:
        waiting, revived = retry_now(session, now=command_clock().now(), failed=failed)
    typer.echo(
        f"{waiting} waiting message(s) due now"
        + (f", {revived} failed message(s) to be tried again" if failed else "")
    )
