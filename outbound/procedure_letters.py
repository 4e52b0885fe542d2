"""The letters that follow the procedure past a stage's response: a stage 2 (or the council's
second stage) accepted, a review panel requested, the panel's date (with the right to attend
and bring an advocate), the chair's report, a withdrawal confirmed, and a complaint the
Ombudsman referred back as premature. Each is a LetterWriter handler (outbound/letters.py),
queued in the transaction of the change it follows; wording in outbound/templates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session

from cases.changes import Note
from cases.enums import DeadlineRule, LgscoDecision, StageKind
from cases.lifecycle import Action
from store import deadlines
from store.cases import letter_facts as facts
from store.cases.queries import latest_stage
from store.models import Case, Person, Stage

if TYPE_CHECKING:
    from casework.service import CaseChange
    from outbound.letters import LetterWriter

Handler = Callable[["LetterWriter", Session, Case, "CaseChange", Person], None]


def _words(day: date) -> str:
    return f"{day:%A %-d %B %Y}"


def panel_and_report(session: Session, stage: Stage) -> dict[str, str]:
    """The stage 3 response answers one report: the day the panel met and the day its chair's
    report reached the council, in words (empty where not recorded: an imported case)."""
    met = {
        rule: deadlines.stage_deadline(session, stage=stage, rule=rule)
        for rule in (DeadlineRule.STAGE_3_PANEL, DeadlineRule.PANEL_REPORT)
    }
    return {
        key: _words(deadline.met_on) if deadline and deadline.met_on else ""
        for key, deadline in (
            ("panel_on", met[DeadlineRule.STAGE_3_PANEL]),
            ("report_on", met[DeadlineRule.PANEL_REPORT]),
        )
    }


def escalated(
    writer: LetterWriter, session: Session, case: Case, change: CaseChange, person: Person
) -> None:
    """Stage 2 (or the council's second stage) accepted, or a review panel requested, or a
    pre-complaint's family taking up the formal stage 1 its response offered."""
    from outbound.letters import STAGE_NAMES, awaits_code_acknowledgement, open_stage_deadline

    assert case.id is not None
    stage = latest_stage(session, case_id=case.id)
    if stage is None or stage.requested_on is None:
        return
    requested_on = _words(stage.requested_on)
    if stage.kind == StageKind.STATUTORY_3:
        panel = deadlines.stage_deadline(session, stage=stage, rule=DeadlineRule.STAGE_3_PANEL)
        if panel is None:
            return
        text = writer.write(
            "stage_3_requested.txt.j2",
            case=case,
            person=person,
            requested_on=requested_on,
            panel_due=_words(panel.effective_due),
        )
        writer.send(session, case, person, "stage_3_requested", f"{stage.id}", text)
        return
    accepted = (StageKind.STATUTORY_1, StageKind.CORPORATE_1, *_SECOND_STAGES)
    if stage.kind not in accepted:
        return
    due = open_stage_deadline(session, stage)
    # Under the Code the answer is timed from the stage's acknowledgement, not yet made: the
    # date is the latest it can be (the acknowledgement's letter gives the date when it is).
    latest = " at the latest" if awaits_code_acknowledgement(session, stage) else ""
    text = writer.write(
        "stage_2_accepted.txt.j2",
        case=case,
        person=person,
        requested_on=requested_on,
        stage_name=STAGE_NAMES[stage.kind],
        statutory=stage.kind == StageKind.STATUTORY_2,
        first_stage=stage.kind not in _SECOND_STAGES,
        ask_first=stage.kind == StageKind.STATUTORY_1,  # its extension needs their agreement
        response_due=f"{_words(due.effective_due)}{latest}" if due else "",
    )
    letter = "stage_2_accepted" if stage.kind in _SECOND_STAGES else "stage_1_accepted"
    writer.send(session, case, person, letter, f"{stage.id}", text)


_SECOND_STAGES = (StageKind.STATUTORY_2, StageKind.CORPORATE_2)


def panel_arranged(
    writer: LetterWriter, session: Session, case: Case, change: CaseChange, person: Person
) -> None:
    """The review panel's date, with the right to attend and to bring an advocate."""
    panel_on = change.after.get("panel_on")
    if not panel_on or change.after.get("already_met"):  # a past day: the council told them
        return
    assert case.id is not None
    # an advocate already copied in is named, not offered again
    advocate = next(iter(facts.advocates_copied(session, case_id=case.id)), None)
    moved_from = change.after.get("moved_from")
    # staff confirmed a day past the panel's deadline: the family is told it is late, and sorry
    late_past = change.after.get("late_past")
    text = writer.write(
        "panel_date.txt.j2",
        case=case,
        person=person,
        panel_on=_words(date.fromisoformat(str(panel_on))),
        moved_from=_words(date.fromisoformat(str(moved_from))) if moved_from else "",
        panel_due=_words(date.fromisoformat(str(late_past))) if late_past else "",
        details=str(change.after.get("panel_details") or "").strip(),
        advocate_name=(advocate.name or "") if advocate else "",
    )
    # one letter for each arrangement: a panel moved back to a day given before is told again
    writer.send(session, case, person, "panel_date", f"{panel_on}:{case.version}", text)


def chair_report(
    writer: LetterWriter, session: Session, case: Case, change: CaseChange, person: Person
) -> None:
    """The chair's report is in: the council's response follows by its due date."""
    from outbound.letters import open_stage_deadline

    assert case.id is not None
    stage = latest_stage(session, case_id=case.id)
    due = open_stage_deadline(session, stage)
    if stage is None or due is None:
        return
    text = writer.write(
        "chair_report.txt.j2",
        case=case,
        person=person,
        received_on=_words(due.start_on),
        response_due=_words(due.effective_due),
    )
    writer.send(session, case, person, "chair_report", f"{stage.id}", text)


def withdrawn(
    writer: LetterWriter, session: Session, case: Case, change: CaseChange, person: Person
) -> None:
    """The complainant withdrew: confirmed in writing, with the way back."""
    if case.closed_at is None:
        return
    from outbound.letters import local_day

    withdrawn_on = local_day(writer, case.closed_at)
    text = writer.write(
        "withdrawal.txt.j2", case=case, person=person, withdrawn_on=_words(withdrawn_on)
    )
    writer.send(session, case, person, "withdrawal", case.closed_at.isoformat(), text)


def ombudsman_decided(
    writer: LetterWriter, session: Session, case: Case, change: CaseChange, person: Person
) -> None:
    """Referred back by the Ombudsman as premature: which stage the council now answers at.
    A stage still running carries on, and weeks with the Ombudsman may have taken it past its
    date: the letter then says sorry, never promises a day gone by (walkerG: 'We aim to send
    you our response by Monday 19 January 2026' in a letter of 10 February)."""
    from outbound.letters import STAGE_NAMES, local_day, open_stage_deadline

    assert case.id is not None
    lgsco = facts.latest_lgsco_case(session, case_id=case.id)
    if lgsco is None or lgsco.decision != LgscoDecision.PREMATURE or lgsco.decided_on is None:
        return
    stage = latest_stage(session, case_id=case.id)
    if stage is None:
        return
    # Stage 3's response clock starts only with the chair's report: until then the letter
    # gives the date the review panel meets by.
    panel = stage.kind == StageKind.STATUTORY_3
    due = (
        deadlines.stage_deadline(session, stage=stage, rule=DeadlineRule.STAGE_3_PANEL)
        if panel
        else open_stage_deadline(session, stage)
    )
    if due is None:
        return
    text = writer.write(
        "premature_restart.txt.j2",
        case=case,
        person=person,
        decided_on=_words(lgsco.decided_on),
        stage_name=STAGE_NAMES[stage.kind],
        response_due=_words(due.effective_due),
        late=due.effective_due < local_day(writer, writer.clock.now()),
        panel=panel,
    )
    writer.send(session, case, person, "premature_restart", f"{lgsco.id}", text)


def code_acknowledged(
    writer: LetterWriter, session: Session, case: Case, change: CaseChange, person: Person
) -> None:
    """Staff acknowledged a stage under the Complaint Handling Code: its answer is due its
    working days from the acknowledgement, earlier than the latest date a first letter gave
    (or a stage 2's acceptance did), so the complainant is told the date, and what the council
    understands the complaint to be about (the Code's acknowledgement says both). Intake's
    automatic acknowledgement is its own letter and already gives the date."""
    from outbound.letters import STAGE_NAMES, local_day, open_stage_deadline

    assert case.id is not None
    if not change.actor.is_staff:
        return
    stage_acknowledged = change.after.get("acknowledged")  # a later stage's (Note)
    if stage_acknowledged:
        on = date.fromisoformat(str(stage_acknowledged))
    elif case.acknowledged_at is not None:
        on = local_day(writer, case.acknowledged_at)
    else:
        return
    stage = latest_stage(session, case_id=case.id)
    if stage is None or stage.kind not in STAGE_NAMES:
        return
    clock = deadlines.stage_deadline(session, stage=stage, rule=DeadlineRule.CODE_ACKNOWLEDGEMENT)
    due = open_stage_deadline(session, stage)
    if clock is None or clock.met_on is None or due is None:
        return
    issues = facts.numbered_issues(session, case_id=case.id)
    text = writer.write(
        "code_acknowledgement.txt.j2",
        case=case,
        person=person,
        stage_name=STAGE_NAMES[stage.kind],
        acknowledged_on=_words(
            on
        ),  # the day staff did, though the clock counts from the next working day
        response_due=_words(due.effective_due),
        issues=writer.understood(issues.values()),
    )
    writer.send(session, case, person, "code_acknowledgement", f"{stage.id}", text)


HANDLERS: dict[Action | Note, Handler] = {
    Action.ACKNOWLEDGE: code_acknowledged,
    Note.STAGE_ACKNOWLEDGED: code_acknowledged,
    Action.ESCALATE: escalated,
    Note.PANEL_ARRANGED: panel_arranged,
    Action.CHAIR_REPORT: chair_report,
    Action.WITHDRAW: withdrawn,
    Action.LGSCO_DECIDED: ombudsman_decided,
}
