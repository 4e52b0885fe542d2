"""`heard case new log`: the call, letter or visit is read by whoever logged it (they typed it
in), so `heard cases unread` and the chasers leave it alone, while mail nobody has opened
stays; a call logged on a case does not count as opening its mail (walker1 item 3)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.enums import AuditAction
from store.db import read_scope
from store.models import AuditEntry, Case
from tests.cli.test_case_cli import ok, reference  # noqa: F401


def test_a_contact_logged_at_the_terminal_is_read_by_who_logged_it(
    reference: str,  # noqa: F811
    engine: Engine,
) -> None:
    assert reference in ok("cases", "unread")  # the mail: nobody has opened it
    out = ok("case", "new", "log", "--channel", "telephone", "--name", "Sam Caller",
             "--text", "Sam rang: nobody came to the review.", "--as", "Jo Officer")  # fmt: skip
    logged = out.split()[2].rstrip(":")
    ok("case", reference, "log", "--channel", "letter", "--text", "A letter about the review.")
    waiting = ok("cases", "unread")
    assert reference in waiting and logged not in waiting, waiting
    with read_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == logged)).one()
        reads = session.exec(
            select(AuditEntry.actor).where(
                AuditEntry.case_id == case.id, AuditEntry.action == AuditAction.CASE_VIEWED.value
            )
        ).all()
    assert reads == ["cli:Jo Officer"]
