"""Slack's Record response at a statutory stage 2 offers to send the investigating officer's
and the independent person's reports with the response (issue 23): walking stage 2 in the
Slack stand-in, the web and the CLI could choose it and Slack could not. Ticked, the letter
shown before Send says both are enclosed and Send marks them enclosed; the box is not offered
at stage 1."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlmodel import col, select

from bot import ids
from cases.actor import Actor, Via
from cases.enums import Outcome, ReportKind
from cases.report_files import checked_report
from casework.escalation import escalate
from casework.response import ResponseInput, record_response
from casework.stage_reports import attach_report
from store.db import session_scope
from store.models import Case, StageReport
from tests.bot.clicking import pushed_view, submit
from tests.bot.conftest import Slack
from tests.bot.test_case_modals import errors_of
from tests.bot.test_dated_modals import confirm_triage, open_modal
from tests.bot.test_respond_preview import shown_text
from tests.outcome_letters import findings_for

OFFICER = Actor.staff(Via.CLI, "officer")
ONE = {1: Outcome.NOT_UPHELD}


def at_stage_two_with_reports(slack: Slack, reference: str, padding: bytes = b"") -> None:
    service, now = slack.component.deps.cases, slack.context.clock.now()
    today = slack.context.calendar.local_date(now)
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        record_response(service, session, case=case, actor=OFFICER, today=today,
                        response=ResponseInput(responded_on=today, issue_outcomes=ONE,
                                               findings=findings_for(ONE)))  # fmt: skip
        escalate(service, session, case=case, requested_on=today, actor=OFFICER, today=today)
        for kind, name, content in ((ReportKind.INVESTIGATING_OFFICER, "io.pdf",
                                     b"%PDF-1.7 io" + padding),
                                    (ReportKind.INDEPENDENT_PERSON, "ip.pdf", b"%PDF-1.7 ip")):  # fmt: skip
            attach_report(service, session, case=case, kind=kind, actor=OFFICER,
                          report=checked_report(name, content, max_bytes=1000 + len(padding)),
                          now=datetime.now(UTC))  # fmt: skip


def block_ids(view: dict[str, object]) -> list[str]:
    return [str(block.get("block_id")) for block in view["blocks"]]  # type: ignore[union-attr, attr-defined]


async def test_the_stage_two_response_encloses_the_reports_when_ticked(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    stage_one = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    assert "enclose" not in block_ids(stage_one)
    await asyncio.to_thread(at_stage_two_with_reports, slack, reference)
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    assert "enclose" in block_ids(view)
    saved = await submit(
        slack, view,
        {"outcome_1": "not_upheld", "finding_1": "The investigator read every record.",
         "remedies": ["explanation"], "enclose": ["reports"]},
        user="UMANAGER", send=False,
    )  # fmt: skip
    preview = pushed_view(await saved.text())
    assert preview is not None, await saved.text()
    assert "We enclose a copy of both reports with this response." in shown_text(preview)
    await submit(slack, preview, {}, user="UMANAGER")
    with session_scope(slack.context.engine) as session:
        rows = session.exec(select(StageReport).order_by(col(StageReport.id))).all()
        assert [row.enclosed for row in rows] == [True, True]


async def test_enclosing_a_report_heard_does_not_hold_is_said_beside_the_box(
    slack: Slack,
) -> None:
    """Only the investigating officer's report kept: ticking the box is refused next to it,
    not next to the date (walkerJ: Slack said it beside "Date the response was sent"), and
    nothing is recorded."""
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    await asyncio.to_thread(at_stage_two_with_reports, slack, reference)
    with session_scope(slack.context.engine) as session:
        held = session.exec(select(StageReport)).all()
        session.delete(next(r for r in held if r.kind == ReportKind.INDEPENDENT_PERSON))
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UOFFICER")
    answers = {"outcome_1": "not_upheld", "finding_1": "The investigator read every record.",
               "remedies": ["explanation"], "enclose": ["reports"]}  # fmt: skip
    errors = await errors_of(slack, view, answers)
    assert list(errors) == ["enclose"], errors
    assert errors["enclose"] == (
        "Cannot enclose the reports: heard holds no independent person's report for this stage; "
        "attach it first."
    )
    with session_scope(slack.context.engine) as session:
        assert not any(row.enclosed for row in session.exec(select(StageReport)))
    # unticked, the same answers are shown as the letter before Send
    saved = await submit(slack, view, {**answers, "enclose": []}, send=False)
    assert pushed_view(await saved.text()) is not None, await saved.text()
