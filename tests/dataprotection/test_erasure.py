"""`heard case REF erase --reason TEXT`: a finished case's personal data removed now, on an
erasure request the council accepted, as the retention schedule would remove it later, with
the same protections: never an open case, one under legal hold, or one flagged for
safeguarding before a person has reviewed it. On both databases."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.enums import AuditAction
from store.db import session_scope
from store.models import Attachment, AuditEntry, Case, Correspondence
from tests.cli.test_case_cli import BOTH_UPHELD, heard, ok


def _refused(*args: str) -> str:
    code, out, err = heard(*args)
    assert code == 2, out
    assert len(err.strip().splitlines()) == 1, err
    return err


def test_a_finished_case_is_erased_once_and_its_trail_says_who(
    reference: str, engine: Engine
) -> None:
    assert "still open: close or withdraw it first" in _refused(
        "case", reference, "erase", "--reason", "asked"
    )
    ok("case", reference, "respond", "--remedy", "apology", "--on", "2026-01-16", *BOTH_UPHELD)
    ok("case", reference, "close", "--confirm", "--on", "2026-01-20")
    assert "--reason: say why" in _refused("case", reference, "erase", "--reason", " ")
    ok("case", reference, "hold", "--reason", "a claim is expected")
    assert "under legal hold: release it first" in _refused(
        "case", reference, "erase", "--reason", "asked"
    )
    ok("case", reference, "release")

    out = ok("case", reference, "erase", "--reason", "Request of 2 March, accepted", "--as", "dpo")
    assert out.strip() == f"{reference}: personal data removed"
    shown = ok("cases", "show", reference)
    assert "I have called five times" not in shown and "Sam Parent" not in shown
    assert "removed on" in shown and "on request (Request of 2 March, accepted)" in shown
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert case.subject == ""
        assert session.exec(select(Attachment)).all() == []
        [note] = session.exec(select(Correspondence).where(Correspondence.case_id == case.id))
        assert note.subject == "Personal data removed"
        [entry] = session.exec(
            select(AuditEntry).where(AuditEntry.action == AuditAction.ANONYMISED.value)
        )
        assert entry.actor == "cli:dpo"
    assert "removed already" in _refused("case", reference, "erase", "--reason", "again")


def test_a_case_flagged_for_safeguarding_is_reviewed_first(reference: str, engine: Engine) -> None:
    ok("case", reference, "respond", "--remedy", "apology", "--on", "2026-01-16", *BOTH_UPHELD)
    ok("case", reference, "close", "--confirm", "--on", "2026-01-20")
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        case.safeguarding = True
        session.add(case)
    assert "flagged for safeguarding or child protection" in _refused(
        "case", reference, "erase", "--reason", "asked"
    )
    ok("case", reference, "retention-reviewed", "--reason", "nothing bears on abuse")
    assert "personal data removed" in ok("case", reference, "erase", "--reason", "asked")


def test_a_case_the_ombudsman_is_looking_at_is_decided_first(reference: str) -> None:
    """walkerI, as the DPO: a closed case whose Ombudsman's enquiry had come that day was
    erased at once, and with it the messages and letters the council answers the Ombudsman
    from. Erasure now waits for the enquiry's decision (UK GDPR article 17(3)(e))."""
    ok("case", reference, "respond", "--remedy", "apology", "--on", "2026-01-16", *BOTH_UPHELD)
    ok("case", reference, "close", "--confirm", "--on", "2026-01-20")
    ok("case", reference, "lgsco-received", "--reference", "25 012 345", "--on", "2026-02-02")
    assert "the Ombudsman's enquiry is open" in _refused(
        "case", reference, "erase", "--reason", "asked"
    )
    assert "I have called five times" in ok("cases", "show", reference)  # nothing removed
    ok("case", reference, "lgsco-decision", "--finding", "not_upheld", "--on", "2026-03-02")
    out = ok("case", reference, "erase", "--reason", "Request of 3 March, accepted")
    assert out.strip() == f"{reference}: personal data removed"
