"""Retention (issue 27, part 2): the schedule removes personal data from finished cases and
keeps every figure the annual report prints; a legal hold is never touched; a case flagged for
safeguarding waits for a person's review. On both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from cases.actor import Actor, Part, Via
from cases.enums import CaseStatus, Channel, Direction, Outcome, RemedyKind
from cases.retention import FINISHED, CaseFacts, Retention, Schedule, standing
from casework import retention
from cli.demo_data import seed_demo
from reports.annual import build_report
from reports.periods import financial_year
from reports.render_text import render_markdown
from store import retention as store_retention
from store.db import read_scope, session_scope
from store.models import (
    Attachment,
    AuditEntry,
    Case,
    Correspondence,
    Deadline,
    Issue,
    IssueOutcome,
    LgscoCase,
    Person,
    Remedy,
    Stage,
)
from store.organisation import sync_organisation
from tests.cli.test_demo import SHIPPED_CATEGORIES

SEEDED_ON = date(2021, 6, 1)
SCHEDULE = Schedule({"default": 6, "compliment": 2})  # the shipped rule file's
STAFF = Actor.staff(Via.CLI, "dpo")
RUN = Actor.system(Part.RETENTION)


def _report(engine: Engine, year: int) -> str:
    report, _ = build_report(engine, financial_year(year), today=SEEDED_ON)
    return render_markdown(report)


def _seed(engine: Engine) -> list[Case]:
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("csc", "Children's Social Care")],
            teams=[(f"team{i}", f"Team {i}", "csc", None) for i in range(4)],
        )
    seed_demo(engine, cases=300, years=3, today=SEEDED_ON, seed=7, categories=SHIPPED_CATEGORIES)
    with session_scope(engine) as session:
        closed = list(
            session.exec(
                select(Case).where(Case.status == CaseStatus.CLOSED).order_by(col(Case.id))
            )
        )
        for case in closed[:5]:  # messages with attachments, as mail would leave them
            assert case.id is not None
            message = Correspondence(
                case_id=case.id,
                direction=Direction.INBOUND,
                channel=Channel.EMAIL,
                at=case.received_at,
                subject="About my son",
                text="My son Alfie Example was let down.",
                raw=b"From: parent@example.org\r\n\r\nMy son Alfie Example was let down.",
            )
            session.add(message)
            session.flush()
            assert message.id is not None
            session.add(
                Attachment(
                    correspondence_id=message.id,
                    filename="letter.pdf",
                    content_type="application/pdf",
                    size=4,
                    sha256="0" * 64,
                    content=b"%PDF",
                )
            )
        return closed


def test_the_rule_keeps_open_held_and_flagged_cases() -> None:
    facts = CaseFacts(
        record_kind=Case.model_fields["record_kind"].annotation.COMPLIMENT,  # type: ignore[union-attr]
        status=CaseStatus.CLOSED,
        finished_on=date(2020, 3, 1),
        flagged=False,
        reviewed=False,
        held=False,
        anonymised=False,
    )
    schedule = Schedule({"default": 6, "compliment": 2})
    assert standing(facts, schedule=schedule, today=date(2022, 2, 28)).retention is Retention.KEPT
    due = standing(facts, schedule=schedule, today=date(2022, 3, 1))
    assert due.retention is Retention.DUE and due.due_on == date(2022, 3, 1)
    held = standing(
        CaseFacts(**{**facts.__dict__, "held": True}), schedule=schedule, today=date(2040, 1, 1)
    )
    assert held.retention is Retention.HELD
    flagged = CaseFacts(**{**facts.__dict__, "flagged": True})
    assert standing(flagged, schedule=schedule, today=date(2040, 1, 1)).retention is (
        Retention.AWAITS_REVIEW
    )
    reviewed = CaseFacts(**{**facts.__dict__, "flagged": True, "reviewed": True})
    assert standing(reviewed, schedule=schedule, today=date(2040, 1, 1)).retention is Retention.DUE
    still_open = CaseFacts(**{**facts.__dict__, "status": CaseStatus.OPEN, "finished_on": None})
    assert standing(still_open, schedule=schedule, today=date(2040, 1, 1)).retention is (
        Retention.OPEN
    )


def test_retention_removes_personal_data_and_keeps_the_annual_figures(engine: Engine) -> None:
    closed = _seed(engine)
    before = [_report(engine, year) for year in (2018, 2019, 2020)]
    held, flagged = closed[0], closed[1]
    now = datetime(2031, 1, 2, 3, 0, tzinfo=UTC)
    with session_scope(engine) as session:
        retention.hold(session, case=held, reason="Litigation: claim 123", actor=STAFF, now=now)
        flagged_case = session.get(Case, flagged.id)
        assert flagged_case is not None
        flagged_case.safeguarding = True
        session.add(flagged_case)
    with read_scope(engine) as session:
        due = retention.due_by(session, schedule=SCHEDULE, until=now.date())
    kinds = {row.reference: row.retention for row in due}
    assert kinds[held.reference] is Retention.HELD
    assert kinds[flagged.reference] is Retention.AWAITS_REVIEW
    to_go = sum(1 for row in due if row.retention is Retention.DUE)
    assert to_go > 100

    with session_scope(engine) as session:
        done = retention.apply(
            session, schedule=SCHEDULE, today=now.date(), actor=RUN, now=now, limit=10_000
        )
    assert len(done) == to_go
    assert [_report(engine, year) for year in (2018, 2019, 2020)] == before

    with read_scope(engine) as session:
        names = {person.case_id: person.name for person in session.exec(select(Person))}
        statuses = dict(session.exec(select(Case.id, Case.status)).all())
        left = session.exec(select(Correspondence)).all()
        attachments = session.exec(select(sa.func.count()).select_from(Attachment)).one()
        anonymised = session.exec(select(AuditEntry).where(AuditEntry.action == "anonymised")).all()
    kept_ids = {row.case_id for row in due if row.retention is not Retention.DUE}
    assert {held.id, flagged.id} <= kept_ids
    for case_id, name in names.items():
        finished = statuses[case_id] in FINISHED
        if finished and case_id not in kept_ids:
            assert name is None, case_id
        else:
            assert name, case_id  # open, held or awaiting review: never touched
    assert attachments == 2  # the held and the flagged case's
    kept = [message for message in left if message.case_id in (held.id, flagged.id)]
    assert [message.direction for message in kept] == [Direction.INBOUND] * 2
    notes = [message for message in left if message not in kept]
    assert {message.direction for message in notes} == {Direction.INTERNAL}
    assert all("Personal data removed on 2031-01-02" in (m.text or "") for m in notes)
    assert len(anonymised) == to_go and anonymised[0].actor == "retention"

    # A second run finds nothing; releasing the hold lets the next run take it.
    with session_scope(engine) as session:
        assert (
            retention.apply(
                session, schedule=SCHEDULE, today=now.date(), actor=RUN, now=now, limit=100
            )
            == []
        )
        case = session.get(Case, held.id)
        assert case is not None
        retention.release(session, case=case, actor=STAFF, now=now, reason="claim settled")
        reviewed = session.get(Case, flagged.id)
        assert reviewed is not None
        retention.review(session, case=reviewed, actor=STAFF, now=now, note="no abuse disclosed")
    with session_scope(engine) as session:
        done = retention.apply(
            session, schedule=SCHEDULE, today=now.date(), actor=RUN, now=now, limit=100
        )
    assert {row.reference for row in done} == {held.reference, flagged.reference}


def test_what_staff_wrote_about_the_case_goes_and_its_figures_stay(engine: Engine) -> None:
    """Findings, points, reasons told to the family, why a stage began, an extension's reason,
    a remedy's description and why the Ombudsman did not investigate may name the child: an
    erased case keeps none of them, and keeps its outcomes, remedies by kind and amount, and the
    reason for delay the reports count. The case next to it is untouched."""
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("csc", "Children's Social Care")],
            teams=[(f"team{i}", f"Team {i}", "csc", None) for i in range(4)],
        )
    seed_demo(engine, cases=40, years=1, today=SEEDED_ON, seed=3, categories=SHIPPED_CATEGORIES)
    words = "Alfie Example's social worker missed three visits"
    with session_scope(engine) as session:
        closed = session.exec(
            select(Case).where(Case.status == CaseStatus.CLOSED).order_by(col(Case.id))
        ).all()
        answered = [
            (case, stage, issue, deadline)
            for case in closed
            for stage in session.exec(select(Stage).where(Stage.case_id == case.id)).all()[:1]
            for issue in session.exec(select(Issue).where(Issue.case_id == case.id)).all()[:1]
            for deadline in session.exec(select(Deadline).where(Deadline.case_id == case.id)).all()[
                :1
            ]
        ]
        assert len(answered) >= 2
        erased, kept = answered[0][0], answered[1][0]
        for case, stage, issue, deadline in answered[:2]:
            assert case.id is not None and stage.id is not None and issue.id is not None
            stage.delay_reason_for_complainant = stage.open_reason = words
            stage.reason_for_delay = "Staff absence"
            issue.point = words
            deadline.extension_reason = deadline.extension_reason_for_complainant = words
            outcome = session.exec(
                select(IssueOutcome).where(IssueOutcome.issue_id == issue.id)
            ).first() or IssueOutcome(
                case_id=case.id, stage_id=stage.id, issue_id=issue.id, outcome=Outcome.UPHELD
            )
            outcome.finding = words
            session.add_all([stage, issue, deadline, outcome])
            session.add(
                Remedy(
                    case_id=case.id, kind=RemedyKind.FINANCIAL, description=words, amount_pence=5000
                )
            )
            session.add(
                LgscoCase(case_id=case.id, received_on=SEEDED_ON, not_investigated_reason=words)
            )
    with session_scope(engine) as session:
        case = session.get(Case, erased.id)
        assert case is not None
        removed = store_retention.anonymise(
            session, case=case, actor=STAFF, now=datetime(2031, 1, 2, tzinfo=UTC), reason="test"
        )
    assert removed["staff's words"] == 6
    with read_scope(engine) as session:
        for case_id, gone in ((erased.id, True), (kept.id, False)):
            texts = [
                *session.exec(select(IssueOutcome.finding).where(IssueOutcome.case_id == case_id)),
                *session.exec(select(Issue.point).where(Issue.case_id == case_id)),
                *session.exec(select(Stage.open_reason).where(Stage.case_id == case_id)),
                *session.exec(
                    select(Stage.delay_reason_for_complainant).where(Stage.case_id == case_id)
                ),
                *session.exec(
                    select(Deadline.extension_reason_for_complainant).where(
                        Deadline.case_id == case_id
                    )
                ),
                *session.exec(select(Deadline.extension_reason).where(Deadline.case_id == case_id)),
                *session.exec(select(Remedy.description).where(Remedy.case_id == case_id)),
                *session.exec(
                    select(LgscoCase.not_investigated_reason).where(LgscoCase.case_id == case_id)
                ),
            ]
            assert (words in texts) is not gone, case_id
            assert (
                "Staff absence"
                in session.exec(
                    select(Stage.reason_for_delay).where(Stage.case_id == case_id)
                ).all()
            )
            remedies = session.exec(select(Remedy).where(Remedy.case_id == case_id)).all()
            assert [(r.kind, r.amount_pence) for r in remedies if r.amount_pence == 5000] == [
                (RemedyKind.FINANCIAL, 5000)
            ]
