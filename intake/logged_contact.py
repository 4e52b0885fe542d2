"""A contact staff log (in Slack or the web view) is triaged as mail is: the same rules, and a
safeguarding match is referred to the MASH at once, in the transaction that created the case.
A call, letter or visit logged on an existing case (`note`) is read by the tripwire as a reply
by mail is: referred and the case flagged, or flagged for a person to read when in doubt.
Either is read for a threat to a member of staff too (cases.staff_threat). A new complaint's
automatic letter (outbound.letters.LetterWriter writes it as triage is applied) is its
acknowledgement, as intake's is for mail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from cases.actor import TRIAGE
from cases.calendar import WorkingCalendar
from cases.changes import Note
from casework.acknowledgement import acknowledge_by_automatic_letter
from casework.attention import flag
from casework.service import CaseService
from casework.triage import apply_triage
from intake.later_concern import refer_later_concern
from outbound.mash import MashReferral
from store.cases.letter_facts import has_written_before
from store.models import Case, Correspondence
from triage.engine import Contact, safeguarding_concern, staff_threat_in, triage
from triage.result import triage_result
from triage.rulebook import Rulebook

TriageLogged = Callable[..., None]  # (session, *, case, text, now, note=None)


def logged_contact_triage(
    service: CaseService, *, rulebook: Rulebook, calendar: WorkingCalendar, mash: MashReferral
) -> TriageLogged:
    def run(
        session: Session,
        *,
        case: Case,
        text: str,
        now: datetime,
        note: Correspondence | None = None,
    ) -> None:
        if note is not None:
            _check_later(session, case=case, text=text, note=note)
            return
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
        # the letter and a referral go now, whatever day the contact was logged for: a letter
        # received in September and logged in December was not acknowledged, or referred to
        # the MASH, in September
        sent_at = service.clock.now()
        _acknowledged(session, case=case, now=sent_at)
        if decision.safeguarding:
            mash.refer(session, case=case, actor=TRIAGE, now=sent_at)
        _threatened(session, case=case, threat=decision.staff_threat)

    def _check_later(session: Session, *, case: Case, text: str, note: Correspondence) -> None:
        concern = safeguarding_concern("", text, rulebook)
        if concern is not None:  # referred now, whatever day the contact was logged for
            refer_later_concern(service, session, mash=mash, case=case, message=note,
                                concern=concern, what="a contact logged on the case",
                                flagged_by=TRIAGE, now=service.clock.now())  # fmt: skip
        _threatened(session, case=case, threat=staff_threat_in("", text, rulebook))

    def _acknowledged(session: Session, *, case: Case, now: datetime) -> None:
        """The letter triage sent, if any (none where a referral, secrecy or a child held it
        back), is the acknowledgement, as intake's is for mail."""
        assert case.id is not None
        if has_written_before(session, case_id=case.id):
            acknowledge_by_automatic_letter(service, session, case=case, actor=TRIAGE, now=now)

    def _threatened(session: Session, *, case: Case, threat: str | None) -> None:
        if threat:
            flag(service, session, case=case, actor=TRIAGE, why=threat, note=Note.STAFF_THREAT)

    return run
