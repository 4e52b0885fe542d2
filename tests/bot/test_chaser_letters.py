"""A chaser's Acknowledge writes what the card's does, and shows it first: for a family staff
chose to write to by post, acknowledging writes their first letter, and from a chaser's direct
message that letter went unseen (the card showed it before Send since bf24f50)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from bot import ids
from bot.actions.lifecycle import preview_id
from heard.settings import Settings
from outbound import chaser_ids
from scheduler.rules import ReminderKind
from scheduler.sweep import chaser_buttons
from store.db import session_scope
from store.models import Person
from tests.bot.clicking import click, eventually, opened_view, submit
from tests.bot.conftest import Slack
from tests.transports import transport_settings

ADDRESS = "Mrs A Grandparent\n10 High Street\nAnytown\nAB1 2CD"
DM = {"channel": "DMANAGER", "user": "UMANAGER"}


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """GOV.UK Notify with its letter template: the only transport that posts letters."""
    return transport_settings("notify", tmp_path, monkeypatch)


def _by_post(slack: Slack, reference: str) -> None:
    case_id = slack.case(reference).id
    with session_scope(slack.context.engine) as session:
        person = session.exec(select(Person).where(Person.case_id == case_id)).one()
        person.letters_by_post, person.address = True, ADDRESS
        session.add(person)


async def test_a_chasers_acknowledge_shows_the_posted_letter_before_send(slack: Slack) -> None:
    reference = slack.new_case()
    _by_post(slack, reference)
    blocks = chaser_buttons(text="A chaser", reference=reference, kind=ReminderKind.DUE_SOON)
    opened = len(slack.api.received("views.open"))
    await click(slack, blocks, chaser_ids.ACKNOWLEDGE, **DM)
    view = await opened_view(slack, preview_id(ids.ACKNOWLEDGE), after=opened)
    assert view["title"]["text"] == "Check the letter"
    assert "Example Borough Council" in json.dumps(view)  # the letter itself, signed
    # nothing made, nothing sent, until Send
    assert slack.case(reference).acknowledged_at is None

    response = await submit(slack, view, {}, user="UMANAGER")
    assert response.status == 200
    await eventually(lambda: slack.case(reference).acknowledged_at is not None)


async def test_a_chasers_acknowledge_with_no_letter_is_made_at_once_and_says_so(
    slack: Slack,
) -> None:
    reference = slack.new_case()  # by email: its first letter went when it was logged
    blocks = chaser_buttons(text="A chaser", reference=reference, kind=ReminderKind.DUE_SOON)
    await click(slack, blocks, chaser_ids.ACKNOWLEDGE, **DM)
    await eventually(lambda: slack.case(reference).acknowledged_at is not None)
    await eventually(
        lambda: any(
            call["text"] == f"{reference} acknowledged."
            for call in slack.api.received("chat.postEphemeral")
        )
    )
