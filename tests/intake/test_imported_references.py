"""Importing a reference in heard's own pattern never stops intake (issue 29, serious 2): the
reference counter skips and moves past every reference already taken, whatever was imported,
and the README's export-then-import move from SQLite to PostgreSQL keeps mail flowing. Real
mail over real sockets; `heard export cases` and `heard import cases` run as an operator
runs them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from cases.enums import CaseStatus, Channel, RecordKind, Route
from heard.settings import Settings
from store.db import make_engine, session_scope
from store.models import Case, ReferenceCounter
from store.references import next_reference
from tests.cli.cli_process import invoke_heard, quiet_environment
from tests.conftest import _truncate_all
from tests.intake.conftest import running_intake
from tests.intake.test_intake_e2e import deliver, mail
from tests.mailsink import MailSink
from tests.reports.datasets import Sheet


def _import(tmp_path: Path, database_url: str, sheet_or_file: Sheet | Path) -> str:
    path = (
        sheet_or_file.write(tmp_path / "import.csv")
        if isinstance(sheet_or_file, Sheet)
        else sheet_or_file
    )
    result = invoke_heard(
        "import",
        "cases",
        str(path),
        env=quiet_environment(tmp_path, HEARD_DATABASE_URL=database_url),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _references(database_url: str) -> list[str]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(
                connection.execute(sa.select(Case.reference).order_by(Case.reference)).scalars()
            )
    finally:
        engine.dispose()


async def test_imported_references_in_our_pattern_never_stop_intake(
    settings: Settings, database_url: str, mail_sink: MailSink, tmp_path: Path
) -> None:
    sheet = Sheet()
    sheet.add(record_kind="complaint", received_on="2026-01-05")["reference"] = "CSC-2026-000002"
    # A higher number, written lower-case: the time bomb.
    sheet.add(record_kind="complaint", received_on="2026-01-06")["reference"] = "csc-2026-000950"
    _import(tmp_path, database_url, sheet)
    async with running_intake(settings, database_url, mail_sink) as intake:
        for number in range(3):
            code, reply = await deliver(
                intake, mail(f"Complaint number {number}", message_id=f"<i{number}@example.org>")
            )
            assert code == 250, reply
        intake.settle()
    references = _references(database_url)
    assert len(references) == len(set(references)) == 5
    assert references == [
        "CSC-2026-000002",
        "CSC-2026-000950",
        "CSC-2026-000951",
        "CSC-2026-000952",
        "CSC-2026-000953",
    ]


def test_a_counter_behind_the_cases_skips_what_is_taken(engine: sa.Engine) -> None:
    """A counter set back (a restore, an old dump, a hand edit): taken numbers are skipped."""
    with session_scope(engine) as session:
        for number in (1, 2, 7):
            session.add(
                Case(
                    reference=f"CSC-2026-{number:06d}",
                    record_kind=RecordKind.COMPLAINT,
                    route=Route.STATUTORY,
                    channel=Channel.EMAIL,
                    status=CaseStatus.OPEN,
                    received_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
                    receipt_day=date(2026, 3, 2),
                )
            )
    with session_scope(engine) as session:
        assert next_reference(session, prefix="CSC", year=2026) == "CSC-2026-000008"
        assert next_reference(session, prefix="CSC", year=2026) == "CSC-2026-000009"
    with session_scope(engine) as session:
        counter = session.get(ReferenceCounter, ("CSC", 2026))
        assert counter is not None and counter.last_value == 9


@pytest.mark.postgres
async def test_export_from_sqlite_then_import_into_postgresql_keeps_mail_flowing(
    settings: Settings,
    sqlite_url: str,
    postgres_database_url: str,
    mail_sink: MailSink,
    tmp_path: Path,
) -> None:
    engine = make_engine(postgres_database_url)
    _truncate_all(engine)
    engine.dispose()
    async with running_intake(settings, sqlite_url, mail_sink) as intake:
        for number in range(2):
            code, _ = await deliver(
                intake, mail(f"Complaint {number}", message_id=f"<s{number}@example.org>")
            )
            assert code == 250
        intake.settle()
    exported = tmp_path / "cases.csv"
    result = invoke_heard(
        "export",
        "cases",
        "--out",
        str(exported),
        env=quiet_environment(tmp_path, HEARD_DATABASE_URL=sqlite_url),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    _import(tmp_path, postgres_database_url, exported)
    assert _references(postgres_database_url) == ["CSC-2026-000001", "CSC-2026-000002"]
    async with running_intake(settings, postgres_database_url, mail_sink) as intake:
        code, reply = await deliver(intake, mail("A new complaint", message_id="<p1@example.org>"))
        assert code == 250 and b"CSC-2026-000003" in reply
        intake.settle()
    assert _references(postgres_database_url)[-1] == "CSC-2026-000003"
