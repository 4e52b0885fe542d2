"""Which case a message continues: by our own outbound Message-IDs, or by a reference quoted in
its subject; and whether an address is a party's. Whether the sender may add to the case is
intake's rule (intake/threading_rules.py); these are the lookups it rests on."""

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
    """Whether any of the addresses is a party's to the case (case-insensitive)."""
    known = {address.strip().lower() for address in addresses if address}
    if not known:
        return False
    statement = select(Person.email).where(Person.case_id == case.id)
    return any((email or "").lower() in known for email in session.exec(statement))
