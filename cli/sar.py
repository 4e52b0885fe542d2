"""`heard sar export --email ADDRESS [--name NAME] --out DIR`: everything heard holds on one
person, in one zip (casework/subject_access.py says what is in it and what is not)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import context_or_exit, fail, login_name

app = typer.Typer(help="Subject access requests.", no_args_is_help=True)


@app.command("export")
def export(
    email: Annotated[str, typer.Option("--email", help="The person's email address.")],
    out: Annotated[Path, typer.Option("--out", help="The directory the zip is written to.")],
    name: Annotated[
        str | None,
        typer.Option("--name", help="Their name: finds records without the address too."),
    ] = None,
    redact: Annotated[
        Path | None,
        typer.Option(
            "--redact",
            help="A text file of names and phrases to redact, one a line (other people on each "
            "case are redacted anyway).",
        ),
    ] = None,
    request: Annotated[
        str | None, typer.Option("--request", help="The request this answers (SAR-2026-0001).")
    ] = None,
) -> None:
    """Write SAR-<date>-<address>.zip: an HTML index in plain English, each message as .eml,
    the attachments, our letters and each case's history. The export is audited on each case."""
    from cases.actor import Actor, Via
    from casework.subject_access import Redactions, find, record_export
    from cli.sar_files import write_zip
    from store.db import read_scope, session_scope

    if "@" not in email or len(email) > 320:
        raise fail(f"--email: {email!r} is not an email address")
    if not out.is_dir():
        raise fail(f"--out: no directory {out}")
    phrases: list[str] = []
    if redact is not None:
        try:
            phrases = redact.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise fail(f"--redact: cannot read {redact}: {error}") from None
    context = context_or_exit(create_sqlite=True, read_only=True)
    try:
        now = context.clock.now()
        with read_scope(context.engine) as session:
            holding = find(session, email=email, name=name, redactions=Redactions.of(phrases))
        safe = "".join(c if c.isalnum() else "-" for c in email.lower())[:60]
        path = out / f"SAR-{now:%Y%m%d-%H%M%S}-{safe}.zip"
        try:
            count = write_zip(
                holding,
                path,
                zone=context.settings.zone,
                council=context.settings.council_name,
                made_at=now,
                request=request,
            )
        except FileExistsError:
            raise fail(f"{path} exists") from None
        with session_scope(context.engine) as session:
            record_export(
                session,
                holding=holding,
                actor=Actor.staff(Via.CLI, login_name()),
                at=now,
                request=request,
                file=path.name,
            )
    finally:
        context.engine.dispose()
    plural = "s" if len(holding.cases) != 1 else ""
    typer.echo(f"wrote {path}: {len(holding.cases)} case{plural}, {count} files")
