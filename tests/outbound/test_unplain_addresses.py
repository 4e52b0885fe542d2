"""Letters to addresses stored before every caller checked them (b8db1f7): a display name,
angle brackets, stray spaces or a Unicode domain are re-formatted to the one plain address
they name; a value naming several addresses, or none, gets no letter at all: the letter is
kept on the case marked not sent, and the case is flagged (with its audit entry) for staff.
Each letter is read from the SMTP capture server as the complainant's mail system gets it."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes
from email.policy import default

import pytest
from alembic import command
from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.changes import Note
from casework.service import CaseService
from heard.settings import Settings
from store import audit, migrate
from store.db import session_scope
from store.models import Case, Correspondence, PartyRole, Person
from tests.mailsink import MailSink
from tests.outbound.test_letters import letters, service  # noqa: F401
from tests.outbound.test_procedure_letters import acting_on, answer

# Within stage 1's ten working days of the contact acting_on logs, so no reason for delay is owed
# (casework refuses a late response without one since 9ce1cc6).
ANSWERED_ON = date(2026, 1, 16)


def stored(engine: Engine, reference: str, email: str) -> None:
    """The complainant's address as an older row holds it (no check was made then)."""
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        person = session.exec(
            select(Person).where(Person.case_id == case.id, Person.role == PartyRole.COMPLAINANT)
        ).one()
        person.email = email
        session.add(person)


@pytest.mark.parametrize(
    ("on_file", "sent_to"),
    [("Parent, Sam <sam @ exämple.org>", "sam@xn--exmple-cua.org")],  # org/test_addresses: more
)
async def test_an_address_that_names_one_person_is_written_plainly(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
    on_file: str,
    sent_to: str,
) -> None:
    with acting_on(service, engine) as (reference, _session, _case):
        pass
    await letters(engine, settings, mail_sink)  # the first letter, to the address as logged
    mail_sink.messages.clear()
    stored(engine, reference, on_file)
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        answer(service, session, case, ANSWERED_ON)
    [text] = await letters(engine, settings, mail_sink)
    assert "What we decided" in text or "Not upheld" in text
    [captured] = mail_sink.messages
    assert captured.recipients == [sent_to]
    message = message_from_bytes(captured.data, policy=default)
    assert message.get_all("To") == [sent_to], captured.data[:400]


@pytest.mark.parametrize(
    "on_file",
    ["Sam <sam@example.org>, Other <stranger@example.org>", "sam@example.org\r\nBcc: x@y.org"],
)
async def test_an_address_that_names_several_or_none_gets_no_letter_and_staff_are_told(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
    on_file: str,
) -> None:
    with acting_on(service, engine) as (reference, _session, _case):
        pass
    await letters(engine, settings, mail_sink)
    mail_sink.messages.clear()
    stored(engine, reference, on_file)
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        answer(service, session, case, ANSWERED_ON)
    assert await letters(engine, settings, mail_sink) == []  # nothing to a garbled address
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert case.needs_attention
        assert case.attention_reason is not None
        assert "was not sent: the email address on file is not one plain address" in (
            case.attention_reason
        )
        assert "example.org" not in case.attention_reason  # the address stays off cards
        kept = session.exec(select(Correspondence).where(Correspondence.case_id == case.id)).all()
        [unsent] = [row for row in kept if (row.details or {}).get("sent_as") == "not_sent"]
        assert "Not upheld" in (unsent.text or "")
        flags = [
            e for e in audit.history(session, case_id=case.id or 0) if e.action == Note.FLAGGED
        ]
        assert len(flags) == 1 and "letters" in flags[0].actor


def test_the_migration_writes_plainly_what_names_one_address_and_leaves_the_rest(
    engine: Engine,
    service: CaseService,  # noqa: F811
) -> None:
    """Migration 0029 on rows as they were stored: what names one address is re-written, what
    names several or none is left for the letter writer to refuse (and flag)."""
    values = {
        "Sam Parent <sam@example.org>": "sam@example.org",
        " sam @ exämple.org": "sam@xn--exmple-cua.org",
        "sam@example.org": "sam@example.org",
        "sam@example.org, stranger@example.org": "sam@example.org, stranger@example.org",
        "Sam Parent": "Sam Parent",
    }
    with acting_on(service, engine) as (_reference, session, case):
        for value in values:
            session.add(Person(case_id=case.id or 0, role=PartyRole.ADVOCATE, email=value))
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0028_search_case_indexes")
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        found = session.exec(
            select(Person.email).where(Person.role == PartyRole.ADVOCATE).order_by(Person.id)
        ).all()
    assert found == list(values.values())
