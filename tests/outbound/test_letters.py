"""The letters complainants receive, read as the local SMTP sink caught them: a compliment, a
contact not logged and a corporate complaint each get their own letter and never the promise of
a full response; stage responses give every issue's outcome and the way to escalate, up to the
Ombudsman; extensions and pauses are written to."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email import message_from_bytes
from email.policy import default
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import Actor, Via
from cases.calendar import WorkingCalendar
from cases.clock import SettableClock
from cases.enums import (
    CaseStatus,
    Channel,
    ComplainantType,
    IssueCategory,
    NotLoggedReason,
    Outcome,
    PauseReason,
    RecordKind,
    RemedyKind,
    Route,
)
from cases.timescales import TimescalePolicy
from cases.triage_result import IssueProposal, TriageResult
from casework.extension import extend
from casework.pauses import pause, resume
from casework.receiving import create
from casework.response import NoPoint, RemedyInput, ResponseInput, record_response
from casework.service import CaseService
from casework.triage import apply_triage
from heard.settings import DEFAULT_RULES_PATH, Settings
from heard.wiring import smarthost
from outbound.letters import (
    STAFF_LOGGED_CHANNELS,
    LetterConfig,
    LetterWriter,
    first_letter_text,
)
from outbound.mailer import OutboxMailer
from outbound.messenger import MailIdentity, Messenger
from outbound.text import LETTER_LINE
from store.db import session_scope
from store.models import Case, Issue, PartyRole, Person
from store.organisation import sync_organisation
from tests.mailsink import MailSink
from tests.outcome_letters import findings_for, remedies_for
from triage.rulebook import load_rulebook

RECEIVED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)


def letter_config(council_name: str, immediate_risk_text: str = "") -> LetterConfig:
    """A council's letters as heard.wiring.letter_config builds them: signed by the shipped
    rule file's triage team, dates in London."""
    return LetterConfig(
        council_name=council_name,
        organisation=load_rulebook(DEFAULT_RULES_PATH).organisation,
        zone=ZoneInfo("Europe/London"),
        immediate_risk_text=immediate_risk_text,
    )


@pytest.fixture
def service(engine: Engine, settings: Settings) -> CaseService:
    with session_scope(engine) as session:
        sync_organisation(
            session,
            directorates=[("csc", "Children's Social Care")],
            teams=[
                ("fostering", "Fostering", "csc", None),
                ("care", "Children in Care", "csc", None),
            ],
        )
    config = letter_config("Example Borough Council",
                           "If a child is in immediate danger, call 999.")  # fmt: skip
    messenger = Messenger(
        MailIdentity(address="complaints@heard.localhost", message_id_domain="heard.localhost")
    )
    return CaseService(
        calendar=WorkingCalendar(),
        timescales=TimescalePolicy.from_overrides({}),
        reference_prefix="CSC",
        case_listeners=[
            LetterWriter(config, messenger, rulebook=load_rulebook(settings.rules_path))
        ],
    )


def logged(
    service: CaseService,
    engine: Engine,
    *,
    kind: RecordKind,
    route: Route,
    not_logged: NotLoggedReason | None = None,
    name: str = "Sam Parent",
    channel: Channel = Channel.TELEPHONE,
) -> str:
    """A contact a member of staff logs from a phone call (or as `channel` says), with the
    caller's email."""
    with session_scope(engine) as session:
        case = create(
            service,
            session,
            record_kind=kind,
            channel=channel,
            received_at=RECEIVED,
            actor=Actor.staff(Via.SLACK, "U1"),
        )
        assert case.id is not None
        session.add(
            Person(
                case_id=case.id,
                role=PartyRole.COMPLAINANT,
                name=name,
                email="sam@example.org",
            )
        )
        session.flush()
        apply_triage(
            service,
            session,
            case=case,
            actor=Actor.staff(Via.SLACK, "U1"),
            result=TriageResult(
                record_kind=kind,
                route=route,
                complainant_type=ComplainantType.PARENT,
                not_logged_reason=not_logged,
                issues=(
                    IssueProposal(IssueCategory.COMMUNICATION, "fostering"),
                    IssueProposal(IssueCategory.STAFF_CONDUCT, "care"),
                ),
            ),
        )
        return case.reference


