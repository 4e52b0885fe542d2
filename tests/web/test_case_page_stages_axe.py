"""The case page at every stage, every section filled, passes axe-core's WCAG 2.2 A/AA checks in
Chromium: the page grows tables and insets as a case goes on (responses with outcomes and
remedies, stage 2 reports, the panel's day and details, the chair's report, the Ombudsman's
recommendations), and the page test had seen only a case just logged. One case is taken
through the statutory procedure by casework, as any door would, and the page is checked after
each step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from cases.actor import Actor, Via
from cases.enums import AdvocacyStatus, CostKind, LgscoDecision, Outcome, RemedyKind, ReportKind
from cases.report_files import ReportFile
from casework import records
from casework.escalation import escalate
from casework.extension import extend
from casework.ombudsman import RecommendationInput, lgsco_decided, lgsco_received
from casework.response import RemedyInput, ResponseInput, record_response
from casework.service import CaseService
from casework.stage_reports import attach_report
from casework.stage_three import arrange_panel, chair_report, panel_held
from heard.wiring import build_case_service
from store.cases.queries import issues_of
from store.db import session_scope
from store.models import Case
from tests.outcome_letters import findings_for
from tests.web.conftest import Web
from tests.web.test_browser import (  # noqa: F401  (the fixtures, by name)
    assert_accessible,
    browser,
    sign_in,
    site,
)

OFFICER = Actor.staff(Via.WEB, "officer@council.example")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_the_case_page_at_every_stage_passes_axe(
    browser: Any,  # noqa: F811
    site: tuple[str, Web],  # noqa: F811
) -> None:
    url, web = site
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.add_message(reference, text="The call log.", sender="parent@example.org", attachment=b"log")
    service = build_case_service(web.context)
    page = browser.new_page()
    sign_in(page, url, web)

    def step(what: str, change: Callable[[CaseService, Session, Case], object]) -> None:
        """Make one change as casework makes it, then check the case page as it now stands."""
        with session_scope(web.context.engine) as session:
            case = session.exec(select(Case).where(Case.reference == reference)).one()
            change(service, session, case)
        page.goto(f"{url}/cases/{reference}")
        assert reference in page.get_by_role("heading", level=1).inner_text(), what
        assert_accessible(page, what)

    today = web.clock.now().date()

    def answered(db: Session, case: Case, outcome: Outcome, on: date) -> ResponseInput:
        """Every issue given `outcome` (upheld: with an apology and a payment)."""
        upheld = outcome == Outcome.UPHELD
        outcomes = {n: outcome for n in range(1, len(issues_of(db, case_id=case.id or 0)) + 1)}
        return ResponseInput(
            responded_on=on,
            issue_outcomes=outcomes,
            findings=findings_for(outcomes),
            remedies=(
                (RemedyInput(RemedyKind.APOLOGY), RemedyInput(RemedyKind.FINANCIAL, amount_pence=15000))
                if upheld
                else ()
            ),
            manager_contacted=True,
        )

    step("stage 1, advocacy and its advocate, learning, a cost and an extension", lambda s, db, c: (
        records.record_advocacy(s, db, case=c, status=AdvocacyStatus.TAKEN_UP, on=today,
                                actor=OFFICER, today=today, organisation="Coram Voice"),
        records.record_advocate(s, db, case=c, name="Sam Advocate", email="sam@advocacy.example",
                                consent_to_copy=True, actor=OFFICER, today=today),
        records.add_learning(s, db, case=c, text="Return calls within two days",
                             owner_team_id="fostering", identified_on=today, actor=OFFICER,
                             today=today, due_on=today + timedelta(days=60)),
        records.add_cost(s, db, case=c, kind=CostKind.INDEPENDENT_PERSON, amount_pence=45000,
                         incurred_on=today, actor=OFFICER, today=today,
                         description="Independent person, two days"),
        extend(s, db, case=c, new_due=web.context.calendar.add_working_days(today, 20), reason="The worker is away",
               agreed_on=today, actor=OFFICER, today=today),
    ))  # fmt: skip
    step("stage 1 answered, upheld with remedies", lambda s, db, c: record_response(
        s, db, case=c, actor=OFFICER, today=today, response=answered(db, c, Outcome.UPHELD, today)))  # fmt: skip
    step("stage 2 with both reports", lambda s, db, c: (
        escalate(s, db, case=c, requested_on=today, actor=OFFICER, today=today),
        *(attach_report(s, db, case=c, kind=kind, actor=OFFICER, now=web.clock.now(),
                        report=ReportFile(f"{kind.value}-report.pdf", "application/pdf", PDF))
          for kind in ReportKind),
    ))  # fmt: skip
    step("stage 2 answered", lambda s, db, c: record_response(
        s, db, case=c, actor=OFFICER, today=today,
        response=answered(db, c, Outcome.NOT_UPHELD, today)))  # fmt: skip
    step("stage 3, the panel to arrange", lambda s, db, c: escalate(
        s, db, case=c, requested_on=today, actor=OFFICER, today=today))  # fmt: skip
    panel_on = today  # meeting today, so that it may be recorded held without a clock jump
    step("stage 3, the panel arranged with its details", lambda s, db, c: arrange_panel(
        s, db, case=c, panel_on=panel_on, actor=OFFICER, today=today,
        details="10am, Room 2, the Civic Centre; or join by Teams"))  # fmt: skip
    step("stage 3, the panel held and the chair's report in", lambda s, db, c: (
        panel_held(s, db, case=c, held_on=today, actor=OFFICER, today=today),
        chair_report(s, db, case=c, received_on=today, actor=OFFICER, today=today),
    ))  # fmt: skip
    step("stage 3 answered", lambda s, db, c: record_response(
        s, db, case=c, actor=OFFICER, today=today,
        response=answered(db, c, Outcome.NOT_UPHELD, today)))  # fmt: skip
    step("the Ombudsman's decision with recommendations", lambda s, db, c: (
        lgsco_received(s, db, case=c, lgsco_reference="25 012 345", received_on=today,
                       actor=OFFICER),
        lgsco_decided(s, db, case=c, decided_on=today, actor=OFFICER,
                      decision=LgscoDecision.UPHELD_WITH_INJUSTICE,
                      recommendations=[RecommendationInput("Apologise in writing",
                                                           today + timedelta(days=30))]),
    ))  # fmt: skip
    shown = " ".join(page.inner_text("main").split())
    for said in ("Sam Advocate", "10am, Room 2", "Apologise in writing", "ip-report.pdf"):
        assert said in shown, said
    page.close()
