"""A case answered in Slack without opening it leaves the reading queue (walkerB item 6): the
member of staff who records the response has read the case, so the response is audited as a
read by them (casework.response), at every door; 'case viewed' is not claimed for anyone else."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from bot import ids
from store.cases.unread import unread_cases
from store.db import read_rows, session_scope
from store.models import AuditEntry, Case
from tests.bot.clicking import closed, eventually, submit
from tests.bot.conftest import Slack
from tests.bot.test_dated_modals import confirm_triage, open_modal
from tests.bot.test_respond_findings import FINDING, response_letter


def waiting(slack: Slack) -> list[str]:
    with read_rows(slack.context.engine) as connection:
        return [case.reference for case in unread_cases(connection)]


async def test_answering_in_slack_is_reading_the_case(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case, days_ago=3)
    await asyncio.to_thread(confirm_triage, slack, reference)
    assert reference in await asyncio.to_thread(waiting, slack)  # nobody has opened it
    view = await open_modal(slack, reference, ids.RESPOND, ids.RESPOND_VIEW, "UMANAGER")
    answers = {"outcome_1": "upheld", "remedies": ["apology"], "finding_1": FINDING}
    response = await submit(slack, view, answers, user="UMANAGER")
    assert response.status == 200 and closed(await response.text())
    await eventually(lambda: response_letter(slack, reference) is not None)
    assert reference not in await asyncio.to_thread(waiting, slack)
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        reads = session.exec(
            select(AuditEntry).where(
                AuditEntry.case_id == case.id, AuditEntry.action == "case viewed"
            )
        ).all()
        assert [(row.actor, (row.after or {}).get("where")) for row in reads] == [
            ("slack:UMANAGER", "answered")
        ]