async def letters(engine: Engine, settings: Settings, sink: MailSink) -> list[str]:
    configured = settings.model_copy(update={"smarthost_port": sink.port})
    mailer = OutboxMailer(
        engine=engine,
        smarthost=smarthost(configured),
        clock=SettableClock(datetime.now(UTC)),
        worker="t",
    )
    while await mailer.drain_once():
        pass
    texts = []
    for captured in sink.messages:
        message = message_from_bytes(captured.data, policy=default)
        body = message.get_body(("plain",))
        assert body is not None
        texts.append(body.get_content().replace("\r\n", "\n"))
    return texts


async def test_a_compliment_is_thanked_not_promised_a_response(
    engine: Engine, settings: Settings, service: CaseService, mail_sink: MailSink
) -> None:
    logged(service, engine, kind=RecordKind.COMPLIMENT, route=Route.NONE)
    [text] = await letters(engine, settings, mail_sink)
    assert "Thank you for taking the time to tell us" in text
    assert "response" not in text.lower()


async def test_a_contact_not_logged_is_told_why_and_where_to_go(
    engine: Engine, settings: Settings, service: CaseService, mail_sink: MailSink
) -> None:
    logged(
        service,
        engine,
        kind=RecordKind.COMPLAINT,
        route=Route.NOT_LOGGED,
        not_logged=NotLoggedReason.GENERAL_ENQUIRY,
    )
    [text] = await letters(engine, settings, mail_sink)
    assert max(len(line) for line in text.splitlines()) <= LETTER_LINE, text
    text = " ".join(text.split())
    assert "not able to consider it under the children's social care complaints procedure" in text
    assert "general enquiry" in text and "What you can do instead" in text
    assert "MASH" not in text and "full response" not in text


async def test_a_letter_greets_the_name_not_the_role_beside_it(
    engine: Engine, settings: Settings, service: CaseService, mail_sink: MailSink
) -> None:
    """From: "Mia Jones (Advocate)" greeted "Dear Mia Jones (Advocate)," (found walking)."""
    logged(service, engine, kind=RecordKind.COMPLAINT, route=Route.NOT_LOGGED,
           not_logged=NotLoggedReason.GENERAL_ENQUIRY, name="Mia Jones (Advocate)")  # fmt: skip
    [text] = await letters(engine, settings, mail_sink)
    assert text.startswith("Dear Mia Jones,\n"), text[:60]


async def test_a_corporate_complaint_is_told_which_procedure(
    engine: Engine, settings: Settings, service: CaseService, mail_sink: MailSink
) -> None:
    logged(service, engine, kind=RecordKind.COMPLAINT, route=Route.CORPORATE)
    [text] = await letters(engine, settings, mail_sink)
    assert "council's own complaints procedure" in " ".join(text.split())
    assert "because it is about" in text
    assert "Monday 19 January 2026" in text
    assert "full response" not in text


async def test_a_professional_is_told_the_reason_that_applies_to_them(
    engine: Engine, settings: Settings, service: CaseService, mail_sink: MailSink
) -> None:
    logged(service, engine, kind=RecordKind.PROFESSIONAL_COMPLAINT, route=Route.CORPORATE)
    [text] = await letters(engine, settings, mail_sink)
    assert "because you wrote to us in your professional role" in " ".join(text.split())
    assert "or the person complaining" not in text


