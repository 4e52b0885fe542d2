"""Correct the complainant's details on an existing case: their name (a typo from a logged
call, a mail display name such as "mum2kids", a married name), the email address their letters
go to, their phone. The one use case the CLI, Slack's modal and the web form call.

Every correction is audited with who and when, the old and new values kept in the audit
trail's personal part (store.audit keeps names and contact details apart from the append-only
row, so retention can remove them); the reason says only which fields changed, and that is all
Slack's thread shows. Letters and their previews read the complainant afresh, so the next one
greets the corrected name. A subject access export lists the earlier values beside the
current ones (casework.subject_access). A case whose personal data was removed under the
retention schedule takes no correction: there is nobody left to correct.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session

from cases.actor import Actor
from cases.changes import Note
from cases.permissions import StaffAction
from casework.complainant_rules import FIELDS, Correction, DetailsRefused, correction, said
from casework.finished import refuse_if_finished
from casework.service import CaseService, case_id, raise_refused
from store.cases.letter_facts import complainant
from store.models import Case, PartyRole, Person
from store.retention import anonymised_at


def held_details(session: Session, case: Case) -> dict[str, str | None]:
    """The complainant's name, email and phone as heard holds them (what the forms open with)."""
    person = complainant(session, case_id=case_id(case))
    return {field: getattr(person, field) if person else None for field in FIELDS}


def check_correction(
    service: CaseService, session: Session, case: Case, typed: Mapping[str, str | None]
) -> Correction:
    """What `typed` would change on the case, and what is wrong with it: the forms show the
    problems beside their fields before anything is saved."""
    return correction(held_details(session, case), typed, ours=service.own_addresses.every)


def correct_complainant(
    service: CaseService,
    session: Session,
    *,
    case: Case,
    typed: Mapping[str, str | None],
    actor: Actor,
) -> list[str]:
    """Correct the fields typed (a field absent or None is left as it is); the fields that
    changed are returned, none when everything typed is what heard holds (nothing is recorded
    then). Refused (DetailsRefused, naming each field) when a value breaks the rules."""
    refuse_if_finished(session, case, StaffAction.CORRECT_COMPLAINANT, what="the details")
    removed = anonymised_at(session, case_id=case_id(case))
    if removed is not None:
        raise_refused(
            case,
            f"its personal data was removed on {removed.date().isoformat()} under the "
            "retention schedule: there are no details left to correct",
        )
    checked = check_correction(service, session, case, typed)
    if checked.problems:
        raise DetailsRefused(checked.problems)
    if not checked.changed:
        return []
    person = complainant(session, case_id=case_id(case)) or Person(
        case_id=case_id(case), role=PartyRole.COMPLAINANT
    )
    before = {field: getattr(person, field) for field in checked.changed}
    for field, value in checked.changed.items():
        setattr(person, field, value)
    session.add(person)
    session.flush()  # the letter writer and the card read the complainant with a query
    fields = list(checked.changed)
    service.note(
        session,
        case=case,
        action=Note.COMPLAINANT_CORRECTED,
        actor=actor,
        reason=said(fields),
        before=before,
        after=dict(checked.changed),
    )
    return fields
