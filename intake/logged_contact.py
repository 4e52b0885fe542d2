"""A contact staff log (in Slack or the web view) is triaged as mail is: the same rules, and a
safeguarding match is referred to the MASH at once, in the transaction that created the case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from cases.actor import TRIAGE
from cases.calendar import WorkingCalendar
from casework.service import CaseService
from casework.triage import apply_triage
from outbound.mash import MashReferral
from store.models import Case
from triage.engine import Contact, triage
from triage.result import triage_result
from triage.rulebook import Rulebook

TriageLogged = Callable[..., None]  # (session, *, case, text, now)


def logged_contact_triage(
    service: CaseService, *, rulebook: Rulebook, calendar: WorkingCalendar, mash: MashReferral
) -> TriageLogged:
    def run(session: Session, *, case: Case, text: str, now: datetime) -> None:
        today = calendar.local_date(now)
        decision = triage(
            Contact(
                subject="",
                body=text,
                channel=case.channel,
                mailbox_kind=case.record_kind,
                record_kind=case.record_kind,
                received_on=today,
                event_on=case.event_on,
            ),
            rulebook,
            today=today,
        )
        apply_triage(service, session, case=case, actor=TRIAGE, result=triage_result(decision))
        if decision.safeguarding:
            mash.refer(session, case=case, actor=TRIAGE, now=now)

    return run