async def test_stage_responses_give_each_outcome_and_the_way_on(
    engine: Engine, settings: Settings, service: CaseService, mail_sink: MailSink
) -> None:
    reference = logged(service, engine, kind=RecordKind.COMPLAINT, route=Route.STATUTORY)
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        extend(
            service,
            session,
            case=case,
            new_due=date(2026, 1, 30),
            reason="the social worker is on leave",
            agreed_on=date(2026, 1, 14),
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        pause(
            service,
            session,
            case=case,
            reason=PauseReason.LEGAL_PROCEEDINGS,
            paused_on=date(2026, 1, 15),
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        resume(
            service,
            session,
            case=case,
            resumed_on=date(2026, 1, 16),
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
        )
        record_response(
            service,
            session,
            case=case,
            actor=Actor.staff(Via.CLI, "o"),
            today=TODAY,
            response=ResponseInput(
                responded_on=date(2026, 1, 23),
                issue_outcomes={1: Outcome.UPHELD, 2: Outcome.NOT_UPHELD},
                findings=findings_for({1: Outcome.UPHELD, 2: Outcome.NOT_UPHELD}),
                remedies=[RemedyInput(RemedyKind.APOLOGY, issue_number=1)],
            ),
        )
    texts = await letters(engine, settings, mail_sink)
    # hand-wrapped templates with a long date or reference pushed lines to 127 characters
    assert [max(len(line) for line in text.splitlines()) <= LETTER_LINE for text in texts] == [
        True
    ] * 5
    first, extension, paused, resumed, response = [" ".join(text.split()) for text in texts]
    assert "statutory children's complaints procedure" in first
    assert "Wednesday 14 January 2026" in extension and "Friday 30 January 2026" in extension
    assert "on hold from Thursday 15 January 2026" in paused and "legal proceedings" in paused
    assert "Monday 2 February 2026" in resumed
    assert "1. Communication: Upheld" in response
    assert "2. Staff conduct/attitude: Not upheld" in response
    # the response apologises, not only promises an apology (walking a stage 1 response)
    assert "We apologise to you for what went wrong (point 1)" in response
    assert "stage 2" in response and "Friday 20 February 2026" in response
    assert "Ombudsman" not in response


@pytest.mark.parametrize(
    ("reason", "affected"),
    [
        (PauseReason.LEGAL_PROCEEDINGS, "could affect those proceedings."),
        (PauseReason.POLICE_INVESTIGATION, "could affect their investigation."),
    ],
)
async def test_a_pause_says_what_looking_into_it_now_could_affect(
    engine: Engine,
    settings: Settings,
    service: CaseService,
    mail_sink: MailSink,
    reason: PauseReason,
    affected: str,
) -> None:
    """Walking a case on hold for a police investigation, its letter said looking into it
    'could affect those proceedings': a family reads of a court case that is not there."""
    reference = logged(service, engine, kind=RecordKind.COMPLAINT, route=Route.STATUTORY)
    await letters(engine, settings, mail_sink)
    mail_sink.messages.clear()
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        pause(service, session, case=case, reason=reason, paused_on=date(2026, 1, 15),
              actor=Actor.staff(Via.CLI, "o"), today=TODAY)  # fmt: skip
    [paused] = [" ".join(text.split()) for text in await letters(engine, settings, mail_sink)]
    assert affected in paused and "Looking into your complaint now" in paused
    assert ("proceedings" in paused) == (reason == PauseReason.LEGAL_PROCEEDINGS)


async def test_an_issue_with_no_category_is_what_the_family_raised(
    engine: Engine, settings: Settings, service: CaseService, mail_sink: MailSink
) -> None:
    """An issue triage could not name stays "Other" for staff; the letter does not say so: it
    heads the finding with what the complainant raised, in the line staff recorded, where it
    said 'Something else you raised: Not upheld' (walkerA), and refuses a response without it."""
    reference = logged(service, engine, kind=RecordKind.COMPLAINT, route=Route.STATUTORY)
    await letters(engine, settings, mail_sink)
    mail_sink.messages.clear()
    both = {1: Outcome.UPHELD, 2: Outcome.NOT_UPHELD}
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        second = session.exec(
            select(Issue).where(Issue.case_id == case.id).order_by(Issue.id)
        ).all()[1]
        second.category = IssueCategory.OTHER
        session.add(second)
        session.flush()
        for point in ({}, {2: "  "}):
            with pytest.raises(NoPoint) as refused:
                record_response(service, session, case=case, actor=Actor.staff(Via.CLI, "o"),
                                today=TODAY,
                                response=ResponseInput(responded_on=date(2026, 1, 9),
                                                       issue_outcomes=both,
                                                       findings=findings_for(both),
                                                       remedies=remedies_for(both), points=point))  # fmt: skip
            assert refused.value.number == 2 and refused.value.said == (
                "Issue 2 has no category: say in a line what the complainant raised, as the "
                "letter will give it before what you found"
            )
        record_response(service, session, case=case, actor=Actor.staff(Via.CLI, "o"), today=TODAY,
                        response=ResponseInput(responded_on=date(2026, 1, 9), issue_outcomes=both,
                                               findings=findings_for(both),
                                               remedies=remedies_for(both),
                                               points={2: " Family time was cancelled twice. "}))  # fmt: skip
        assert second.point == "Family time was cancelled twice."
    [response] = [" ".join(text.split()) for text in await letters(engine, settings, mail_sink)]
    assert "1. Communication: Upheld" in response
    assert "2. Family time was cancelled twice: Not upheld" in response
    assert "Other" not in response and "Something else" not in response
    # the list of what we understood numbers it as the findings do
    assert "to be about: 1. Communication 2. Family time was cancelled twice" in response


def test_the_not_logged_letter_comes_from_outbounds_templates_and_says_where_to_go(
    settings: Settings,
) -> None:
    from outbound.letters import not_logged_text

    case = Case(
        reference="CSC-2026-000001",
        record_kind=RecordKind.COMPLAINT,
        channel=Channel.EMAIL,
        received_at=RECEIVED,
        receipt_day=RECEIVED.date(),
        route=Route.NOT_LOGGED,
        not_logged_reason=NotLoggedReason.COURT_RELATED,
    )
    config = letter_config("Example Council", "Call 999.")
    letter = not_logged_text(
        config,
        case=case,
        rulebook=load_rulebook(settings.rules_path),
        recipient_name="Ann\r\nBcc: x@y",
    )
    assert letter is not None
    assert "CSC-2026-000001" in letter and "family court" in letter and "Cafcass" in letter
    assert "Dear Ann Bcc: x@y," in letter and "Call 999." in letter
    referral = Case(
        **{**case.model_dump(), "not_logged_reason": NotLoggedReason.SAFEGUARDING_REFERRAL}
    )
    assert (
        not_logged_text(config, case=referral, rulebook=load_rulebook(settings.rules_path)) is None
    )


def test_no_letter_wording_lives_outside_outbound() -> None:
    """Issue 22 item 4: letters are composed in outbound/ from templates in one folder; intake/
    and triage/ hold no templates and no jinja2."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for package in ("intake", "triage", "casework", "bot", "web", "scheduler", "cli"):
        assert not list((root / package).rglob("*.txt.j2")), package
    for package in ("intake", "triage"):
        for source in (root / package).rglob("*.py"):
            assert "jinja2" not in source.read_text(), source
    assert (root / "outbound" / "templates" / "not_logged.txt.j2").exists()


def test_the_immediate_risk_text_may_not_name_the_mash() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="never names the"):
        Settings(immediate_risk_text="Worried about a child? Call the MASH on 0300 000 0000.")


@pytest.fixture
def code_service(engine: Engine, settings: Settings) -> CaseService:
    """Letters for cases under the Complaint Handling Code (from 1 April 2026)."""
    messenger = Messenger(
        MailIdentity(address="complaints@heard.localhost", message_id_domain="heard.localhost")
    )
    config = letter_config("Example Borough Council",
                           "If a child is in immediate danger, call 999.")  # fmt: skip
    with session_scope(engine) as session:
        sync_organisation(session, directorates=[("csc", "Children's Social Care")],
                          teams=[("fostering", "Fostering", "csc", None)])  # fmt: skip
    return CaseService(
        calendar=WorkingCalendar(),
        timescales=TimescalePolicy.from_overrides({}, code_from=date(2026, 4, 1)),
        reference_prefix="CSC",
        case_listeners=[LetterWriter(config, messenger, rulebook=load_rulebook(settings.rules_path))],
    )  # fmt: skip


def phoned_code_complaint(service: CaseService, engine: Engine) -> str:
    """A corporate complaint about communication, logged from a phone call on Monday 1 June."""
    with session_scope(engine) as session:
        case = create(service, session, record_kind=RecordKind.COMPLAINT,
                      channel=Channel.TELEPHONE, received_at=datetime(2026, 6, 1, 10, tzinfo=UTC),
                      actor=Actor.staff(Via.SLACK, "U1"))  # fmt: skip
        assert case.id is not None
        session.add(Person(case_id=case.id, role=PartyRole.COMPLAINANT, name="Mark Jones",
                           email="mj@example.org"))  # fmt: skip
        session.flush()
        apply_triage(service, session, case=case, actor=Actor.staff(Via.SLACK, "U1"),
                     result=TriageResult(record_kind=RecordKind.COMPLAINT, route=Route.CORPORATE,
                                         complainant_type=ComplainantType.PARENT,
                                         issues=(IssueProposal(IssueCategory.COMMUNICATION,
                                                               "fostering"),)))  # fmt: skip
        return case.reference


async def test_under_the_code_a_phoned_complaints_letter_gives_the_latest_answer_date(
    engine: Engine, settings: Settings, mail_sink: MailSink, code_service: CaseService
) -> None:
    """A corporate complaint logged from a phone call under the Complaint Handling Code gets
    its letter before anyone acknowledges it, and the Code times the answer from that
    acknowledgement: the date the letter can give is the latest (walking it with the
    stand-ins, the letter said 'by Wednesday 30 December' and acknowledging it the same day
    made the answer due 21 December). It now says 'at the latest'; once acknowledged, no."""
    phoned_code_complaint(code_service, engine)
    [text] = await letters(engine, settings, mail_sink)
    flat = " ".join(text.split())
    # Acknowledged on its fifth working day (8 June), answered 10 after: Monday 22 June.
    assert "our response by Monday 22 June 2026 at the latest." in flat
    # The Code extends with no agreement asked (the extension letter says why): walking it,
    # the letter said "we will ask you first".
    assert "we will write and tell you why and the new date" in flat and "ask you" not in flat


@pytest.mark.parametrize("channel", list(Channel))
@pytest.mark.parametrize("kind", [RecordKind.COMPLAINT, RecordKind.COMPLIMENT])
def test_only_mail_and_web_forms_are_answered_as_an_automatic_reply(
    engine: Engine, channel: Channel, kind: RecordKind
) -> None:
    """Staff who took a call, a letter or a visit logged it: the acknowledgement that follows
    answers a person who dealt with a person, so it does not end 'This is an automatic reply.
    Please do not reply...' (found walking a logged phone contact with the stand-ins). A
    compliment's thanks by email says it is automatic too (walking it, only it did not)."""
    complaint = kind == RecordKind.COMPLAINT
    case = Case(
        reference="CSC-2026-000001",
        record_kind=kind,
        status=CaseStatus.RECEIVED,
        channel=channel,
        received_at=RECEIVED,
        receipt_day=RECEIVED.date(),
        route=Route.NOT_LOGGED if complaint else Route.NONE,
        not_logged_reason=NotLoggedReason.COURT_RELATED if complaint else None,
    )
    config = letter_config("Example Council", "Call 999.")
    with session_scope(engine) as session:
        session.add(case)
        session.flush()
        letter = first_letter_text(session, config, case=case, decided=False)
    assert letter is not None
    automatic = "This is an automatic reply. Please do not reply" in " ".join(letter.split())
    assert automatic == (channel not in STAFF_LOGGED_CHANNELS), channel
