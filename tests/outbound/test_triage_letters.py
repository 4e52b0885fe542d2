"""Only the acknowledgement of receipt goes automatically; the letter saying a contact is not
logged goes when staff confirm triage, and staff changing triage send the letter for the new
decision. Each letter is read from the SMTP capture server (issue 23 item 2)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import TRIAGE, Actor, Via
from cases.enums import (
    Channel,
    ComplainantType,
    IssueCategory,
    NotLoggedReason,
    RecordKind,
    Route,
)
from cases.triage_result import IssueProposal, TriageResult
from casework.receiving import create
from casework.service import CaseService
from casework.triage import apply_triage, confirm_triage
from heard.settings import Settings
from store.db import session_scope
from store.models import Case, PartyRole, Person
from tests.mailsink import MailSink
from tests.outbound.test_letters import RECEIVED, letters, service  # noqa: F401

OFFICER = Actor.staff(Via.SLACK, "UOFFICER")
REFUSAL = "not able to consider it under the children's social care complaints procedure"
RECONSIDERED = (
    "We have looked at your message again. We wrote to you before to say that we were not able "
    "to consider it under the children's social care complaints procedure: this letter replaces "
    "that one, and says how we will now deal with it."
)


def result(route: Route, reason: NotLoggedReason | None = None) -> TriageResult:
    return TriageResult(
        record_kind=RecordKind.COMPLAINT,
        route=route,
        complainant_type=ComplainantType.PARENT,
        not_logged_reason=reason,
        issues=(IssueProposal(IssueCategory.COMMUNICATION, "fostering"),),
    )


def phoned(service: CaseService, engine: Engine, route: Route) -> str:  # noqa: F811
    """A phone call staff log; triage (the system) proposes `route`."""
    with session_scope(engine) as session:
        case = create(service, session, record_kind=RecordKind.COMPLAINT,
                      channel=Channel.TELEPHONE, received_at=RECEIVED, actor=OFFICER)  # fmt: skip
        assert case.id is not None
        session.add(Person(case_id=case.id, role=PartyRole.COMPLAINANT, name="Sam Parent",
                           email="sam@example.org"))  # fmt: skip
        session.flush()
        reason = NotLoggedReason.COURT_RELATED if route == Route.NOT_LOGGED else None
        apply_triage(service, session, case=case, actor=TRIAGE, result=result(route, reason))
        return case.reference


def flat(texts: list[str]) -> list[str]:
    return [" ".join(text.split()) for text in texts]


async def test_not_logged_is_written_only_when_staff_confirm_triage(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    reference = phoned(service, engine, Route.NOT_LOGGED)
    (receipt,) = flat(await letters(engine, settings, mail_sink))
    assert reference in receipt and "write to you to explain how it will be dealt with" in receipt
    assert REFUSAL not in receipt and "family court" not in receipt
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        confirm_triage(service, session, case=case, actor=OFFICER, now=RECEIVED)
    mail_sink.messages.clear()
    (refusal,) = flat(await letters(engine, settings, mail_sink))
    assert REFUSAL in refusal and "family court" in refusal


async def test_staff_changing_triage_send_the_letter_for_the_new_decision(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    reference = phoned(service, engine, Route.STATUTORY)
    (first,) = flat(await letters(engine, settings, mail_sink))
    assert "we expect to deal with your complaint under the statutory" in first  # not decided
    assert "will check this" in first
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        apply_triage(service, session, case=case, actor=OFFICER, reason="care proceedings",
                     result=result(Route.NOT_LOGGED, NotLoggedReason.COURT_RELATED))  # fmt: skip
    mail_sink.messages.clear()
    (refusal,) = flat(await letters(engine, settings, mail_sink))
    assert REFUSAL in refusal and "family court" in refusal
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        apply_triage(service, session, case=case, actor=OFFICER, reason="proceedings ended",
                     result=result(Route.CORPORATE))  # fmt: skip
    mail_sink.messages.clear()
    (corporate,) = flat(await letters(engine, settings, mail_sink))
    assert "we will deal with your complaint under the council's own complaints procedure" in (
        corporate
    )
    # The refusal no longer stands, and the letter says so (walkerG: 'not able to consider it'
    # then 'We have received your complaint and logged it', unexplained), as a person signs it.
    assert RECONSIDERED in corporate
    assert corporate.startswith("Dear Sam Parent,") and "Yours sincerely," in corporate


async def test_a_refusal_never_sent_is_not_said_to_be_replaced(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    """Triage proposed not logged and staff changed it before confirming: the family had only
    the acknowledgement of receipt, so the decision letter mentions no earlier refusal."""
    reference = phoned(service, engine, Route.NOT_LOGGED)
    await letters(engine, settings, mail_sink)
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        apply_triage(service, session, case=case, actor=OFFICER, reason="not about the court",
                     result=result(Route.STATUTORY))  # fmt: skip
    mail_sink.messages.clear()
    (decided,) = flat(await letters(engine, settings, mail_sink))
    assert "we will deal with it under the statutory" in decided
    assert "We wrote to you before" not in decided


async def test_staff_moving_an_issue_to_another_team_write_nothing(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    """The procedure stands: the family is not written to again (as Confirm triage writes
    nothing). Found walking: Change triage of the teams alone sent a second letter."""
    reference = phoned(service, engine, Route.STATUTORY)
    (first,) = flat(await letters(engine, settings, mail_sink))
    assert "we expect to deal with your complaint under the statutory" in first
    moved = TriageResult(
        record_kind=RecordKind.COMPLAINT,
        route=Route.STATUTORY,
        complainant_type=ComplainantType.PARENT,
        issues=(IssueProposal(IssueCategory.COMMUNICATION, "care"),),
    )
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        apply_triage(service, session, case=case, actor=OFFICER, reason="care answers",
                     result=moved)  # fmt: skip
    mail_sink.messages.clear()
    assert await letters(engine, settings, mail_sink) == []
