"""`heard case REF complainant --name TEXT [--email] [--phone]`: staff correct the complainant's
details on an existing case (a display name like "mum2kids" from a mail header, a typo from a
call). The next letter, read from the SMTP capture server, greets the corrected name; the audit
trail keeps who, when and old -> new in its personal part (never in the append-only row); a
subject access export lists the earlier name beside the current one and finds the person by
either; wrong input is one line naming the option. On both databases."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from casework.subject_access import Redactions, find
from heard.settings import Settings
from store import audit
from store.db import read_scope, session_scope
from store.models import AuditEntry, Case, Person
from tests.cli.test_case_cli import heard, ok, reference  # noqa: F401
from tests.dataprotection.test_retention_cli import _finish_long_ago
from tests.mailsink import MailSink
from tests.outbound.test_letters import letters

EXTEND = ("extend", "--to", "2026-01-30", "--agreed-on", "2026-01-14", "--reason",
          "manager off sick", "--reason-for-complainant", "the manager is away")  # fmt: skip


def _person(engine: Engine) -> Person:
    with read_scope(engine) as session:
        return session.exec(select(Person)).one()


def _corrections(engine: Engine) -> list[audit.Entry]:
    with read_scope(engine) as session:
        statement = select(AuditEntry).where(AuditEntry.action == "complainant_corrected")
        return audit.entries(session, statement.order_by(col(AuditEntry.id)))


def _raw_audit_rows(engine: Engine) -> str:
    with engine.connect() as connection:
        return repr(connection.execute(sa.text("SELECT * FROM audit_log")).all())


async def test_the_next_letter_greets_the_corrected_name(
    reference: str,  # noqa: F811
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
) -> None:
    said = ok("case", reference, "complainant", "--name", "  Jane   Smith ", "--as", "Jo Officer")
    assert said == f"{reference}: corrected the complainant's name\n"
    assert _person(engine).name == "Jane Smith"
    [entry] = _corrections(engine)
    assert (entry.actor, entry.before, entry.after, entry.reason) == (
        "cli:Jo Officer", {"name": "Sam Parent"}, {"name": "Jane Smith"}, "name",
    )  # fmt: skip
    raw = _raw_audit_rows(engine)
    assert "Jane Smith" not in raw and "Sam Parent" not in raw  # kept apart (audit_detail)
    shown = ok("cases", "show", reference)
    assert "corrected the complainant's details" in shown

    preview = ok("case", reference, *EXTEND, "--preview")
    assert "Dear Jane Smith," in preview and "Sam Parent" not in preview
    ok("case", reference, *EXTEND)
    [letter] = await letters(engine, settings, mail_sink)
    assert "Dear Jane Smith," in letter and "Sam Parent" not in letter

    assert ok("case", reference, "complainant", "--name", "Jane Smith") == (
        f"{reference}: nothing changed (heard already holds those details)\n"
    )
    assert len(_corrections(engine)) == 1  # nothing recorded for no change
    said = ok("case", reference, "complainant", "--email", "jane@example.org",
              "--phone", "07700 900123")  # fmt: skip
    assert said == f"{reference}: corrected the complainant's email address and phone number\n"
    person = _person(engine)
    assert (person.email, person.phone) == ("jane@example.org", "07700 900123")


def test_wrong_input_is_one_line_naming_the_option(reference: str, engine: Engine) -> None:  # noqa: F811
    wrong = {
        ("--name", ""): "--name: enter the complainant's name",
        ("--name", "   "): "--name: enter the complainant's name",
        ("--name", "Jane\tSmith"): "--name: the complainant's name cannot hold a tab",
        ("--name", "Jane\u202eSmith"): "--name: the complainant's name cannot hold a tab",
        ("--name", "J" * 201): "--name: the complainant's name must be 200 characters or fewer",
        ("--email", "jane at example"): "--email: the email address must look like",
        ("--email", ""): "--email: the email address cannot be left blank",
        ("--phone", "call me"): "--phone: the phone number must be digits and spaces",
        # heard's own mailbox: every letter would come back to the council unread
        ("--email", "Complaints@heard.localhost"): "--email: the email address is the "
        "council's own (Complaints@heard.localhost): type the complainant's",
        # format characters draw nothing: 'JoBloggs' greeted, found by neither spelling
        ("--name", "Jo\u200bBloggs"): "--name: the complainant's name cannot hold a tab",
        ("--name", "Jo\u061cBloggs"): "--name: the complainant's name cannot hold a tab",
        ("--name", "Jo\u00adBloggs"): "--name: the complainant's name cannot hold a tab",
    }
    for (option, value), expected in wrong.items():
        code, _, err = heard("case", reference, "complainant", option, value)
        assert code == 2 and expected in err, (option, value, err)
        assert err.count("\n") == 1 and "Traceback" not in err
    code, _, err = heard("case", reference, "complainant")
    assert code == 2 and "--name, --email or --phone" in err
    code, _, err = heard("case", "CSC-2026-999999", "complainant", "--name", "Jane Smith")
    assert code == 2 and "no case CSC-2026-999999" in err
    person = _person(engine)
    assert (person.name, person.email) == ("Sam Parent", "sam@example.org")
    assert _corrections(engine) == []
    # a name spelt with a zero-width non-joiner (Persian) is a name, not a trick
    ok("case", reference, "complainant", "--name", "Mehr\u200cnoush Ahmadi")
    assert _person(engine).name == "Mehr\u200cnoush Ahmadi"


def test_a_subject_access_export_shows_the_earlier_name(reference: str, engine: Engine) -> None:  # noqa: F811
    ok("case", reference, "complainant", "--name", "Jane Smith", "--email", "jane@example.org")
    with read_scope(engine) as session:
        held = find(session, email="jane@example.org", name=None, redactions=Redactions.of([]))
        [case] = held.cases
        assert ("Name", "Jane Smith") in case.details
        labels = dict(case.details)
        [earlier_name] = [label for label in labels if label.startswith("Earlier name (until ")]
        assert labels[earlier_name] == "Sam Parent"
        [earlier_email] = [label for label in labels if label.startswith("Earlier email")]
        assert labels[earlier_email] == "sam@example.org"
        assert any("complainant corrected: name and email address" in e.what for e in case.history)
        # found by the address, or the name, they had until the correction
        by_old = find(session, email="sam@example.org", name=None, redactions=Redactions.of([]))
        assert [c.reference for c in by_old.cases] == [reference]
        by_name = find(session, email="x@nowhere.example", name="sam parent",
                       redactions=Redactions.of([]))  # fmt: skip
        assert [c.reference for c in by_name.cases] == [reference]


def test_a_closed_case_takes_a_correction_an_anonymised_one_does_not(
    reference: str,  # noqa: F811
    engine: Engine,
) -> None:
    _finish_long_ago(engine, reference)
    ok("case", reference, "complainant", "--name", "Jane Smith")  # rectification after the end
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert case.status.value == "closed"
    assert "1 case anonymised" in ok("retention", "apply")
    code, _, err = heard("case", reference, "complainant", "--name", "Jane Smith")
    assert code == 2 and "personal data was removed on" in err, err
    assert _person(engine).name is None


def test_the_mailbox_heard_reads_is_never_the_complainants(
    reference: str,  # noqa: F811
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HEARD_GRAPH_MAILBOX, where heard reads complaints, is heard's own as HEARD_MAIL_FROM is
    (intake never acknowledges mail from either): letters sent to it would come back as new
    contacts, never reaching the family."""
    graph = {"MAILBOX": "Inbox@Council.example", "TENANT_ID": "tenant", "CLIENT_ID": "heard",
             "CLIENT_SECRET": "secret"}  # fmt: skip
    for name, value in graph.items():  # heard reads the mailbox and sends by SMTP as before
        monkeypatch.setenv(f"HEARD_GRAPH_{name}", value)
    code, _, err = heard("case", reference, "complainant", "--email", "inbox@council.example")
    assert code == 2 and "--email: the email address is the council's own" in err, err
    assert _person(engine).email == "sam@example.org"
