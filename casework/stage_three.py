"""Stage 3's steps before the council's response: the review panel, then the chair's report.
Each meets its own clock and opens the next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from cases.actor import Actor
from cases.calendar import WorkingCalendar
from cases.changes import Note
from cases.day_words import long_date
from cases.enums import DeadlineRule, StageKind
from cases.lifecycle import Action, InvalidTransition
from cases.panel_timing import PanelClock, panel_timing_words
from cases.timescales import STAGE_3_STEPS
from casework.service import CaseService, raise_invalid, raise_refused
from casework.stages import running_stage
from store import audit, deadlines, reminders
from store.cases.queries import latest_stage
from store.models import AuditEntry, Case, Deadline, Stage

# A panel meets within 30 working days of the request: further off than a year is a typing slip
# (the year mistyped), and the family would be sent a letter naming that day.
PANEL_AHEAD = timedelta(days=365)


class PanelDayGoneBy(InvalidTransition):
    """Refused: a panel arranged for a day that has passed, not confirmed as one that met then.
    Typed so that each adapter names what confirms it (the CLI's --already-met)."""


class PanelPastDeadline(InvalidTransition):
    """Refused: a panel on a day after its statutory deadline (30 working days from the
    request), not confirmed. Typed so that each adapter names what confirms it (the CLI's
    --confirm-late)."""


class PanelDayClosed(InvalidTransition):
    """Refused: a panel on a bank holiday or closure day, not confirmed. Typed so that each
    adapter names what confirms it (the CLI's --confirm-day)."""


def panel_held(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    held_on: date,
    actor: Actor,
    today: date | None = None,
) -> Case:
    """The panel met. Not before the day the complainant was last told it would meet: the
    record and the chair's report letter would then contradict the panel's letter (walking
    stage 3, a panel arranged for 13 January and held 'today', 7 December, gave a letter that
    the report came before the panel's date). A panel brought forward is arranged again.
    Nor before it is arranged at all: the 2006 Regulations have the panel convened and the
    complainant invited, and arranging it is what sends them the date and their right to
    attend with an advocate."""
    stage = running_stage(service, session, case, kind=StageKind.STATUTORY_3)
    told = _panel_day_told(session, case.id, since=stage.opened_on)
    if told is None and _panel_to_meet(session, stage):
        raise_refused(
            case,
            "arrange the panel first: the complainant is told its date and that they may "
            "attend with an advocate",
        )
    if told is not None and held_on < told:
        raise_refused(
            case,
            f"the panel cannot be recorded as held on {long_date(held_on)}: the complainant was "
            f"told it meets on {long_date(told)} (if it met earlier, arrange it again for that "
            "day first)",
        )
    return _stage_three_step(
        service, session, case=case, step=Action.PANEL_HELD, actor=actor, on=held_on, today=today
    )


def panel_to_arrange(session: Session, case: Case) -> bool:
    """The stage 3 panel is still to be arranged: Panel held would be refused ('arrange the
    panel first'), so the Slack card and the web case page offer only Arrange panel until it
    is. The same test panel_held makes: its clock runs and no panel day was given this stage."""
    if case.stage != StageKind.STATUTORY_3 or case.id is None:
        return False
    stage = latest_stage(session, case_id=case.id)
    if stage is None or stage.kind != StageKind.STATUTORY_3 or not _panel_to_meet(session, stage):
        return False
    return _panel_day_told(session, case.id, since=stage.opened_on) is None


def panel_arranged(session: Session, *, case_id: int) -> bool:
    """A panel day was given in the case's running stage 3: what ends the chaser that says the
    panel is not arranged (the reminder planner asks it whenever it plans the panel's clock)."""
    stage = latest_stage(session, case_id=case_id)
    if stage is None or stage.kind != StageKind.STATUTORY_3:
        return False
    return _panel_day_told(session, case_id, since=stage.opened_on) is not None


def panel_timing(
    session: Session, case: Case, *, today: date, calendar: WorkingCalendar
) -> str | None:
    """Whether the stage 3 panel met, or is to meet, outside its 30 working days, or is still
    to be arranged with its deadline gone, or near (from the day the chaser saying so is due,
    HEARD_PANEL_WARNING_WORKING_DAYS before) (cases.panel_timing's words): what the Slack card,
    the web case page and `heard cases show` each say. None before stage 3, once the panel
    clock no longer applies (the stage withdrawn), and while the panel stands in time."""
    if case.stage != StageKind.STATUTORY_3 or case.id is None:
        return None
    stage = latest_stage(session, case_id=case.id)
    if stage is None or stage.kind != StageKind.STATUTORY_3:
        return None
    panel = deadlines.stage_deadline(session, stage=stage, rule=DeadlineRule.STAGE_3_PANEL)
    if panel is None or panel.cancelled:
        return None
    held = panel.met_on is not None
    panel_on = panel.met_on or _panel_day_told(session, case.id, since=stage.opened_on)
    if panel_on is None and panel.paused_on is not None:
        return None  # on hold: its due day moves when the case resumes
    warning = reminders.panel_warning_at(session, deadline_id=panel.id) if panel.id else None
    clock = PanelClock(
        requested_on=panel.start_on,
        due=panel.effective_due,
        panel_on=panel_on,
        held=held,
        warn_from=calendar.local_date(warning) if warning else None,
    )
    return panel_timing_words(clock, today=today, calendar=calendar)


def _panel_to_meet(session: Session, stage: Stage) -> bool:
    """The stage's panel clock still runs (met or cancelled, the step's own refusal says why)."""
    panel = deadlines.stage_deadline(session, stage=stage, rule=DeadlineRule.STAGE_3_PANEL)
    return panel is not None and panel.met_on is None and not panel.cancelled


def _not_open_why(step: Action, open_step: Deadline | None) -> str:
    """Why a stage 3 step cannot be recorded now, saying what is already recorded."""
    met = open_step.met_on if open_step is not None and not open_step.cancelled else None
    if step == Action.PANEL_HELD:
        return (
            f"the panel is already recorded: it met on {met:%-d %B %Y}"
            if met
            else ("the panel cannot be recorded now")
        )
    if met is not None:
        return f"the chair's report is already recorded: it came on {met:%-d %B %Y}"
    return "the chair's report comes after the panel: record the panel first"


def _too_early_why(step: Action, start: date) -> str:
    """Why a stage 3 step cannot be on a day before its clock started, in words."""
    if step == Action.PANEL_HELD:
        return f"the panel cannot have met before {long_date(start)}, when stage 3 was asked for"
    return f"the chair's report cannot have come before {long_date(start)}, when the panel met"


def _panel_day_told(session: Session, case_id: int | None, *, since: date) -> date | None:
    """The day the latest panel letter of this stage gave, if one was sent."""
    statement = (
        select(AuditEntry)
        .where(AuditEntry.case_id == case_id, AuditEntry.action == Note.PANEL_ARRANGED.value)
        .order_by(col(AuditEntry.id).desc())
    )
    for entry in audit.entries(session, statement):
        if entry.at.date() < since:
            return None
        try:
            return date.fromisoformat(str((entry.after or {}).get("panel_on")))
        except ValueError:  # retention removed it: nothing to hold the record to
            return None
    return None


@dataclass(frozen=True)
class ArrangedPanel:
    """What `arrange_panel` recorded: a panel to come, whose day the complainant is sent, or
    (`met`) one that already met on a day gone by, kept with no letter. Each door words it from
    this, so the rule that tells the two apart is held here alone."""

    panel_on: date
    met: bool


def arrange_panel(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    panel_on: date,
    actor: Actor,
    details: str | None = None,
    today: date | None = None,
    confirm_day: bool = False,
    met_already: bool = False,
    confirm_late: bool = False,
) -> ArrangedPanel:
    """The review panel's date is set (again, if it moves): the complainant is told the date
    and that they may attend with an advocate, and a panel moved is said to have moved from
    the day their last letter gave. `details` (time, place, how to join) reach the
    complainant's letter. Allowed while the panel has not been recorded as held.

    A day already past cannot be a panel to come: the family could not be invited to it. It is
    refused in words (walker1: moved to last week, it wrote nothing, and the family still
    expected the day their letter gave) unless staff confirm it is a panel that met on that day
    (`met_already`: the council invited the complainant itself), kept with no letter so that it
    can be recorded as held. A bank holiday or council closure day is refused unless staff
    confirm it (`confirm_day`). A day after the panel's statutory deadline is refused, naming
    that day, unless staff confirm it (`confirm_late`), as closing does while the next stage may
    be asked for (walkerJ: a panel on 1 June 2027 was taken silently, the card still saying its
    response was due 21 January); a panel confirmed late is recorded so, with its deadline."""
    stage = running_stage(service, session, case, kind=StageKind.STATUTORY_3)
    panel = deadlines.stage_deadline(session, stage=stage, rule=DeadlineRule.STAGE_3_PANEL)
    if panel is None or panel.met_on is not None or panel.cancelled:
        raise_invalid(case, "arrange the panel: the panel is already recorded")
    assert panel is not None
    if panel_on < panel.start_on:
        raise_refused(
            case,
            f"the panel cannot meet before {long_date(panel.start_on)}, when the complainant "
            "asked for stage 3",
        )
    if today is not None and panel_on > today + PANEL_AHEAD:
        raise_refused(
            case,
            f"{long_date(panel_on)} is more than a year away: a panel meets within weeks of the "
            "request, so check the year",
        )
    closed = service.calendar.closed_why(panel_on)
    if closed and not confirm_day:
        # a bank holiday or closure day is almost always a slip (walker3 arranged one on
        # Christmas Day and the letter told the family so); an evening or weekend may be meant
        raise_refused(
            case,
            f"{long_date(panel_on)} is {closed}: choose another day, or confirm that the panel "
            "really meets on that day",
            refusal=PanelDayClosed,
        )
    late = panel_on > panel.effective_due
    if late and not confirm_late:
        raise_refused(
            case,
            f"{long_date(panel_on)} is after the panel's deadline, "
            f"{long_date(panel.effective_due)}: choose an earlier day, "
            "or confirm that the panel meets late",
            refusal=PanelPastDeadline,
        )
    already_met = today is not None and panel_on < today
    if already_met and not met_already:
        raise_refused(
            case,
            f"{long_date(panel_on)} has passed: a panel is arranged for a day to come, and the "
            "complainant is sent its date. If the panel met on that day, confirm that it has "
            "met (no letter goes)",
            refusal=PanelDayGoneBy,
        )
    told = _panel_day_told(session, case.id, since=stage.opened_on)
    service.note(
        session,
        case=case,
        action=Note.PANEL_ARRANGED,
        actor=actor,
        reason=f"panel on {panel_on:%-d %B %Y}"
        + (" (a panel that met that day: no letter)" if already_met else "")
        + (f" (confirmed late: due {panel.effective_due:%-d %B %Y})" if late else ""),
        after={
            "panel_on": panel_on.isoformat(),
            "panel_details": (details or "").strip()[:1000] or None,
            "already_met": already_met or None,
            # the day the family's last letter gave, when it moves (their new letter says so)
            "moved_from": told.isoformat() if told is not None and told != panel_on else None,
        }
        # confirmed after the statutory deadline: the day it was due, kept with the choice
        | ({"late_past": panel.effective_due.isoformat()} if late else {}),
    )
    # its reminders are planned again: the chaser saying it is not arranged ends, in the
    # store, so `heard reminders list` and whatever else lists them stop showing it
    deadlines.notify(session, panel, service.deadline_listeners)
    return ArrangedPanel(panel_on=panel_on, met=already_met)


def chair_report(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    received_on: date,
    actor: Actor,
    today: date | None = None,
) -> Case:
    return _stage_three_step(
        service,
        session,
        case=case,
        step=Action.CHAIR_REPORT,
        actor=actor,
        on=received_on,
        today=today,
    )


def _stage_three_step(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    step: Action,
    actor: Actor,
    on: date,
    today: date | None,
) -> Case:
    """Panel, then chair's report: each meets its own clock and opens the next one."""
    stage = running_stage(service, session, case, kind=StageKind.STATUTORY_3)
    if today is not None:
        service.event_date(case, on, today=today, what="the date")
    met, following = STAGE_3_STEPS[step.value]
    open_step = deadlines.stage_deadline(session, stage=stage, rule=met)
    if open_step is None or open_step.met_on is not None or open_step.cancelled:
        raise_refused(case, _not_open_why(step, open_step))
    assert open_step is not None
    if on < open_step.start_on:
        raise_refused(case, _too_early_why(step, open_step.start_on))

    def changes() -> None:
        deadlines.meet(session, deadlines=[open_step], on=on, listeners=service.deadline_listeners)
        service.open_deadline(session, case=case, rule=following, start=on, stage=stage)

    service.transition(
        session, case=case, action=step, actor=actor, changes=changes, reason=f"{on:%-d %B %Y}"
    )
    return case
