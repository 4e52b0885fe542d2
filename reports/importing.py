"""`heard import cases`: read a past year's spreadsheet, validate every row, write the good ones.

Nothing is silently dropped: each row is imported, replaced (its reference was imported
before) or rejected with its row number and every problem found in it. A rejected row writes
nothing. Valid rows are written a batch per transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from cases.calendar import WorkingCalendar
from cases.clock import Clock, SystemClock
from cases.timescales import TimescalePolicy
from reports.case_rows import CaseRow, CouncilLists, Rejected, RowReader, read_file
from store.case_import import refresh_statistics, write_batch

STATISTICS_AFTER = 10_000  # rows imported: enough to change what the planner should do
Progress = Callable[[int], None]  # called with the number of rows read since the last call


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    replaced: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.replaced


def import_cases(
    engine: Engine,
    path: Path,
    *,
    calendar: WorkingCalendar,
    policy: TimescalePolicy,
    lists: CouncilLists,
    check_only: bool = False,
    batch_size: int = 2000,
    on_progress: Progress | None = None,
    clock: Clock | None = None,
) -> ImportReport:
    """Rows are validated against `lists`, the council's categories and complainant types.
    Raises reports.case_rows.LayoutError when the file as a whole cannot be read."""
    reader = RowReader(calendar=calendar, policy=policy, lists=lists)
    report = ImportReport()
    pending: list[CaseRow] = []

    def flush() -> None:
        if pending and not check_only:
            now = (clock or SystemClock()).now()
            _write(engine, pending, zone=calendar.zone, now=now, report=report)
        pending.clear()

    for row_number, cells in read_file(path):
        report.rows += 1
        parsed = reader.read(row_number, cells)
        if isinstance(parsed, Rejected):
            report.rejected.append(parsed)
        else:
            pending.append(parsed)
        if len(pending) >= batch_size:
            flush()
        if on_progress is not None:
            on_progress(1)
    flush()
    if report.imported >= STATISTICS_AFTER and not check_only:
        refresh_statistics(engine)
    if check_only:
        report.created = report.rows - len(report.rejected)
    report.rejected.sort(key=lambda rejected: rejected.row_number)
    return report


def _write(
    engine: Engine, rows: list[CaseRow], *, zone: ZoneInfo, now: datetime, report: ImportReport
) -> None:
    with engine.begin() as connection:
        result = write_batch(connection, rows, zone=zone, now=now)
    report.created += result.created
    report.replaced += result.replaced
    report.rejected.extend(Rejected(number, [why]) for number, why in result.refused or [])
