"""Statutory stage 2 may run to 65 working days without the complainant's agreement, with the
reason recorded and the complainant told (issue 23 item 3): the extension letter is read from
the SMTP capture server. Stage 1 still needs the complainant's agreement."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.actor import Actor, Via
from cases.calendar import WorkingCalendar
from cases.enums import Outcome, RecordKind, Route
from cases.timescales import ExtensionRefused
from casework.escalation import escalate
from casework.extension import extend
from casework.response import ResponseInput, record_response
from casework.service import CaseService
from heard.settings import Settings
from store.db import session_scope
from store.models import Case, Deadline
from tests.mailsink import MailSink
from tests.outbound.test_letters import TODAY, letters, logged, service  # noqa: F401
from tests.outcome_letters import findings_for

OFFICER = Actor.staff(Via.CLI, "o")


async def test_stage_two_runs_to_65_working_days_with_the_reason_told(
    engine: Engine,
    settings: Settings,
    service: CaseService,  # noqa: F811
    mail_sink: MailSink,
) -> None:
    reference = logged(service, engine, kind=RecordKind.COMPLAINT, route=Route.STATUTORY)
    sixty_five = WorkingCalendar().add_working_days(date(2026, 1, 20), 65)
    with session_scope(engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        with pytest.raises(ExtensionRefused, match="agreed"):
            extend(service, session, case=case, new_due=date(2026, 1, 30), reason="leave",
                   agreed_on=None, actor=OFFICER, today=TODAY)  # fmt: skip
        record_response(
            service, session, case=case, actor=OFFICER, today=TODAY,
            response=ResponseInput(
                responded_on=date(2026, 1, 16),
                issue_outcomes={1: Outcome.NOT_UPHELD, 2: Outcome.NOT_UPHELD},
                findings=findings_for({1: Outcome.NOT_UPHELD, 2: Outcome.NOT_UPHELD}),
            ),
        )  # fmt: skip
        escalate(service, session, case=case, requested_on=date(2026, 1, 20), actor=OFFICER,
                 today=TODAY)  # fmt: skip
        with pytest.raises(ExtensionRefused, match="at the most"):
            extend(service, session, case=case,
                   new_due=WorkingCalendar().add_working_days(sixty_five, 1),
                   reason="the investigator needs to interview the foster carers",
                   agreed_on=None, actor=OFFICER, today=TODAY)  # fmt: skip
        extend(service, session, case=case, new_due=sixty_five,
               reason="the investigator needs to interview the foster carers (off sick)",
               reason_for_complainant="the investigator needs to interview the foster carers",
               agreed_on=None, actor=OFFICER, today=TODAY)  # fmt: skip
        deadline = session.exec(
            select(Deadline).where(Deadline.case_id == case.id, Deadline.rule == "statutory_2")
        ).one()
        assert deadline.extended_to == sixty_five and deadline.extension_agreed_on is None
        assert deadline.extension_reason.endswith("(off sick)")
    texts = await letters(engine, settings, mail_sink)
    (extension,) = [text for text in texts if "more time" in text]
    assert "Thank you for agreeing" not in extension
    assert f"{sixty_five:%A} {sixty_five.day} {sixty_five:%B %Y}" in extension
    assert "interview the foster carers" in extension
    assert "off sick" not in extension  # the internal reason never reaches the letter
