"""Finding the case a reply belongs to, and deciding whether the sender may add to it.

A reference in a subject is easy to copy: a stranger quoting another family's reference must
never be attached to that family's case (Zammad #5064). Only a party to the case (complainant,
representative, advocate) may add to it, and, when the council requires it, only with a DMARC
pass from its mail gateway, because a From address is easy to forge.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from cases.enums import Direction
from store.models import Case, Correspondence, Person
from store.references import reference_pattern


@dataclass(frozen=True)
class ThreadMatch:
    case: Case
    by: str  # "message-id" or "subject reference"


def find_thread(
    session: Session, *, prefix: str, message_ids: list[str], subject: str
) -> ThreadMatch | None:
    """Our own outbound Message-IDs first (they cannot be guessed), then a reference."""
    wanted = [mid for mid in message_ids if mid]
    if wanted:
        statement = select(Correspondence.case_id).where(
            col(Correspondence.message_id).in_(wanted),
            Correspondence.direction == Direction.OUTBOUND,
        )
        case_id = session.exec(statement).first()
        if case_id is not None:
            case = session.get(Case, case_id)
            if case is not None:
                return ThreadMatch(case, "message-id")
    for match in reference_pattern(prefix).finditer(subject):
        reference = f"{prefix}-{match.group(1)}-{match.group(2)}".upper()
        case = session.exec(select(Case).where(Case.reference == reference)).first()
        if case is not None:
            return ThreadMatch(case, "subject reference")
    return None


def is_party(session: Session, *, case: Case, addresses: list[str]) -> bool:
    known = {address.strip().lower() for address in addresses if address}
    if not known:
        return False
    statement = select(Person.email).where(Person.case_id == case.id)
    return any((email or "").lower() in known for email in session.exec(statement))


def may_attach(
    *, party: bool, dmarc_verdict: str | None, require_dmarc_pass: bool
) -> tuple[bool, str]:
    if not party:
        return False, "sender is not a party to the case it quotes"
    if require_dmarc_pass and (dmarc_verdict or "").lower() != "pass":
        return False, f"reply failed the DMARC check ({dmarc_verdict or 'no result'})"
    return True, "sender is a party to the case"
