"""Staff clear "needs a person to look" with a reason (issue 23 item 3): from the card's More
menu in Slack (offered only while the flag is up), and with `heard case REF clear-attention`;
the audit log keeps the reason beside what the flag said."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import select

from bot import ids
from cases.actor import INTAKE, Actor, Via
from cases.lifecycle import InvalidTransition
from casework import attention
from store.audit import entries as audit_entries
from store.db import session_scope
from store.models import AuditEntry, Case
from tests.bot.clicking import card, drain
from tests.bot.conftest import Slack
from tests.bot.test_case_modals import errors_of, from_menu, saved


def menu_items(blocks: list[dict[str, object]]) -> list[str]:
    return [
        str(option["value"]).split(" ")[0]  # type: ignore[index]
        for block in blocks
        if block.get("type") == "actions"
        for element in block["elements"]  # type: ignore[attr-defined]
        if element.get("type") == "overflow"
        for option in element["options"]
    ]


def flag(slack: Slack, reference: str, why: str) -> None:
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        attention.flag(slack.component.deps.cases, session, case=case, actor=INTAKE, why=why)


async def test_looked_at_clears_the_flag_with_a_reason(slack: Slack) -> None:
    reference = await asyncio.to_thread(slack.new_case)
    assert ids.CLEAR_ATTENTION not in menu_items(await card(slack, reference))
    await asyncio.to_thread(flag, slack, reference, "a stranger quoted this reference")
    await drain(slack)
    assert ids.CLEAR_ATTENTION in menu_items(await card(slack, reference))
    view = await from_menu(slack, reference, ids.CLEAR_ATTENTION, ids.CLEAR_ATTENTION_VIEW)
    assert "a stranger quoted this reference" in str(view)
    assert await errors_of(slack, view, {"reason": " "}) == {
        "reason": "Say what was done, or why nothing needs doing."
    }
    await saved(slack, view, {"reason": "Rang the sender: a solicitor"}, "attention_cleared")
    case = slack.case(reference)
    assert not case.needs_attention and case.attention_reason is None
    with session_scope(slack.context.engine) as session:
        (entry,) = audit_entries(
            session, select(AuditEntry).where(AuditEntry.action == "attention_cleared")
        )
    assert entry.reason == "Rang the sender: a solicitor (was: a stranger quoted this reference)"
    assert ids.CLEAR_ATTENTION not in menu_items(await card(slack, reference))


def test_only_a_flagged_case_clears_and_only_with_a_reason(slack: Slack) -> None:
    reference = slack.new_case()
    officer = Actor.staff(Via.CLI, "o")
    service = slack.component.deps.cases
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        with pytest.raises(InvalidTransition, match="nothing is waiting"):
            attention.clear(service, session, case=case, actor=officer, reason="checked")
        attention.flag(service, session, case=case, actor=INTAKE, why="a bounce")
        with pytest.raises(InvalidTransition, match="reason"):
            attention.clear(service, session, case=case, actor=officer, reason="  ")
        attention.clear(service, session, case=case, actor=officer, reason="address corrected")
        assert not case.needs_attention
