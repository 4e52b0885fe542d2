"""What every report does around its own sections: read the figures of the period and of the
years before it that the records reach (with how much of each they cover), and finish the
report with its appendices lettered. The annual and the Code reports differ only in sections."""

from __future__ import annotations

from datetime import date

from reports import breakdowns as bd
from reports.building import ReportOptions, day
from reports.coverage import coverage_of
from reports.metrics import Figures, compute
from reports.periods import Period, previous_years
from reports.tables import Report, Section
from store.reports.reading import Readers


def read_figures(
    readers: Readers,
    period: Period,
    *,
    trend_years: int,
    today: date,
    since: date | None = None,
) -> Figures:
    """`period` and up to `trend_years` years before it, as far back as the records go and no
    further back than `since` (the day what the report is about began: the Code report's
    figures mean nothing before the Complaint Handling Code did)."""
    earliest = day(bd.earliest_day(readers.connection))  # SQLite gives MIN() of a date as text
    if earliest and since:
        earliest = max(earliest, since)
    earlier = previous_years(period, count=trend_years, earliest=earliest) if earliest else []
    figures = compute(readers, [period, *earlier], today=today)
    figures.coverage = coverage_of(figures.periods, earliest=earliest, today=today)
    return figures


def finish(
    sections: list[Section],
    *,
    figures: Figures,
    options: ReportOptions,
    period: Period,
    today: date,
    letters: str,
) -> Report:
    """The report, its appendices titled 'Appendix A: …' in the order they stand."""
    for letter, section in zip(letters, (s for s in sections if s.appendix), strict=False):
        section.title = f"Appendix {letter}: {section.title}"
    return Report(
        title=options.title,
        period_label=period.label,
        long_period=period.long_label,
        sections=sections,
        generated_on=today.isoformat(),
        council=options.council,
        coverage=[c.describe() for c in figures.coverage if not c.complete],
    )
