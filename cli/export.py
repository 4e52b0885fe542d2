"""`heard export cases`: every case in the import layout (.csv or .xlsx)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from cli.common import context_or_exit, fail, parse_day, record_read

app = typer.Typer(help="Export cases.", no_args_is_help=True)


@app.command("cases")
def export_cases_command(
    out: Annotated[Path, typer.Option("--out", help="File to write: .csv or .xlsx.")],
    start: Annotated[
        date | None,
        typer.Option(
            "--from",
            help="Only cases received on or after (YYYY-MM-DD).",
            parser=parse_day,
            metavar="DATE",
        ),
    ] = None,
    end: Annotated[
        date | None,
        typer.Option(
            "--to",
            help="Only cases received on or before (YYYY-MM-DD).",
            parser=parse_day,
            metavar="DATE",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write cases one row each, in the layout `heard import cases` reads."""
    from reports.case_export import export_rows, write_csv, write_xlsx
    from reports.periods import custom
    from store.reads import LEFT_OUT
    from store.reports.export import data_protection_records

    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise fail(f"--out: {out.name} must end in .csv or .xlsx")
    if not out.parent.is_dir():
        raise fail(f"--out: directory {out.parent} does not exist")
    if out.exists() and not force:
        raise fail(f"--out: {out} exists (use --force to overwrite it)")
    try:
        period = (
            custom(
                start or date.min,
                end or date.max,
            )
            if start or end
            else None
        )
    except ValueError as error:  # --to before --from
        raise fail(f"--from/--to: {error}") from None
    context = context_or_exit(read_only=True)
    try:
        left_out = data_protection_records(context.engine, received=period)
        rows = export_rows(context.engine, period=period)
        # Written beside it and moved into place: a failure never leaves half a file at --out.
        partial = out.with_name(f".{out.name}.partial{suffix}")
        try:
            count = (write_xlsx if suffix == ".xlsx" else write_csv)(rows, partial)
            partial.replace(out)
        except OSError as error:  # a folder heard may not write to, a full or read-only disk
            raise fail(f"--out: cannot write {out}: {error.strerror or error}") from None
        finally:
            partial.unlink(missing_ok=True)
        record_read(
            context.engine,
            action="cases exported",
            at=context.clock.now(),
            what={
                "from": start.isoformat() if start else None,
                "to": end.isoformat() if end else None,
                "cases": count,
                "fields": "reporting fields",
                "data_protection": LEFT_OUT,  # store.reads: those records were not seen
                "file": out.name,
            },
        )
    finally:
        context.engine.dispose()  # one command, one connection: none left open behind it
    typer.echo(f"{count} cases written to {out}")
    if left_out:
        typer.echo(
            f"{left_out} subject access request(s) and data protection complaint(s) left out: "
            "the import layout has no place for them (heard sar list shows those open)"
        )
