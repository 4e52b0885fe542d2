"""A stage 3 step recorded twice, or out of order, is refused saying what is already recorded
(walker2's walk, issue 23): recording the chair's report a second time said 'cannot chair
report: no panel yet' on a case whose panel had met and whose report was in."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.calendar import WorkingCalendar
from cases.enums import Direction
from cases.lifecycle import InvalidTransition
from casework.escalation import escalate
from casework.service import CaseService
from casework.stage_three import arrange_panel, chair_report, panel_held
from store.models import AuditEntry, Correspondence
from tests.outbound.test_letters import TODAY, service  # noqa: F401
from tests.outbound.test_procedure_letters import OFFICER, acting_on, answer
from tests.panels import arrange_then_hold


def test_a_step_recorded_twice_or_early_says_what_is_recorded(
    engine: Engine,
    service: CaseService,  # noqa: F811
) -> None:
    with acting_on(service, engine) as (_, session, case):
        for responded, asked in ((date(2026, 1, 16), date(2026, 1, 20)),
                                 (date(2026, 2, 20), date(2026, 2, 24))):  # fmt: skip
            answer(service, session, case, responded)
            escalate(service, session, case=case, requested_on=asked, actor=OFFICER, today=TODAY)
        with pytest.raises(InvalidTransition) as early:
            chair_report(service, session, case=case, received_on=date(2026, 3, 2),
                         actor=OFFICER, today=TODAY)  # fmt: skip
        assert (
            early.value.said == "the chair's report comes after the panel: record the panel first"
        )
        with pytest.raises(InvalidTransition) as unarranged:
            panel_held(service, session, case=case, held_on=date(2026, 3, 17), actor=OFFICER,
                       today=TODAY)  # fmt: skip
        assert unarranged.value.said.startswith("arrange the panel first: the complainant is told")
        arrange_then_hold(
            service, session, case=case, held_on=date(2026, 3, 17), actor=OFFICER, today=TODAY
        )
        with pytest.raises(InvalidTransition) as twice:
            panel_held(service, session, case=case, held_on=date(2026, 3, 18), actor=OFFICER,
                       today=TODAY)  # fmt: skip
        assert twice.value.said == "the panel is already recorded: it met on 17 March 2026"
        chair_report(service, session, case=case, received_on=date(2026, 3, 20), actor=OFFICER,
                     today=TODAY)  # fmt: skip
        with pytest.raises(InvalidTransition) as again:
            chair_report(service, session, case=case, received_on=date(2026, 3, 23),
                         actor=OFFICER, today=TODAY)  # fmt: skip
        assert (
            again.value.said == "the chair's report is already recorded: it came on 20 March 2026"
        )


def test_a_panel_that_met_before_it_was_arranged_in_heard_can_be_recorded(
    engine: Engine,
    service: CaseService,  # noqa: F811
) -> None:
    """walker4's dead end: arranging refused a day already past, and Panel held refuses until the
    panel is arranged, so a panel the council convened outside heard could never be recorded.
    A past day is kept as arranged, with no letter, and the panel recorded as held, once staff
    confirm it is a panel that met (walker1: unconfirmed, a panel moved to a day gone by wrote
    nothing and the family still expected the day their letter gave)."""
    with acting_on(service, engine) as (_, session, case):
        for responded, asked in ((date(2026, 1, 16), date(2026, 1, 20)),
                                 (date(2026, 2, 20), date(2026, 2, 24))):  # fmt: skip
            answer(service, session, case, responded)
            escalate(service, session, case=case, requested_on=asked, actor=OFFICER, today=TODAY)
        letters = len(list(session.exec(select(Correspondence).where(
            Correspondence.case_id == case.id, Correspondence.direction == Direction.OUTBOUND))))  # fmt: skip
        with pytest.raises(InvalidTransition) as unconfirmed:
            arrange_panel(service, session, case=case, panel_on=date(2026, 3, 2), actor=OFFICER,
                          today=date(2026, 3, 3))  # fmt: skip
        assert unconfirmed.value.said == (
            "2 March 2026 has passed: a panel is arranged for a day to come, and the complainant "
            "is sent its date. If the panel met on that day, confirm that it has met (no letter "
            "goes)"
        )
        arrange_panel(service, session, case=case, panel_on=date(2026, 3, 2), actor=OFFICER,
                      today=date(2026, 3, 3), met_already=True)  # fmt: skip
        after = list(session.exec(select(Correspondence).where(
            Correspondence.case_id == case.id, Correspondence.direction == Direction.OUTBOUND)))  # fmt: skip
        assert len(after) == letters, "no panel letter for a day already past"
        panel_held(service, session, case=case, held_on=date(2026, 3, 2), actor=OFFICER,
                   today=date(2026, 3, 3))  # fmt: skip
        with pytest.raises(InvalidTransition) as twice:
            panel_held(service, session, case=case, held_on=date(2026, 3, 3), actor=OFFICER,
                       today=date(2026, 3, 3))  # fmt: skip
        assert twice.value.said == "the panel is already recorded: it met on 2 March 2026"


def test_a_step_dated_too_early_is_refused_in_words(
    engine: Engine,
    service: CaseService,  # noqa: F811
) -> None:
    """Found walking the README's case: 'cannot panel held on 4 December 2026: ...' and
    'cannot chair report before 2026-12-04' read as code words; each now says what cannot be."""
    with acting_on(service, engine) as (_, session, case):
        for responded, asked in ((date(2026, 1, 16), date(2026, 1, 20)),
                                 (date(2026, 2, 20), date(2026, 2, 24))):  # fmt: skip
            answer(service, session, case, responded)
            escalate(service, session, case=case, requested_on=asked, actor=OFFICER, today=TODAY)
        arrange_panel(service, session, case=case, panel_on=date(2026, 3, 17), details="",
                      actor=OFFICER, today=date(2026, 3, 2))  # fmt: skip
        with pytest.raises(InvalidTransition) as before_told:
            panel_held(service, session, case=case, held_on=date(2026, 3, 16), actor=OFFICER,
                       today=TODAY)  # fmt: skip
        assert before_told.value.said == (
            "the panel cannot be recorded as held on 16 March 2026: the complainant was told it "
            "meets on 17 March 2026 (if it met earlier, arrange it again for that day first)"
        )
        panel_held(service, session, case=case, held_on=date(2026, 3, 17), actor=OFFICER,
                   today=TODAY)  # fmt: skip
        with pytest.raises(InvalidTransition) as early_report:
            chair_report(service, session, case=case, received_on=date(2026, 3, 16),
                         actor=OFFICER, today=TODAY)  # fmt: skip
        assert early_report.value.said == (
            "the chair's report cannot have come before 17 March 2026, when the panel met"
        )


def test_a_panel_on_a_bank_holiday_or_closure_day_needs_confirming(
    engine: Engine,
    service: CaseService,  # noqa: F811
) -> None:
    """walker3 arranged a panel on Friday 25 December 2026 and the letter told the family so: a
    bank holiday or a council closure day is refused in words unless staff confirm the panel
    really meets then; a Saturday may be meant and is kept."""
    closing = date(2026, 4, 7)  # the Tuesday after Easter Monday, closed by this council
    arranging = date(2026, 3, 2)  # the panel's days are to come
    council = replace(service, calendar=WorkingCalendar(closure_days=frozenset({closing})))
    with acting_on(council, engine) as (_, session, case):
        for responded, asked in ((date(2026, 1, 16), date(2026, 1, 20)),
                                 (date(2026, 2, 20), date(2026, 2, 24))):  # fmt: skip
            answer(council, session, case, responded)
            escalate(council, session, case=case, requested_on=asked, actor=OFFICER, today=TODAY)
        for day, why in ((date(2026, 4, 3), "a bank holiday (Good Friday)"),
                         (date(2026, 4, 6), "a bank holiday (Easter Monday)"),
                         (closing, "a council closure day")):  # fmt: skip
            with pytest.raises(InvalidTransition) as slip:
                arrange_panel(council, session, case=case, panel_on=day, actor=OFFICER,
                              today=arranging)  # fmt: skip
            assert slip.value.said == (
                f"{day:%-d %B %Y} is {why}: choose another day, or confirm that the panel "
                "really meets on that day"
            )
        arranged = [entry for entry in session.exec(select(AuditEntry))
                    if entry.action == "panel_arranged"]  # fmt: skip
        assert arranged == []
        arrange_panel(council, session, case=case, panel_on=date(2026, 4, 4), actor=OFFICER,
                      today=arranging)  # a Saturday  # fmt: skip
        arrange_panel(council, session, case=case, panel_on=closing, actor=OFFICER,
                      today=arranging, confirm_day=True)  # fmt: skip
        said = [entry.after["panel_on"] for entry in session.exec(select(AuditEntry))
                if entry.action == "panel_arranged" and entry.after]  # fmt: skip
        assert said == ["2026-04-04", closing.isoformat()]


def test_a_panel_after_its_deadline_needs_confirming_and_is_recorded_late(
    engine: Engine,
    service: CaseService,  # noqa: F811
) -> None:
    """walkerJ: a panel arranged for 1 June 2027, months past its 30 working days, was taken
    silently at every door. Refused naming the deadline day unless confirmed, then recorded
    as late with the day it was due."""
    with acting_on(service, engine) as (_, session, case):
        for responded, asked in ((date(2026, 1, 16), date(2026, 1, 20)),
                                 (date(2026, 2, 20), date(2026, 2, 24))):  # fmt: skip
            answer(service, session, case, responded)
            escalate(service, session, case=case, requested_on=asked, actor=OFFICER, today=TODAY)
        late_day = date(2026, 6, 1)
        with pytest.raises(InvalidTransition) as late:
            arrange_panel(service, session, case=case, panel_on=late_day, actor=OFFICER,
                          today=date(2026, 2, 25))  # fmt: skip
        assert late.value.said == (
            "1 June 2026 is after the panel's deadline, 9 April 2026: choose an "
            "earlier day, or confirm that the panel meets late"
        )
        assert [e for e in session.exec(select(AuditEntry)) if e.action == "panel_arranged"] == []
        arrange_panel(service, session, case=case, panel_on=late_day, actor=OFFICER,
                      today=date(2026, 2, 25), confirm_late=True)  # fmt: skip
        (entry,) = [e for e in session.exec(select(AuditEntry)) if e.action == "panel_arranged"]
        assert entry.after and entry.after["late_past"] == "2026-04-09"


def test_extending_stage_three_is_refused_in_the_lifecycles_words(
    engine: Engine,
    service: CaseService,  # noqa: F811
) -> None:
    """walkerB: `heard case REF extend` at stage 3 said 'the stage has no open deadline' while
    the panel's ran; stage 3's timescales have no maximum."""
    from casework.extension import extend

    with acting_on(service, engine) as (_, session, case):
        for responded, asked in ((date(2026, 1, 16), date(2026, 1, 20)),
                                 (date(2026, 2, 20), date(2026, 2, 24))):  # fmt: skip
            answer(service, session, case, responded)
            escalate(service, session, case=case, requested_on=asked, actor=OFFICER, today=TODAY)
        with pytest.raises(InvalidTransition) as refused:
            extend(service, session, case=case, new_due=date(2026, 4, 20), reason="panel",
                   agreed_on=date(2026, 3, 2), actor=OFFICER)  # fmt: skip
        assert refused.value.said.startswith("cannot extend: stage 3's timescales")
