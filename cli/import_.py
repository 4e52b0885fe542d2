"""`heard import cases FILE`: load past years' cases from a spreadsheet (.csv or .xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import context_or_exit, fail

if TYPE_CHECKING:  # imported when the command runs, so `heard --help` stays quick
    from heard.context import AppContext
    from reports.case_rows import CouncilLists
    from reports.importing import ImportReport
    from triage.rulebook import Rulebook

app = typer.Typer(help="Import past years' cases.", no_args_is_help=True)
MAX_LISTED = 200


@app.command("cases")
def import_cases_command(
    path: Annotated[Path, typer.Argument(help="A .csv or .xlsx file, one row per case.")],
    check: Annotated[
        bool, typer.Option("--check", help="Validate every row and write nothing.")
    ] = False,
) -> None:
    """Import cases, one row each (layout: docs/import-layout.md). Valid rows are imported,
    rows already imported are replaced, every rejected row is listed with its row number."""
    if path.is_dir():
        raise fail(f"{path}: is a folder, not a file")
    if not path.is_file():
        raise fail(f"{path}: no such file")
    context = context_or_exit(create_sqlite=True)
    try:
        report = _import(context, path, check=check)
    finally:
        context.engine.dispose()  # one command, one connection: none left open behind it
    for rejected in report.rejected[:MAX_LISTED]:
        typer.echo(str(rejected), err=True)
    if len(report.rejected) > MAX_LISTED:
        typer.echo(f"… and {len(report.rejected) - MAX_LISTED} more rejected rows", err=True)
    if check:
        typer.echo(
            f"{report.rows} rows checked: {report.rows - len(report.rejected)} valid, "
            f"{len(report.rejected)} rejected; nothing written"
        )
    else:
        typer.echo(
            f"{report.rows} rows read: {report.created} cases imported, "
            f"{report.replaced} replaced (imported before), {len(report.rejected)} rejected"
        )
    if report.rejected:
        raise typer.Exit(code=1)


def council_lists(rulebook: Rulebook) -> CouncilLists:
    """The rule file's categories and complainant types, as loaded at start, as the plain lists
    an imported row is checked against (reports/ never sees the rulebook itself)."""
    from reports.case_rows import CouncilLists
    from triage.rulebook import UNKNOWN_TYPE

    return CouncilLists(
        categories={key: spec.label for key, spec in rulebook.category_specs.items()},
        complainant_types={
            key: spec.label for key, spec in rulebook.complainant_type_specs.items()
        },
        unknown_complainant=UNKNOWN_TYPE,
    )


def _import(context: AppContext, path: Path, *, check: bool) -> ImportReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from reports.case_rows import LayoutError, count_rows
    from reports.importing import import_cases

    try:
        total = count_rows(path)
    except Exception as error:  # a broken zip or XML: the message says which file
        raise fail(f"{path.name}: cannot be read ({error})") from None
    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True, disable=total < 1000) as progress:
        task = progress.add_task("checking" if check else "importing", total=total)
        try:
            report = import_cases(
                context.engine,
                path,
                calendar=context.calendar,
                policy=context.timescales,
                lists=council_lists(context.rulebook),
                check_only=check,
                on_progress=lambda n: progress.advance(task, n),
                clock=context.clock,
            )
        except LayoutError as error:
            raise fail(str(error)) from None
    return report
