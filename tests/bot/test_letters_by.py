"""Letters by… on the case card, clicked through the Slack stand-in under each mail transport a
council may set (smtp, graph, notify): only with GOV.UK Notify's letter template does the card
offer it; there the address is checked as Notify checks it, the choice is audited and the thread
says "post" without the address. Elsewhere a forged click or submission is refused, saying
which setting posts letters."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot import ids
from bot.modals.letters_by import letters_by_modal
from heard.settings import Settings
from store.db import session_scope
from store.models import Case, Person
from tests.bot.clicking import action_ids, card, click, drain, eventually, opened_view
from tests.bot.conftest import Slack
from tests.bot.test_case_modals import errors_of, saved
from tests.transports import TRANSPORTS, transport_settings

ADDRESS = "Mrs A Grandparent\n10 High Street\nAnytown\nAB1 2CD"


@pytest.fixture(params=TRANSPORTS)
def settings(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    return transport_settings(request.param, tmp_path, monkeypatch)


@pytest.fixture
def database_url(tmp_path: Path, sqlite_template: Path) -> str:
    """SQLite only: the choice is one row written through the ORM, the same on both engines."""
    shutil.copy(sqlite_template, tmp_path / "heard.db")
    return f"sqlite:///{tmp_path / 'heard.db'}"


def complainant(slack: Slack, reference: str) -> Person:
    with session_scope(slack.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        return session.exec(select(Person).where(Person.case_id == case.id)).one()


async def test_letters_by_post_from_the_card(slack: Slack) -> None:
    reference = slack.new_case()
    blocks = await card(slack, reference)
    if slack.context.settings.mail_transport != "notify":
        assert ids.LETTERS_BY not in action_ids(blocks)
        forged = [{"type": "actions", "elements": [button(reference)]}]
        await click(slack, forged, ids.LETTERS_BY)
        await eventually(lambda: bool(slack.api.received("chat.postEphemeral")))
        assert (
            "HEARD_NOTIFY_LETTER_TEMPLATE_ID"
            in slack.api.received("chat.postEphemeral")[-1]["text"]
        )
        errors = await errors_of(
            slack, letters_by_modal(reference), {"how": "post", "address": ADDRESS}
        )
        assert "HEARD_MAIL_TRANSPORT=notify" in errors["how"]
        assert not complainant(slack, reference).letters_by_post
        return

    opened = len(slack.api.received("views.open"))
    await click(slack, blocks, ids.LETTERS_BY)
    view = await opened_view(slack, ids.LETTERS_BY_VIEW, after=opened)
    assert view["private_metadata"] == reference
    wrong = {
        "": {"how": "Choose how letters go."},
        "10 High Street\nAnytown": {"address": "An address has 3 to 7 lines, not 2."},
        "10 High Street\nAnytown\nNarnia": {
            "address": "The last line must be a UK postcode, not 'Narnia'."
        },
        "\n".join(["Line"] * 8): {"address": "An address has 3 to 7 lines, not 8."},
    }
    for address, expected in wrong.items():
        answers = {"how": "post" if address else None, "address": address or None}
        assert await errors_of(slack, view, answers) == expected
    assert await errors_of(slack, view, {"how": "email", "address": ADDRESS}) == {
        "address": "An address goes with post only: clear it, or choose post."
    }
    assert await errors_of(slack, view, {"how": "fax"}) == {
        "how": "Choose one of the options offered."
    }
    assert not complainant(slack, reference).letters_by_post

    await saved(slack, view, {"how": "post", "address": ADDRESS + "\n"}, "letters_by")
    person = complainant(slack, reference)
    assert person.letters_by_post and person.address == ADDRESS
    await drain(slack)
    replies = [json.dumps(call) for call in slack.api.received("chat.postMessage")]
    assert any("gets letters: post" in reply for reply in replies)
    assert not any("High Street" in reply for reply in replies)  # the address stays in heard

    await saved(slack, view, {"how": "email"}, "letters_by")
    assert not complainant(slack, reference).letters_by_post


def button(reference: str) -> dict[str, Any]:
    return {"type": "button", "action_id": ids.LETTERS_BY, "value": reference}
