from __future__ import annotations

from datetime import date

import pytest

from cases.calendar import WorkingCalendar
from cases.enums import StageKind, Timeliness
from cases.timescales import (
    DeadlineRule,
    ExtensionRefused,
    TimescalePolicy,
    compute_deadline,
    escalation_request_rule,
    extend_deadline,
    stage_rule,
    time_limit_expired,
    timeliness,
)

CALENDAR = WorkingCalendar()
POLICY = TimescalePolicy.from_overrides({})
MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("rule", "due", "maximum"),
    [
        (DeadlineRule.ACKNOWLEDGEMENT, date(2026, 3, 4), None),
        (DeadlineRule.INFORMAL, date(2026, 3, 5), None),
        (DeadlineRule.STATUTORY_1, date(2026, 3, 16), date(2026, 3, 30)),
        (DeadlineRule.STATUTORY_2, date(2026, 4, 8), date(2026, 6, 5)),
        (DeadlineRule.STAGE_3_PANEL, date(2026, 4, 15), None),
        (DeadlineRule.PANEL_REPORT, date(2026, 3, 9), None),
        (DeadlineRule.COUNCIL_RESPONSE, date(2026, 3, 23), None),
        (DeadlineRule.CORPORATE_1, date(2026, 3, 16), date(2026, 3, 30)),
    ],
)
def test_default_timescales(rule: DeadlineRule, due: date, maximum: date | None) -> None:
    deadline = compute_deadline(rule, start=MONDAY, calendar=CALENDAR, policy=POLICY)
    assert (deadline.rule, deadline.due, deadline.maximum) == (rule, due, maximum)


def test_council_overrides_and_unknown_names() -> None:
    policy = TimescalePolicy.from_overrides({"corporate_1": (15, None)})
    deadline = compute_deadline(
        DeadlineRule.CORPORATE_1, start=MONDAY, calendar=CALENDAR, policy=policy
    )
    assert (deadline.due, deadline.maximum) == (date(2026, 3, 23), None)
    with pytest.raises(ValueError, match="stage_one"):
        TimescalePolicy.from_overrides({"stage_one": (10, 20)})


def stage_one() -> object:
    return compute_deadline(
        DeadlineRule.STATUTORY_1, start=MONDAY, calendar=CALENDAR, policy=POLICY
    )


@pytest.mark.parametrize(
    ("new_due", "reason", "agreed_on", "message"),
    [
        (date(2026, 4, 7), "sick", date(2026, 3, 9), "2026-03-30 at the most"),
        (date(2026, 3, 21), "sick", date(2026, 3, 9), "not a working day"),
        (date(2026, 3, 12), "sick", date(2026, 3, 9), "must be after 2026-03-16"),
        (date(2026, 3, 20), " ", date(2026, 3, 9), "needs a reason"),
        (date(2026, 3, 20), "sick", None, "complainant agreed"),
    ],
)
def test_extension_refusals(
    new_due: date, reason: str, agreed_on: date | None, message: str
) -> None:
    with pytest.raises(ExtensionRefused, match=message):
        extend_deadline(
            stage_one(), new_due=new_due, reason=reason, agreed_on=agreed_on, calendar=CALENDAR
        )


def test_extension_within_the_maximum() -> None:
    extended = extend_deadline(
        stage_one(),
        new_due=date(2026, 3, 30),
        reason="sick",
        agreed_on=date(2026, 3, 9),
        calendar=CALENDAR,
    )
    assert extended.due == date(2026, 3, 30)
    with pytest.raises(ExtensionRefused, match="cannot be extended"):
        extend_deadline(
            compute_deadline(
                DeadlineRule.ACKNOWLEDGEMENT, start=MONDAY, calendar=CALENDAR, policy=POLICY
            ),
            new_due=date(2026, 3, 10),
            reason="x",
            agreed_on=None,
            calendar=CALENDAR,
        )


def test_timeliness() -> None:
    due, extended = date(2026, 3, 16), date(2026, 3, 27)
    assert timeliness(responded_on=due, due=due, extended_due=None) == Timeliness.IN_TIME
    assert (
        timeliness(responded_on=date(2026, 3, 20), due=due, extended_due=extended)
        == Timeliness.IN_EXTENDED_TIME
    )
    assert timeliness(responded_on=date(2026, 3, 20), due=due, extended_due=None) == Timeliness.LATE


def test_twelve_month_time_limit() -> None:
    assert not time_limit_expired(
        event_or_awareness_on=date(2025, 3, 2), received_on=date(2026, 3, 2)
    )
    assert time_limit_expired(event_or_awareness_on=date(2025, 3, 2), received_on=date(2026, 3, 3))
    assert not time_limit_expired(
        event_or_awareness_on=date(2024, 2, 29), received_on=date(2025, 2, 28)
    )


def test_stage_rules() -> None:
    assert stage_rule(StageKind.STATUTORY_2) == DeadlineRule.STATUTORY_2
    assert escalation_request_rule(StageKind.STATUTORY_1) == DeadlineRule.STAGE_2_REQUEST
    assert escalation_request_rule(StageKind.STATUTORY_3) is None


def test_stage_two_runs_to_65_working_days_without_the_complainants_agreement() -> None:
    stage_two = compute_deadline(
        DeadlineRule.STATUTORY_2, start=MONDAY, calendar=CALENDAR, policy=POLICY
    )
    assert stage_two.maximum == CALENDAR.add_working_days(MONDAY, 65)
    extended = extend_deadline(
        stage_two, new_due=stage_two.maximum, reason="the investigation needs it",
        agreed_on=None, calendar=CALENDAR,
    )  # fmt: skip
    assert extended.due == stage_two.maximum
    with pytest.raises(ExtensionRefused, match="needs a reason"):
        extend_deadline(
            stage_two, new_due=stage_two.maximum, reason=" ", agreed_on=None, calendar=CALENDAR
        )


def test_closure_days_never_move_a_statutory_deadline() -> None:
    """Closed 29-31 December: a corporate stage 1 runs three days longer, a statutory one, the
    Ombudsman's reply and stage 2's maximum do not (issue 23 item 3)."""
    closed = WorkingCalendar(
        closure_days=frozenset({date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)})
    )
    start = date(2026, 12, 22)
    statutory = compute_deadline(DeadlineRule.STATUTORY_1, start=start, calendar=closed, policy=POLICY)
    assert statutory == compute_deadline(
        DeadlineRule.STATUTORY_1, start=start, calendar=CALENDAR, policy=POLICY
    )
    assert statutory.due == date(2027, 1, 8)
    corporate = compute_deadline(DeadlineRule.CORPORATE_1, start=start, calendar=closed, policy=POLICY)
    assert corporate.due == date(2027, 1, 13)  # the closure days do not count
    for rule in (DeadlineRule.STATUTORY_2, DeadlineRule.LGSCO_RESPONSE, DeadlineRule.ACKNOWLEDGEMENT):
        assert compute_deadline(rule, start=start, calendar=closed, policy=POLICY) == (
            compute_deadline(rule, start=start, calendar=CALENDAR, policy=POLICY)
        )
    # the Ombudsman's reply may fall due on a closure day: for its clock it is a working day
    reply = compute_deadline(
        DeadlineRule.LGSCO_RESPONSE, start=date(2026, 11, 30), calendar=closed, policy=POLICY
    )
    assert reply.due == date(2026, 12, 30)
    assert closed.without_closures() is closed.without_closures()
