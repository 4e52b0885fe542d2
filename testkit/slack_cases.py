"""A case as mail would make it (stored, a complainant, triaged), for clicking on in Slack."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from cases.actor import SMTP, TRIAGE
from cases.clock import Clock
from cases.enums import Channel, RecordKind
from casework.receiving import create
from casework.service import CaseService
from casework.triage import apply_triage
from store.db import session_scope
from store.models import PartyRole, Person
from triage.engine import Contact, triage
from triage.result import triage_result
from triage.rulebook import Rulebook


def new_case(
    *,
    engine: Engine,
    service: CaseService,
    rulebook: Rulebook,
    clock: Clock,
    body: str = "My son's social worker is rude.",
    subject: str = "Complaint",
) -> str:
    now = clock.now()
    with session_scope(engine) as session:
        case = create(
            service,
            session,
            record_kind=RecordKind.COMPLAINT,
            channel=Channel.EMAIL,
            received_at=now,
            actor=SMTP,
            subject=subject,
        )
        assert case.id is not None  # flushed by create
        session.add(
            Person(
                case_id=case.id,
                role=PartyRole.COMPLAINANT,
                name="Test Parent",
                email="parent@example.org",
            )
        )
        decision = triage(Contact(subject=subject, body=body), rulebook, today=now.date())
        apply_triage(service, session, case=case, actor=TRIAGE, result=triage_result(decision))
        return case.reference
