"""`heard cases`: look at cases."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from cases.enums import CaseStatus
from heard.commands.common import MAX_LIST_LIMIT, context_or_exit, fail, parse_reference

app = typer.Typer(help="Look at cases.", no_args_is_help=True)


@app.command("list")
def cases_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    status: Annotated[CaseStatus | None, typer.Option(help="Only cases in this status.")] = None,
    limit: Annotated[
        int, typer.Option(help="At most this many, newest first.", min=1, max=MAX_LIST_LIMIT)
    ] = 100,
    automated: Annotated[
        bool,
        typer.Option(
            "--automated",
            help="List the automated mail kept apart from cases instead (auto-replies, "
            "out-of-office notes, mailing lists, bounces that matched no case).",
        ),
    ] = False,
) -> None:
    """List cases, newest first (no personal data)."""
    from store.cases.queries import count_automated, list_cases
    from store.db import session_scope

    context = context_or_exit(create_sqlite=True)
    with session_scope(context.engine) as session:
        found = list_cases(session, status=status, limit=limit, automated=automated)
        kept_apart = 0 if automated or as_json else count_automated(session)
    if as_json:
        typer.echo(json.dumps([case.model_dump(mode="json") for case in found], indent=2))
        return
    zone = context.settings.zone
    for case in found:
        received = case.received_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        stage = case.stage.label if case.stage else "-"
        typer.echo(
            f"{case.reference}  {received}  {case.record_kind.label:<22} {case.route.label:<10} "
            f"{case.status.label:<10} {stage}"
        )
    if not found:
        typer.echo("no automated mail" if automated else "no cases")
    if kept_apart:
        plural = "" if kept_apart == 1 else "s"
        typer.echo(
            f"({kept_apart} automated message{plural} kept apart: heard cases list --automated)"
        )


@app.command("show")
def cases_show(
    reference: Annotated[
        str,
        typer.Argument(help="Like CSC-2026-000123.", parser=parse_reference, metavar="REFERENCE"),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one case: triage decision and reasons, issues, stages, deadlines, audit log."""
    from store.cases.queries import case_detail, get_case
    from store.db import session_scope

    context = context_or_exit(create_sqlite=True)
    with session_scope(context.engine) as session:
        case = get_case(session, reference=reference)
        if case is None:
            raise fail(f"no case {reference}")
        detail = case_detail(session, case=case)
    if as_json:
        typer.echo(json.dumps(detail, indent=2, default=str))
        return
    from heard.case_text import describe_case

    typer.echo(describe_case(detail, zone=context.settings.zone))
