"""`heard cases`: look at cases."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cases.day_words import long_moment
from cases.enums import CaseStatus
from cli.common import (
    MAX_LIST_LIMIT,
    command_clock,
    context_or_exit,
    database_or_exit,
    fail,
    moment_column,
    parse_reference,
    record_read,
)
from outbound.text import for_terminal

if TYPE_CHECKING:  # `heard --help` must not pay for importing the store
    from sqlmodel import Session

    from heard.context import AppContext
    from store.models import Case

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
    # One read-only connection and Core queries: no ORM, no rule file, no calendar, no writes.
    from store.cases.listing import case_lines, count_automated, count_quarantined
    from store.db import read_rows

    settings, engine = database_or_exit()
    try:
        with read_rows(engine) as connection:
            found = case_lines(connection, status=status, limit=limit, automated=automated)
            kept_apart = 0 if automated or as_json else count_automated(connection)
            quarantined = 0 if as_json else count_quarantined(connection)
    finally:
        engine.dispose()
    if as_json:
        from pydantic import TypeAdapter

        from store.cases.listing import CaseLine

        rows = TypeAdapter(list[CaseLine]).dump_python(found, mode="json")
        typer.echo(json.dumps(rows, indent=2))
        return
    zone = settings.zone
    for case in found:
        received = moment_column(case.received_at, zone)
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
    if quarantined:
        plural = "" if quarantined == 1 else "s"
        typer.echo(
            f"({quarantined} message{plural} could not be processed, set aside for staff: "
            "heard intake quarantined)"
        )


@app.command("show")
def cases_show(
    reference: Annotated[
        str,
        typer.Argument(help="Like CSC-2026-000123.", parser=parse_reference, metavar="REFERENCE"),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON: no message; recorded as a summary read.")
    ] = False,
    as_: Annotated[
        str | None, typer.Option("--as", help="Who reads it (default your login name).")
    ] = None,
) -> None:
    """Show one case in full: complainant, subject, every message, attachments, issues with
    team and outcome, deadlines with working days left or overdue, and the audit trail.

    Reading its messages is a staff read (audited): the case leaves the reading queue
    (`heard cases unread`). `--json` carries no message: it is recorded as a read of the
    case's summary and leaves the case in that queue."""

    context = context_or_exit(read_only=True)
    try:
        text = _show(context, reference, as_json=as_json)
        _record_read(context, reference, login=as_, summary_only=as_json)
    finally:
        context.engine.dispose()
    typer.echo(for_terminal(text))


def _record_read(
    context: AppContext, reference: str, *, login: str | None, summary_only: bool
) -> None:
    import getpass

    from cases.actor import Actor, Via
    from casework.reading import record_read
    from store.db import session_scope

    if login is None:
        try:
            login = getpass.getuser()
        except (KeyError, OSError):
            login = "unknown"
    name = login.strip()[:70]
    if not name:
        raise fail("--as: give a name")
    with session_scope(context.engine) as session:
        record_read(
            session,
            reference=reference.strip(),
            actor=Actor.staff(Via.CLI, name),
            at=context.clock.now(),
            where="heard cases show --json" if summary_only else "heard cases show",
            summary_only=summary_only,
        )


