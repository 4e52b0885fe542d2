"""Stage 2's reports go with the stage 2 response only when staff choose (issue 23): read from
the SMTP capture server as the complainant gets it, the chosen response says both reports are
enclosed and carries them byte for byte; one not chosen says we will send copies and carries
nothing; the choice is refused at stage 1 and while heard lacks either report; a response that
cannot carry files (GOV.UK Notify's email) offers copies and flags the case instead."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cases.enums import ReportKind
from cases.lifecycle import InvalidTransition
from cases.report_files import checked_report
from casework.escalation import escalate
from casework.records import record_advocate
from casework.response import ResponseInput, record_response
from casework.service import CaseService
from casework.stage_reports import attach_report
from heard.settings import Settings
from store.cases.stage_reports import reports_of
from store.db import session_scope
from store.models import Case
from tests.mailsink import MailSink
from tests.outbound.test_letters import TODAY, letters, service  # noqa: F401
from tests.outbound.test_procedure_letters import BOTH, OFFICER, acting_on, answer, one_line
from tests.outcome_letters import findings_for

IO = b"%PDF-1.7\n% The investigating officer's report on the complaint\n" + bytes(range(256))
IP = b"PK\x03\x04word/document.xml the independent person's report" + bytes(range(256))


def to_stage_two(service: CaseService, session: Session, case: Case) -> None:  # noqa: F811
    answer(service, session, case, date(2026, 1, 16))
    escalate(service, session, case=case, requested_on=date(2026, 1, 20), actor=OFFICER,
             today=TODAY)  # fmt: skip


def keep(service: CaseService, session: Session, case: Case, kind: ReportKind) -> None:  # noqa: F811
    name, content = ("io.pdf", IO) if kind == ReportKind.INVESTIGATING_OFFICER else ("ip.docx", IP)
    attach_report(service, session, case=case, kind=kind, actor=OFFICER,
                  report=checked_report(name, content, max_bytes=10_000),
                  now=datetime(2026, 2, 10, 10, tzinfo=UTC))  # fmt: skip


def respond(service: CaseService, session: Session, case: Case, *, enclose: bool) -> None:  # noqa: F811
    record_response(service, session, case=case, actor=OFFICER, today=TODAY,
                    response=ResponseInput(responded_on=date(2026, 2, 20), issue_outcomes=BOTH,
                                           findings=findings_for(BOTH), enclose_reports=enclose))  # fmt: skip


def with_advocate(service: CaseService, session: Session, case: Case) -> None:  # noqa: F811
    record_advocate(service, session, case=case, name="Ali Advocate", email="ali@advocacy.test",
                    consent_to_copy=True, actor=OFFICER, today=TODAY)  # fmt: skip


def captured(sink: MailSink) -> list[EmailMessage]:
    return [message_from_bytes(mail.data, policy=default) for mail in sink.messages]  # type: ignore[misc]


@pytest.mark.parametrize("enclose", [True, False])
async def test_the_stage_two_response_encloses_the_reports_only_when_staff_choose(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
    enclose: bool,
) -> None:
    with acting_on(service, engine) as (reference, session, case):
        to_stage_two(service, session, case)
        with_advocate(service, session, case)
        keep(service, session, case, ReportKind.INVESTIGATING_OFFICER)
        with pytest.raises(InvalidTransition, match="no independent person's report"):
            respond(service, session, case, enclose=True)
        keep(service, session, case, ReportKind.INDEPENDENT_PERSON)
        respond(service, session, case, enclose=enclose)
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (second,) = [
        t for t in texts if "This is our stage 2 response" in t and "advocate with" not in t
    ]
    responses = [
        m
        for m in captured(mail_sink)
        if "This is our stage 2 response" in str(m.get_body(("plain",)))
    ]
    (message,) = [m for m in responses if "ali@" not in str(m["To"])]
    (copy,) = [m for m in responses if "ali@advocacy.test" in str(m["To"])]
    assert "sent to you as their advocate with their consent" in one_line(
        str(copy.get_body(("plain",)))
    )
    files = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    # the advocate's copy carries what the complainant's letter carried, no more, no less
    assert {part.get_filename(): part.get_content() for part in copy.iter_attachments()} == files
    if enclose:
        assert "We enclose a copy of both reports with this response." in second
        assert "we will send you copies" not in second
        assert files == {"io.pdf": IO, "ip.docx": IP}
        assert [p.get_content_type() for p in message.iter_attachments()] == [
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ]
    else:
        assert "enclose" not in second and "we will send you copies" in second
        assert files == {}
    with session_scope(engine) as session:
        kept = reports_of(session, case=case)  # in the order uploaded: PostgreSQL keeps none
        assert [(r.kind.value, r.enclosed) for r in kept] == [("io", enclose), ("ip", enclose)]
        assert hashlib.sha256(IO).hexdigest() == kept[0].sha256
    assert reference


async def test_reports_are_never_enclosed_at_stage_one(
    engine: Engine,
    service: CaseService,  # noqa: F811
) -> None:
    with acting_on(service, engine) as (_, session, case):
        with pytest.raises(InvalidTransition, match="reports belong to a statutory stage 2"):
            keep(service, session, case, ReportKind.INVESTIGATING_OFFICER)
        with pytest.raises(InvalidTransition, match="only a statutory stage 2 response"):
            respond(service, session, case, enclose=True)


@pytest.mark.parametrize(
    "way",
    [
        {"encloses": False},  # GOV.UK Notify's email: the text alone
        {"enclosures_max": len(IO) + len(IP) - 1},  # Graph's sendMail: at most 4 MB a request
    ],
    ids=["text-only", "too-large"],
)
async def test_a_response_that_cannot_carry_files_offers_copies_and_flags_the_case(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
    monkeypatch: pytest.MonkeyPatch,
    way: dict[str, object],
) -> None:
    from outbound import letters as letter_module

    listening = service.case_listeners  # the letter writer hears the change: its email as Notify
    writers = [w for w in listening if isinstance(w, letter_module.LetterWriter)]
    assert writers
    for writer in writers:
        monkeypatch.setattr(
            writer,
            "messenger",
            replace(writer.messenger, identity=replace(writer.messenger.identity, **way)),  # type: ignore[arg-type]
        )
    with acting_on(service, engine) as (_, session, case):
        to_stage_two(service, session, case)
        keep(service, session, case, ReportKind.INVESTIGATING_OFFICER)
        keep(service, session, case, ReportKind.INDEPENDENT_PERSON)
        respond(service, session, case, enclose=True)
        assert case.needs_attention and (case.attention_reason or "").startswith(
            "send the complainant copies of the stage 2 reports yourself: the response could not"
        )
        why = "GOV.UK Notify" if "encloses" in way else "MB and a letter carries at most"
        assert why in (case.attention_reason or "")  # which way, which limit
    texts = [one_line(text) for text in await letters(engine, settings, mail_sink)]
    (second,) = [
        t for t in texts if "This is our stage 2 response" in t and "advocate with" not in t
    ]
    assert "we will send you copies" in second and "We enclose" not in second
    assert all(not list(m.iter_attachments()) for m in captured(mail_sink))
    with session_scope(engine) as session:  # the case page must not say they went with it
        kept = reports_of(session, case=case)  # in the order uploaded: PostgreSQL keeps none
        assert [(r.kind.value, r.enclosed) for r in kept] == [("io", False), ("ip", False)]
