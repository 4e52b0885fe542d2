"""`heard report annual|quarterly|weekly|code`: the complaints reports, written into a directory
as report.html, report.md, report.docx, report.xlsx and metrics.json."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import context_or_exit, fail, parse_day, parse_path, record_read

if TYPE_CHECKING:
    from heard.context import AppContext
    from reports.building import ReportOptions
    from reports.metrics import Figures
    from reports.periods import Period
    from reports.tables import Report

app = typer.Typer(help="Complaints reports.", no_args_is_help=True)

FIRST_YEAR, LAST_YEAR = 1990, 2099  # financial years a report can be asked for

OutOption = Annotated[
    Path,
    typer.Option(
        "--out",
        help="Directory to write report.html, .md, .docx, .xlsx, metrics.json.",
        parser=parse_path,
        metavar="DIRECTORY",
    ),
]


@app.command("annual")
def annual(
    out: OutOption,
    year: Annotated[
        int | None,
        typer.Option(
            help="Financial year by the year it starts: 2025 is 1 April 2025 to 31 March 2026.",
            min=FIRST_YEAR,
            max=LAST_YEAR,
        ),
    ] = None,
    start: Annotated[
        date | None,
        typer.Option(
            "--from", help="Any period: first day, YYYY-MM-DD.", parser=parse_day, metavar="DATE"
        ),
    ] = None,
    end: Annotated[
        date | None,
        typer.Option(
            "--to", help="Any period: last day, YYYY-MM-DD.", parser=parse_day, metavar="DATE"
        ),
    ] = None,
) -> None:
    """The annual complaints report for a financial year (or any period), with up to seven
    previous years where data exists."""
    from reports.periods import custom, financial_year

    if (start is None) != (end is None):
        raise fail("--from and --to go together")
    if year is not None and start is not None:
        raise fail("give --year or --from/--to, not both")
    if year is None and start is None:
        raise fail("give --year (e.g. --year 2025 for 2025/26) or --from and --to")
    if year is not None:
        period = financial_year(year)
    else:
        assert start is not None and end is not None
        try:
            period = custom(start, end)
        except ValueError as error:
            raise fail(f"--from/--to: {error}") from None
    _write(out, period, title="Children's social care complaints annual report")


@app.command("quarterly")
def quarterly(
    out: OutOption,
    year: Annotated[
        int,
        typer.Option(help="Financial year by the year it starts.", min=FIRST_YEAR, max=LAST_YEAR),
    ],
    quarter: Annotated[
        int, typer.Option(help="1 (April–June) to 4 (January–March).", min=1, max=4)
    ],
) -> None:
    """The same tables for one quarter, with the four quarters before it."""
    from reports.periods import quarter as quarter_of

    try:
        period = quarter_of(year, quarter)
    except ValueError as error:
        raise fail(f"--quarter: {error}") from None
    _write(out, period, title="Children's social care complaints quarterly report", trend=4)


@app.command("weekly")
def weekly(
    out: OutOption,
    week_of: Annotated[
        date | None,
        typer.Option(
            "--week-of",
            help="A day in the week (Monday–Sunday), YYYY-MM-DD.",
            parser=parse_day,
            metavar="DATE",
        ),
    ] = None,
) -> None:
    """The same tables for one week, with the four weeks before it."""
    from reports.periods import week_of as week_period

    context = context_or_exit(read_only=True)
    day = week_of or context.calendar.local_date(context.clock.now())
    _write(
        out,
        week_period(day),
        title="Children's social care complaints weekly report",
        trend=4,
        context=context,
    )


@app.command("code")
def code(
    out: OutOption,
    year: Annotated[
        int,
        typer.Option(
            help="Financial year by the year it starts: 2026 is 1 April 2026 to 31 March 2027.",
            min=FIRST_YEAR,
            max=LAST_YEAR,
        ),
    ],
) -> None:
    """The annual complaints performance and service improvement report the Ombudsman's
    Complaint Handling Code asks for (corporate complaints), with the self-assessment's
    headings for the complaints manager to fill in, and the two years before it."""
    from reports.code_report import TITLE, build_code_report
    from reports.periods import financial_year, financial_year_of

    _check_out(out)
    context = context_or_exit(read_only=True)
    settings = context.settings
    period, code_from = financial_year(year), settings.complaint_handling_code_from
    _check_begun(context, period)
    if code_from is not None and period.end < code_from:
        context.engine.dispose()
        raise fail(
            f"{period.label} ends before the council's complaints came under the Complaint "
            f"Handling Code on {code_from:%-d %B %Y} (HEARD_COMPLAINT_HANDLING_CODE_FROM): "
            f"the first year to report on is {financial_year_of(code_from).label}"
        )
    options = _options(context, f"{settings.council_name}: {TITLE[0].lower()}{TITLE[1:]}")
    try:
        report, figures = build_code_report(
            context.engine,
            period,
            today=context.calendar.local_date(context.clock.now()),
            options=options,
            code_from=code_from,
        )
        _record_listed(context, report)
    finally:
        context.engine.dispose()
    _write_files(report, figures, out)


def _record_listed(context: AppContext, report: Report) -> None:
    """The appendix lists cases by reference with their teams, dates, outcomes and learning:
    a read of each (issue 27), recorded before any file is written. The figures alone name
    no case and are not."""
    import re

    pattern = re.compile(r"\b[A-Z][A-Z0-9]{0,9}-\d{4}-\d{1,9}\b")
    listed = {
        found
        for table in report.tables()
        if table.is_list
        for row in table.rows
        for cell in row
        for found in pattern.findall(str(cell))
    }
    if listed:
        record_read(
            context.engine,
            action="cases reported",
            at=context.clock.now(),
            what={"report": report.title, "period": report.period_label, "shown": sorted(listed)},
        )


def _write_files(report: Report, figures: Figures, out: Path) -> None:
    """A folder, a full disk or a read-only place where a file should go is said in one line."""
    from reports.render import write_all

    try:
        written = write_all(report, figures, out)
    except OSError as error:
        raise fail(
            f"--out: cannot write the report into {out}: {error.strerror or error}"
        ) from None
    for path in written:
        typer.echo(f"wrote {path}")


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise fail(f"--out: {out} is a file, not a directory")
    if not out.parent.is_dir():
        raise fail(f"--out: directory {out.parent} does not exist")


def _check_begun(context: AppContext, period: Period) -> date:
    """Today, by the council's calendar; a period that has not begun holds nothing to report,
    and a report of it would only say so on every page."""
    today = context.calendar.local_date(context.clock.now())
    if period.start > today:
        context.engine.dispose()
        raise fail(
            f"{period.named} has not begun (it starts on {period.start:%-d %B %Y}; today is "
            f"{today:%-d %B %Y}): there is nothing to report yet"
        )
    return today


def _options(context: AppContext, title: str) -> ReportOptions:
    from reports.building import ReportOptions

    settings, rulebook = context.settings, context.rulebook
    return ReportOptions(
        title=title,
        council=settings.council_name,
        cse_category=settings.report_cse_category,
        category_labels={key: spec.label for key, spec in rulebook.category_specs.items()},
        complainant_labels={
            key: spec.label for key, spec in rulebook.complainant_type_specs.items()
        },
    )


def _write(
    out: Path, period: Period, *, title: str, trend: int = 7, context: AppContext | None = None
) -> None:
    """Reports only read: the context writes nothing (not even the rule file's teams)."""
    from cli.checks import cse_category_problem
    from reports.annual import build_report

    _check_out(out)
    context = context or context_or_exit(read_only=True)
    today = _check_begun(context, period)
    settings = context.settings
    problem = cse_category_problem(settings.report_cse_category, context.rulebook)
    if problem:
        context.engine.dispose()
        raise fail(problem)
    options = _options(context, f"{settings.council_name}: {title[0].lower()}{title[1:]}")
    try:
        report, figures = build_report(
            context.engine, period, trend_years=trend, today=today, options=options
        )
        _record_listed(context, report)
    finally:
        context.engine.dispose()  # one command, one connection: none left open behind it
    _write_files(report, figures, out)
