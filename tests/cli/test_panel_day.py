"""`heard case REF panel-arranged` on a bank holiday (walker3's panel on 25 December 2026, whose
letter told the family so) is refused in one line unless `--confirm-day` says the panel really
meets that day; the rule is casework.stage_three's, as in Slack and the web form."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.calendar import WorkingCalendar
from store.db import session_scope
from store.models import AuditEntry
from tests.cli.test_case_cli import heard, ok, reference  # noqa: F401


def test_a_panel_on_a_bank_holiday_is_refused_unless_confirmed(
    reference: str,  # noqa: F811
    engine: Engine,
) -> None:
    case = ("case", reference)
    for answered, asked in (("2026-01-16", "2026-01-20"), ("2026-02-20", "2026-02-24")):
        ok(*case, "respond", "--on", answered, "--outcome", "1=upheld",
           "--finding", "1=Read the log.", "--outcome", "2=upheld", "--finding", "2=Read the log.")  # fmt: skip
        ok(*case, "escalate", "--on", asked)
    calendar = WorkingCalendar()
    holiday = next(day for day in (date.today() + timedelta(days=n) for n in range(1, 366))
                   if calendar.closed_why(day))  # fmt: skip
    code, out, err = heard(*case, "panel-arranged", "--panel-on", holiday.isoformat())
    assert code != 0 and "Traceback" not in out + err
    [line] = err.strip().splitlines()
    assert f"{holiday:%-d %B %Y} is a bank holiday (" in line, line
    assert "confirm that the panel really meets on that day" in line
    with session_scope(engine) as session:
        assert not [e for e in session.exec(select(AuditEntry)) if e.action == "panel_arranged"]
    out = ok(*case, "panel-arranged", "--panel-on", holiday.isoformat(), "--confirm-day")
    assert "panel arranged for" in out
