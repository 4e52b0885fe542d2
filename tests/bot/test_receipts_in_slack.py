"""GOV.UK Notify's delivery receipts where staff look in Slack: each one a reply in the case
card's thread, and a failure flags the card (its More menu offers "Looked at: clear the
flag…"). The receipt comes through heard's own receipt handler, about a letter heard sent."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlmodel import select

from bot import ids
from cases.enums import OutboxKind, OutboxPurpose, OutboxStatus
from outbound.notify_receipts import DeliveryReceipts
from store.db import session_scope
from store.models import Case, OutboxMessage
from tests.bot.clicking import card, drain, eventually, menu_items
from tests.bot.conftest import Slack

NOTIFY_ID = "5f1a6b1e-0000-4000-8000-000000000001"


@pytest.fixture
def database_url(tmp_path: Path, sqlite_template: Path) -> str:
    """SQLite only: what is tested is the thread and the card, the same on both engines."""
    shutil.copy(sqlite_template, tmp_path / "heard.db")
    return f"sqlite:///{tmp_path / 'heard.db'}"


def _sent_through_notify(slack: Slack, reference: str) -> str:
    """A letter on the case as the outbox keeps one Notify took: its letter reference."""
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        row = OutboxMessage(
            case_id=case.id,
            kind=OutboxKind.EMAIL,
            purpose=OutboxPurpose.ACKNOWLEDGEMENT,
            status=OutboxStatus.SENT,
            dedupe_key=f"test-ack:{case.id}",
            target="parent@example.org",
            payload={"message": "Subject: Your reference\r\n\r\nThank you."},
            result={"notify_ids": [NOTIFY_ID]},
        )
        session.add(row)
        session.flush()
        return f"{reference}-{row.id}"


async def test_receipts_reach_the_cards_thread_and_a_failure_flags_it(slack: Slack) -> None:
    reference = slack.new_case()
    letter = _sent_through_notify(slack, reference)
    receipts = DeliveryReceipts(
        engine=slack.context.engine, cases=slack.component.deps.cases, clock=slack.context.clock
    )
    for status in ("delivered", "permanent-failure"):
        receipts.record(
            {
                "id": NOTIFY_ID,
                "reference": letter,
                "status": status,
                "notification_type": "email",
            }
        )
    await drain(slack)

    def replies() -> list[str]:
        return [
            str(call.get("text", ""))
            for call in slack.api.received("chat.postMessage")
            if call.get("thread_ts")
        ]

    await eventually(lambda: len(replies()) >= 3)
    said = "GOV.UK Notify said whether a letter arrived"  # who and what in words (dc4941e)
    assert f"{said}: email {letter}: delivered" in replies()
    assert f"{said}: email {letter}: permanent-failure" in replies()
    flagged = "flagged the case for a person to look"
    assert any(f"{flagged}: the email {letter} was not delivered" in r for r in replies())
    assert not any(
        "parent@example.org" in json.dumps(c) for c in slack.api.received("chat.postMessage")
    )
    assert ids.CLEAR_ATTENTION in menu_items(await card(slack, reference))
