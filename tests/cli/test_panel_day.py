"""`heard case REF panel-arranged` on a bank holiday (walker3's panel on 25 December 2026, whose
letter told the family so) is refused in one line unless `--confirm-day` says the panel really
meets that day; the rule is casework.stage_three's, as in Slack and the web form."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.clock import SettableClock
from store.db import session_scope
from store.models import AuditEntry, Correspondence
from tests.cli.test_case_cli import heard, ok, reference  # noqa: F401

# the commands' today, not the real date (which may itself be a bank holiday)
CLOCK = SettableClock(datetime(2026, 11, 10, 10, 0, tzinfo=UTC))


def at_stage_three(reference: str) -> tuple[str, str]:  # noqa: F811
    """The fixture's complaint answered (not upheld) and escalated twice, asked 24 February."""
    case = ("case", reference)
    for answered, asked in (("2026-01-16", "2026-01-20"), ("2026-02-20", "2026-02-24")):
        ok(*case, "respond", "--on", answered, "--outcome", "1=not_upheld",
           "--finding", "1=Read the log.", "--outcome", "2=not_upheld",
           "--finding", "2=Read the log.", clock=CLOCK)  # fmt: skip
        ok(*case, "escalate", "--on", asked, clock=CLOCK)
    return case


def test_a_panel_on_a_bank_holiday_is_refused_unless_confirmed(
    reference: str,  # noqa: F811
    engine: Engine,
) -> None:
    case = ("case", reference)
    for answered, asked in (("2026-01-16", "2026-01-20"), ("2026-02-20", "2026-02-24")):
        ok(*case, "respond", "--on", answered, "--outcome", "1=upheld",
           "--finding", "1=Read the log.", "--outcome", "2=upheld", "--finding", "2=Read the log.", "--remedy", "apology")  # fmt: skip
        ok(*case, "escalate", "--on", asked)
    holiday = date(2026, 12, 25)
    code, out, err = heard(*case, "panel-arranged", "--panel-on", holiday.isoformat(),
                           clock=CLOCK)  # fmt: skip
    assert code != 0 and "Traceback" not in out + err
    [line] = err.strip().splitlines()
    assert ": 25 December 2026 is a bank holiday (Christmas Day): choose another day" in line, line
    assert "confirm that the panel really meets on that day" in line
    # the option that confirms it is named (walkerD, replaying the README's stage 3)
    assert line.startswith("heard: --panel-on: ") and line.endswith(" (--confirm-day)"), line
    with session_scope(engine) as session:
        assert not [e for e in session.exec(select(AuditEntry)) if e.action == "panel_arranged"]
    out = ok(*case, "panel-arranged", "--panel-on", holiday.isoformat(), "--confirm-day",
             "--confirm-late", clock=CLOCK)  # stage 3 was asked for in February  # fmt: skip
    assert "panel arranged for" in out


def test_a_panel_day_gone_by_is_refused_unless_it_met_then(
    reference: str,  # noqa: F811
    engine: Engine,
) -> None:
    """walker1 item 2: `panel-arranged` took a day gone by and wrote nothing, while Slack
    refused it; casework.stage_three now refuses it in one line, in the words every door uses,
    unless --already-met says the panel met then (kept with no letter, then recorded held)."""
    case = at_stage_three(reference)
    code, out, err = heard(*case, "panel-arranged", "--panel-on", "2026-03-17", clock=CLOCK)
    assert code == 2 and "Traceback" not in out + err
    [line] = err.strip().splitlines()
    assert line == (
        "heard: --panel-on: 17 March 2026 has passed: a panel is arranged for a day to come, and "
        "the complainant is sent its date. If the panel met on that day, confirm that it has met "
        "(no letter goes) (--already-met)"
    ), line
    out = ok(*case, "panel-arranged", "--panel-on", "2026-03-17", "--already-met", clock=CLOCK)
    assert "panel recorded as met on Tuesday 17 March 2026: no letter" in out
    ok(*case, "panel-held", "--on", "2026-03-17", clock=CLOCK)
    with session_scope(engine) as session:
        actions = [entry.action for entry in session.exec(select(AuditEntry))]
        letters = [row for row in session.exec(select(Correspondence))
                   if (row.details or {}).get("letter") == "panel_date"]  # fmt: skip
    assert actions.count("panel_arranged") == 1 and "panel_held" in actions
    assert letters == []


def test_a_panel_before_the_request_or_a_year_away_is_refused_in_words(
    reference: str,  # noqa: F811
    engine: Engine,
) -> None:
    """walker6 items 2 and 3: only Slack refused a panel more than a year ahead (a mistyped
    year, and the family's letter names that day), and a day before the request was refused as
    'cannot arrange the panel: a date before the request (...)'. Both are casework.stage_three's
    now, in a complaints officer's words, one line at the CLI."""
    case = at_stage_three(reference)
    for day, said in (
        ("2026-02-23", "the panel cannot meet before 24 February 2026, when the complainant "
                       "asked for stage 3"),
        ("2027-11-11", "11 November 2027 is more than a year away: a panel meets within weeks "
                       "of the request, so check the year"),
    ):  # fmt: skip
        code, out, err = heard(*case, "panel-arranged", "--panel-on", day, "--already-met",
                               clock=CLOCK)  # fmt: skip
        assert code == 2 and "Traceback" not in out + err
        [line] = err.strip().splitlines()
        assert line.endswith(said), line
    with session_scope(engine) as session:
        assert not [e for e in session.exec(select(AuditEntry)) if e.action == "panel_arranged"]
    assert "panel arranged for" in ok(*case, "panel-arranged", "--panel-on", "2026-11-10",
                                      "--confirm-late", clock=CLOCK)  # fmt: skip


def test_a_panel_after_its_deadline_is_refused_unless_confirmed_late(
    reference: str,  # noqa: F811
    engine: Engine,
) -> None:
    """walkerJ: a panel months after its deadline was taken silently. The line names the
    deadline day and the option that confirms it; confirmed, it is arranged."""
    case = at_stage_three(reference)
    code, out, err = heard(*case, "panel-arranged", "--panel-on", "2026-12-14", clock=CLOCK)
    assert code == 2 and "Traceback" not in out + err
    [line] = err.strip().splitlines()
    assert line == (
        "heard: --panel-on: 14 December 2026 is after the panel's deadline, 9 April 2026: "
        "choose an earlier day, or confirm that the panel meets late (--confirm-late)"
    ), line
    with session_scope(engine) as session:
        assert not [e for e in session.exec(select(AuditEntry)) if e.action == "panel_arranged"]
    # the family's letter says it is late, by when it was due, and sorry (walkerF: it read as
    # any panel's letter, eight months past the procedure's time limit)
    letter = " ".join(ok(*case, "panel-arranged", "--panel-on", "2026-12-14", "--confirm-late",
                         "--preview", clock=CLOCK).split())  # fmt: skip
    assert (
        "will meet on Monday 14 December 2026. This is later than it should be: the complaints "
        "procedure says the panel should meet by Thursday 9 April 2026, and we are sorry for "
        "the delay." in letter
    ), letter
    assert "panel arranged for" in ok(*case, "panel-arranged", "--panel-on", "2026-12-14",
                                      "--confirm-late", clock=CLOCK)  # fmt: skip
    with session_scope(engine) as session:
        (entry,) = [e for e in session.exec(select(AuditEntry)) if e.action == "panel_arranged"]
        assert entry.after and entry.after["late_past"] == "2026-04-09"
