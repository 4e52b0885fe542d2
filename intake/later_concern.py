"""A safeguarding concern in a later contact on a case (a reply by mail, or a call, letter or
visit staff log on it): referred to the MASH at once, quoting that contact (a quoted disclosure
is still a disclosure), and the case flagged; words that only read as a settled matter are
flagged for a person to read."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from cases.actor import TRIAGE, Actor
from casework.attention import flag
from casework.service import CaseService
from outbound.mash import MashReferral
from store.models import Case, Correspondence
from triage.engine import Concern


def refer_later_concern(
    service: CaseService,
    session: Session,
    *,
    mash: MashReferral,
    case: Case,
    message: Correspondence,
    concern: Concern,
    what: str,
    flagged_by: Actor,
    now: datetime,
) -> None:
    """`what` names the contact in the case's flag: "a later message"."""
    if concern.words:
        mash.refer_reply(session, case=case, message=message, words=concern.words,
                         rules=concern.fired, actor=TRIAGE, now=now)  # fmt: skip
        why = f"{what} has words suggesting a child may be at risk: referred to the MASH"
    else:
        why = f"{what}: " + "; ".join(concern.uncertain)
    flag(service, session, case=case, actor=flagged_by, why=why)
