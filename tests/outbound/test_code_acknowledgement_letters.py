"""Under the Complaint Handling Code a stage's answer is due its working days from the
acknowledgement. A complaint staff log gets its first letter before anyone acknowledges it,
giving the latest date the answer can be due; when staff acknowledge sooner the answer comes
due sooner, and the complainant is told the date in writing (issue 23's leftovers: no letter
said it). The same for a second stage, acknowledged on its own clock. Read from the capture
server."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import Actor, Via
from cases.enums import Outcome
from casework.acknowledgement import acknowledge
from casework.escalation import escalate
from casework.response import ResponseInput, record_response
from casework.service import CaseService
from heard.settings import Settings
from store.db import session_scope
from store.models import Case
from tests.mailsink import MailSink
from tests.outbound.test_letters import code_service, letters, phoned_code_complaint  # noqa: F401
from tests.outcome_letters import findings_for

OFFICER = Actor.staff(Via.CLI, "officer")


def flat(text: str) -> str:
    return " ".join(text.split())


async def test_staff_acknowledging_a_code_stage_tell_the_complainant_its_date(
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
    code_service: CaseService,  # noqa: F811
) -> None:
    reference = phoned_code_complaint(code_service, engine)
    [first] = await letters(engine, settings, mail_sink)
    assert "by Monday 22 June 2026 at the latest" in flat(first)
    mail_sink.messages.clear()
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        # Acknowledged the next day, Tuesday 2 June: answered 10 working days after.
        acknowledge(code_service, session, case=case, actor=OFFICER,
                    now=datetime(2026, 6, 2, 11, tzinfo=UTC))  # fmt: skip
    [told] = [flat(text) for text in await letters(engine, settings, mail_sink)]
    assert "We acknowledged your complaint at the first stage on Tuesday 2 June 2026" in told
    assert "Complaint Handling Code" in told
    assert "We will send you our response by Tuesday 16 June 2026." in told
    assert "1. Communication" in told and reference in told
    mail_sink.messages.clear()
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        outcomes = {1: Outcome.NOT_UPHELD}
        record_response(code_service, session, case=case, actor=OFFICER, today=date(2026, 6, 10),
                        response=ResponseInput(responded_on=date(2026, 6, 10), issue_outcomes=outcomes,
                                               findings=findings_for(outcomes)))  # fmt: skip
        escalate(code_service, session, case=case, requested_on=date(2026, 6, 15), actor=OFFICER,
                 today=date(2026, 6, 15))  # fmt: skip
        acknowledge(code_service, session, case=case, actor=OFFICER,
                    now=datetime(2026, 6, 16, 11, tzinfo=UTC))  # fmt: skip
    texts = [flat(text) for text in await letters(engine, settings, mail_sink)]

    [accepted] = [t for t in texts if "We have accepted it" in t]
    assert "our response by Monday 20 July 2026 at the latest." in accepted
    [second] = [t for t in texts if "We acknowledged your complaint" in t]
    # The second stage: 20 working days from Tuesday 16 June.
    assert "at the second and final stage on Tuesday 16 June 2026" in second
    assert "our response by Tuesday 14 July 2026." in second


async def test_the_automatic_acknowledgement_is_not_followed_by_another_letter(
    engine: Engine,
    settings: Settings,
    mail_sink: MailSink,
    code_service: CaseService,  # noqa: F811
) -> None:
    """Intake's automatic acknowledgement of mail gives the date itself: the system's own
    acknowledgement writes nothing more."""
    from cases.actor import INTAKE

    reference = phoned_code_complaint(code_service, engine)
    await letters(engine, settings, mail_sink)
    mail_sink.messages.clear()
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        acknowledge(code_service, session, case=case, actor=INTAKE,
                    now=datetime(2026, 6, 2, 11, tzinfo=UTC))  # fmt: skip
    assert await letters(engine, settings, mail_sink) == []
