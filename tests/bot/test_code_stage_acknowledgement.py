"""A corporate stage 2 under the Ombudsman's Complaint Handling Code is acknowledged from its
Slack card (issue 24's leftover; the CLI and the web could already): the card offers
"Acknowledge the stage" while the stage's acknowledgement is open, the click meets it (and times
the stage's answer from it), the audit log says who, and the button goes. The card's due date
is the stage's answer, never the acknowledgement's clock."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot import ids
from cases.actor import SMTP, TRIAGE, Actor, Via
from cases.enums import Channel, ComplainantType, IssueCategory, Outcome, RecordKind, Route
from cases.triage_result import IssueProposal, TriageResult
from casework.acknowledgement import acknowledge
from casework.escalation import escalate
from casework.receiving import create
from casework.response import ResponseInput, record_response
from casework.triage import apply_triage
from heard.wiring import build_case_service
from store.db import session_scope
from store.models import AuditEntry, Case, Deadline, PartyRole, Person
from tests.bot.clicking import action_ids, card, click, click_and_send, drain
from tests.bot.conftest import Slack
from tests.outcome_letters import findings_for

OFFICER = Actor.staff(Via.CLI, "officer")


def corporate_stage_two(slack: Slack) -> str:
    """A corporate complaint received 40 days ago (after the Code came in), acknowledged,
    answered and escalated: its stage 2 waits to be acknowledged."""
    service = build_case_service(slack.context)
    now = slack.context.clock.now()
    received = now - timedelta(days=40)
    day = service.calendar.local_date
    with session_scope(slack.context.engine) as session:
        case = create(service, session, record_kind=RecordKind.COMPLAINT, channel=Channel.EMAIL,
                      received_at=received, actor=SMTP, subject="Potholes by the school")  # fmt: skip
        assert case.id is not None
        session.add(Person(case_id=case.id, role=PartyRole.COMPLAINANT, name="Test Parent",
                           email="parent@example.org"))  # fmt: skip
        apply_triage(service, session, case=case, actor=TRIAGE, result=TriageResult(
            record_kind=RecordKind.COMPLAINT, route=Route.CORPORATE,
            complainant_type=ComplainantType.PARENT,
            issues=(IssueProposal(IssueCategory.COMMUNICATION, None),),
        ))  # fmt: skip
        acknowledge(service, session, case=case, actor=OFFICER, now=received + timedelta(days=1))
        record_response(service, session, case=case, actor=OFFICER, today=day(now),
                        response=ResponseInput(responded_on=day(received + timedelta(days=8)),
                                               issue_outcomes={1: Outcome.NOT_UPHELD}, findings=findings_for({1: Outcome.NOT_UPHELD})))  # fmt: skip
        escalate(service, session, case=case, requested_on=day(received + timedelta(days=20)),
                 actor=OFFICER, today=day(now))  # fmt: skip
        return case.reference


def code_acknowledgements(slack: Slack, reference: str) -> list[Deadline]:
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        found = session.exec(
            select(Deadline).where(
                Deadline.case_id == case.id, Deadline.rule == "code_acknowledgement"
            )
        ).all()
        session.expunge_all()
        return list(found)


async def test_a_stage_two_under_the_code_is_acknowledged_from_its_card(slack: Slack) -> None:
    if slack.context.clock.now() < datetime(2026, 5, 12, tzinfo=UTC):
        slack.context.clock.set(datetime(2026, 6, 22, 10, tzinfo=UTC))  # type: ignore[attr-defined]
    reference = await asyncio.to_thread(corporate_stage_two, slack)
    blocks = await card(slack, reference)
    assert ids.ACKNOWLEDGE_STAGE in action_ids(blocks)
    assert ids.ACKNOWLEDGE not in action_ids(blocks)  # the complaint itself was acknowledged
    stage_two = [d for d in code_acknowledgements(slack, reference) if d.met_on is None]
    assert len(stage_two) == 1

    # The stage's answer date is written to the complainant: the letter shows before Send.
    shown = await click_and_send(
        slack, blocks, ids.ACKNOWLEDGE_STAGE,
        done=lambda: all(d.met_on is not None for d in code_acknowledgements(slack, reference)),
    )  # fmt: skip
    assert shown is not None and "We will send you our response by" in json.dumps(shown)
    assert ids.ACKNOWLEDGE_STAGE not in action_ids(await card(slack, reference))
    with session_scope(slack.context.engine) as session:
        said = session.exec(
            select(AuditEntry.actor).where(AuditEntry.action == "stage_acknowledged")
        ).all()
    assert said == ["slack:UOFFICER"]


async def test_a_manager_without_the_role_cannot_acknowledge_the_stage(slack: Slack) -> None:
    if slack.context.clock.now() < datetime(2026, 5, 12, tzinfo=UTC):
        slack.context.clock.set(datetime(2026, 6, 22, 10, tzinfo=UTC))  # type: ignore[attr-defined]
    reference = await asyncio.to_thread(corporate_stage_two, slack)
    blocks = await card(slack, reference)
    await click(slack, blocks, ids.ACKNOWLEDGE_STAGE, user="UNOBODY")
    await drain(slack)
    assert all(d.met_on is None for d in code_acknowledgements(slack, reference)[1:])
