"""Choose how letters go, from the case page, under each mail transport a council may set: only
with GOV.UK Notify's letter template is the form offered; there a wrong address is shown
beside the field, post is saved and audited with who; elsewhere a form sent anyway is refused
naming the settings that post letters."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from heard.settings import Settings
from store.db import read_scope
from store.models import AuditEntry, Case, Person
from tests.transports import TRANSPORTS, transport_settings
from tests.web.conftest import Web
from tests.web.test_actions import post

ADDRESS = "Mrs A Grandparent\r\n10 High Street\r\nAnytown\r\nAB1 2CD"


@pytest.fixture(params=TRANSPORTS)
def settings(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    return transport_settings(request.param, tmp_path, monkeypatch)


@pytest.fixture
def database_url(tmp_path: Path, sqlite_template: Path) -> str:
    shutil.copy(sqlite_template, tmp_path / "heard.db")
    return f"sqlite:///{tmp_path / 'heard.db'}"


def _complainant(web: Web, reference: str) -> Person:
    with read_scope(web.context.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        return session.exec(select(Person).where(Person.case_id == case.id)).one()


def _refused(response: Any, words: str) -> None:
    assert response.status_code == 400, response.text[-800:]
    assert words in " ".join(response.text.split())


def test_choose_post_from_the_case_page(web: Web) -> None:
    reference = web.new_case()
    web.sign_in()
    path = f"/cases/{reference}/actions/letters-by"
    offered = path in web.client.get(f"/cases/{reference}").text
    if web.context.settings.mail_transport != "notify":
        assert not offered
        if web.client.get(path).status_code == 200:
            _refused(post(web, path, {"how": "post", "address": ADDRESS}), "HEARD_MAIL_TRANSPORT")
        assert not _complainant(web, reference).letters_by_post
        return

    assert offered
    _refused(post(web, path, {"how": "post", "address": "10 High Street\r\nAnytown"}), "3 to 7")
    _refused(
        post(web, path, {"how": "post", "address": "10 High Street\r\nAnytown\r\nNarnia"}),
        "The last line must be a UK postcode, not &#39;Narnia&#39;",
    )
    _refused(post(web, path, {"how": "email", "address": ADDRESS}), "An address goes with post")
    # GOV.UK Notify refuses these letters for good: said at the form, not found failed later
    _refused(
        post(web, path, {"how": "post", "address": '"Rose Cottage"\r\n' + ADDRESS}),
        "Line 1 cannot begin with &#39;&#34;&#39;: GOV.UK Notify refuses a line that does",
    )
    _refused(
        post(web, path, {"how": "post", "address": "Sam Parent\r\nNo fixed abode\r\nLS1 1AA"}),
        "GOV.UK Notify posts nothing to no fixed abode",
    )
    _refused(  # a right-to-left override prints the line backwards
        post(web, path, {"how": "post", "address": "Mrs A\u202eGrandparent\r\n" + ADDRESS}),
        "Line 1 cannot hold a tab or other invisible characters",
    )
    assert not _complainant(web, reference).letters_by_post
    done = post(web, path, {"how": "post", "address": ADDRESS})
    assert done.status_code == 303  # type: ignore[attr-defined]
    person = _complainant(web, reference)
    assert person.letters_by_post and person.address == ADDRESS.replace("\r\n", "\n")
    with read_scope(web.context.engine) as session:
        (entry,) = session.exec(
            select(AuditEntry).where(AuditEntry.action == "letters_by").order_by(col(AuditEntry.id))
        )
        assert entry.actor.startswith("web:") and entry.after == {"letters_by_post": True}
    assert post(web, path, {"how": "email"}).status_code == 303  # type: ignore[attr-defined]
    assert not _complainant(web, reference).letters_by_post