@app.command("unread")
def cases_unread(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[
        int, typer.Option(help="At most this many, oldest first.", min=1, max=MAX_LIST_LIMIT)
    ] = 500,
) -> None:
    """The reading queue: contacts no member of staff has opened yet, longest waiting first
    (a reply on a case already read waits from the reply's arrival: 'new mail' and its time).

    Every contact is read by a person, whatever triage proposed: the tripwire is the fast
    path, a person reading is the net. Opening a case (`heard cases show`, the web's case page,
    Slack's View details) takes it off the list; the scheduler chases what stays on it."""
    from store.cases.unread import unread_cases
    from store.db import read_rows

    settings, engine = database_or_exit()
    try:
        with read_rows(engine) as connection:
            found = unread_cases(connection, limit=limit)
    finally:
        engine.dispose()
    if as_json:
        rows = [
            {
                "reference": case.reference,
                "received_at": case.received_at.isoformat(),
                "waiting_since": case.waiting_since.isoformat(),
                "safeguarding": case.safeguarding,
                "no_automatic_reply": case.held,
            }
            for case in found
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    zone = settings.zone
    for case in found:
        received = moment_column(case.received_at, zone)
        since = long_moment(case.waiting_since.astimezone(zone))
        notes = [
            *([f"new mail {since}"] if case.waiting_since != case.received_at else []),
            *(["referred to the MASH"] if case.safeguarding else []),
            *(["no automatic reply sent: staff to reply"] if case.held else []),
        ]
        typer.echo(for_terminal(f"{case.reference}  {received}  {'; '.join(notes)}".rstrip()))
    typer.echo(f"{len(found)} not yet read" if found else "every contact has been read by someone")


def _show(context: AppContext, reference: str, *, as_json: bool) -> str:
    from store.cases.case_file import case_file
    from store.cases.queries import case_detail, get_case
    from store.db import read_scope

    with read_scope(context.engine) as session:
        case = get_case(session, reference=reference.strip())
        if case is None:
            raise fail(f"no case {reference}")
        from casework.stage_three import panel_timing
        from cli.case_text import describe_case_file

        today = context.calendar.local_date(context.clock.now())
        # a panel outside its timescale, in the words the card and the web page use
        panel_note = panel_timing(session, case, today=today, calendar=context.calendar)
        if as_json:
            detail = {**case_detail(session, case=case), "panel_timing": panel_note}
            return json.dumps(detail, indent=2, default=str)
        return describe_case_file(
            case_file(session, case=case),
            calendar=context.calendar,
            today=today,
            panel_note=panel_note,
            zone=context.settings.zone,
            organisation=context.organisation,
            category_label=context.rulebook.category_label,
        )


Reference = Annotated[
    str, typer.Argument(help="Like CSC-2026-000123.", parser=parse_reference, metavar="REFERENCE")
]
Output = Annotated[
    Path, typer.Option("-o", "--output", help="Write it to this file (refuses to overwrite).")
]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]


@app.command("attachment")
def cases_attachment(
    reference: Reference,
    number: Annotated[int, typer.Argument(help="The attachment's number in `heard cases show`.")],
    output: Output,
    force: Force = False,
) -> None:
    """Write one of a case's attachments to a file, byte for byte as it arrived."""
    from store.cases.case_file import attachment_content

    def read(session: Session, case: Case) -> tuple[bytes, str, dict[str, object], str]:
        attachment, content = attachment_content(session, case=case, number=number)
        what = {"attachment": number, "sha256": attachment.sha256}
        return content, "attachment downloaded", what, attachment.filename or "attachment"

    _write_out(reference, output, force, read)


@app.command("report")
def cases_report(
    reference: Reference,
    number: Annotated[int, typer.Argument(help="The report's number in `heard cases show`.")],
    output: Output,
    force: Force = False,
) -> None:
    """Write one of a case's stage 2 reports (investigating officer, independent person) to a
    file, byte for byte as uploaded."""
    from store.cases.stage_reports import report_content

    def read(session: Session, case: Case) -> tuple[bytes, str, dict[str, object], str]:
        report, content = report_content(session, case=case, number=number)
        what = {"report": number, "sha256": report.sha256}
        return content, "report downloaded", what, f"{report.kind.label.lower()}, {report.filename}"

    _write_out(reference, output, force, read)


def _write_out(
    reference: str,
    output: Path,
    force: bool,
    read: Callable[[Session, Case], tuple[bytes, str, dict[str, object], str]],
) -> None:
    """Write a file kept with a case (read: its bytes, the read's audit action and facts, how
    it is named), the read audited before the file is written."""
    from store.cases.queries import get_case

    if output.exists() and not force:
        raise fail(f"{output} exists (use --force to overwrite it)")
    if output.parent and not output.parent.is_dir():
        raise fail(f"no directory {output.parent}")
    _, engine = database_or_exit()
    try:
        from store.db import read_scope

        with read_scope(engine) as session:
            case = get_case(session, reference=reference.strip())
            if case is None:
                raise fail(f"no case {reference}")
            try:
                content, action, what, named = read(session, case)
            except LookupError as error:
                raise fail(str(error.args[0])) from None
        record_read(engine, action=action, at=command_clock().now(), case_id=case.id, what=what)
    finally:
        engine.dispose()
    try:
        output.write_bytes(content)
    except OSError as error:
        raise fail(f"cannot write {output}: {error.strerror}") from None
    typer.echo(for_terminal(f"wrote {output} ({named}, {len(content)} bytes)"))
