"""`heard retention preview|apply` and `heard case REF hold|release|retention-reviewed`."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.enums import CaseStatus
from store.db import read_scope, session_scope
from store.models import Case, Person
from tests.cli.test_case_cli import heard, ok


def _finish_long_ago(engine: Engine, reference: str, *, safeguarding: bool = False) -> None:
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        case.status = CaseStatus.CLOSED
        case.closed_at = datetime(2019, 1, 10, 12, tzinfo=UTC)
        case.safeguarding = safeguarding
        session.add(case)


def _name(engine: Engine) -> str | None:
    with read_scope(engine) as session:
        return session.exec(select(Person.name)).one()


def test_preview_hold_release_and_apply(reference: str, engine: Engine) -> None:
    assert "Personal data removed by" in ok("retention", "preview")
    assert reference not in ok("retention", "preview")  # still open
    _finish_long_ago(engine, reference)
    out = ok("retention", "preview")
    assert f"{reference}  Complaint" in out and "due Friday 10 January 2025" in out, out

    code, _, err = heard("case", reference, "hold")
    assert code == 2 and "--reason" in err
    assert ok("case", reference, "hold", "--reason", "Claim 42 pending").endswith(
        ": under legal hold\n"
    )
    again = ok("case", reference, "hold", "--reason", "Claim 42 and 43 pending")
    assert "under legal hold since" in again and "reason replaced" in again
    preview = ok("retention", "preview").split("Under legal hold")
    assert reference not in preview[0] and reference in preview[1]
    assert "0 cases anonymised" in ok("retention", "apply")
    assert _name(engine) == "Sam Parent"

    assert "released" in ok("case", reference, "release", "--reason", "settled")
    code, _, err = heard("case", reference, "release")
    assert code == 2 and "not under legal hold" in err
    out = ok("retention", "apply")
    assert f"{reference}: personal data removed" in out and "1 case anonymised" in out
    assert _name(engine) is None
    shown = ok("cases", "show", reference)
    # the note says when; the trail says who did what, in words (dc4941e), not "anonymise"
    assert "Personal data removed on" in shown
    assert "removed personal data under the retention schedule" in shown
    code, _, err = heard("case", reference, "hold", "--reason", "too late")
    assert code == 2 and "was removed on" in err


def test_a_flagged_case_waits_for_a_review(reference: str, engine: Engine) -> None:
    _finish_long_ago(engine, reference, safeguarding=True)
    assert "Kept until a person reviews them" in ok("retention", "preview")
    assert "0 cases anonymised" in ok("retention", "apply")
    ok("case", reference, "retention-reviewed", "--reason", "Reviewed: nothing on CSA")
    assert "1 case anonymised" in ok("retention", "apply")
