"""PostgreSQL's connection lost under a staff form's Save (pg_terminate_backend, as a failover or
a restarted database does): the form comes back (503) with what was typed and one error saying
nothing was saved, nothing is saved, the log has one line naming the form and no traceback, and
the same Save a moment later works (web/outage.py). Walking heard so, the note typed was lost
behind 'heard could not show this page. Try again.' and a traceback.

A connection lost mid-query is PostgreSQL's fault to have (SQLite has none to lose), so these
run on PostgreSQL only, as tests/bot/test_database_lost.py does for Slack."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlmodel import col, func, select

from store.db import read_scope
from store.models import AuditEntry, Case
from testkit.oidc_provider import OidcProvider
from testkit.web_rules import NO_ROLE
from tests import database_cut
from tests.web.conftest import Web
from tests.web.test_actions import post
from tests.web.test_sign_in import oidc_sign_in
from web.outage import DATABASE_AWAY, PAGE_AWAY

NOTE = "Rang the father back: he will send the school's letter by Friday."


@contextmanager
def cut_while(web: Web, save: Callable[[], Any]) -> Iterator[list[Any]]:
    """`save` runs while another connection holds writes to the audit table; the heard query
    that waits on it has its connection terminated. Yields `save`'s answer (in a list)."""
    url = web.context.engine.url.render_as_string(hide_password=False)
    yield database_cut.cut_while(url, save, wait_for_lock=15, finish_within=30)


def _audited(web: Web, action: str) -> int:
    with read_scope(web.context.engine) as session:
        statement = select(func.count()).select_from(AuditEntry)
        return int(session.exec(statement.where(col(AuditEntry.action) == action)).one())


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_note_whose_connection_is_cut_comes_back_typed(
    web: Web, caplog: pytest.LogCaptureFixture
) -> None:
    reference = web.new_case()
    web.sign_in()
    path = f"/cases/{reference}/actions/note"
    caplog.set_level(logging.INFO)
    with cut_while(web, lambda: post(web, path, {"note": NOTE})) as answers:
        pass
    [answer] = answers
    assert answer.status_code == 503, answer.text[-500:]
    page = html.unescape(answer.text)
    assert NOTE in page and DATABASE_AWAY in page
    assert _audited(web, "note_added") == 0
    assert _lines(caplog) == [
        "web form note not saved: database not reachable (OperationalError); "
        "shown again with what was typed"
    ]
    assert not any(r.exc_info for r in caplog.records)

    again = post(web, path, {"note": NOTE})
    assert again.status_code == 303  # type: ignore[attr-defined]
    assert _audited(web, "note_added") == 1


def test_a_logged_call_whose_connection_is_cut_comes_back_typed(
    web: Web, caplog: pytest.LogCaptureFixture
) -> None:
    web.sign_in()
    today = web.clock.now().date()
    call = "The grandmother rang about her grandson's placement move, unhappy with how it was done."

    def log() -> Any:
        return web.log_contact(channel="telephone", received=today, name="Ann Other", text=call)

    caplog.set_level(logging.INFO)
    with cut_while(web, log) as answers:
        pass
    [answer] = answers
    assert answer.status_code == 400 and DATABASE_AWAY in html.unescape(answer.text)
    assert call in html.unescape(answer.text) and "Ann Other" in answer.text
    with read_scope(web.context.engine) as session:
        assert session.exec(select(func.count()).select_from(Case)).one() == 0
    assert [line for line in _lines(caplog) if "log-contact" in line] == [
        "web form log-contact not saved: database not reachable (OperationalError); "
        "shown again with what was typed"
    ]
    assert log().status_code == 303


def test_a_page_whose_connection_is_cut_says_so_in_one_line(
    web: Web, caplog: pytest.LogCaptureFixture
) -> None:
    """A case page (its view is audited, so it writes) whose connection is cut: 503 saying the
    database cannot be reached, Retry-After, one log line naming the route, not the case."""
    reference = web.new_case()
    web.sign_in()
    caplog.set_level(logging.INFO)
    with cut_while(web, lambda: web.client.get(f"/cases/{reference}")) as answers:
        pass
    [answer] = answers
    assert (answer.status_code, answer.text) == (503, PAGE_AWAY)
    assert answer.headers["retry-after"] == "60"
    assert _lines(caplog) == [
        "web page /cases/{reference} not shown: database not reachable (OperationalError)"
    ]
    assert not any(r.exc_info for r in caplog.records)
    assert web.client.get(f"/cases/{reference}").status_code == 200


def test_a_refusal_whose_connection_is_cut_still_says_no_access(
    oidc_web: Web, oidc_provider: OidcProvider, caplog: pytest.LogCaptureFixture
) -> None:
    """Someone signed in with no role asks for a case while the database is away: recording
    the refusal (a write) fails, and the answer is still the 'no access' page, with one log
    line saying the refusal could not be recorded; no traceback."""
    reference = oidc_web.new_case()
    oidc_provider.sign_in_as(NO_ROLE)
    assert oidc_sign_in(oidc_web, oidc_provider).status_code == 303
    caplog.set_level(logging.INFO)
    with cut_while(oidc_web, lambda: oidc_web.client.get(f"/cases/{reference}")) as answers:
        pass
    [answer] = answers
    assert answer.status_code == 403 and "no role" in answer.text, answer.text[-500:]
    assert _lines(caplog) == [
        "web refusal on /cases/{reference} not recorded in the audit log: database not "
        "reachable (OperationalError)"
    ]
    assert not any(r.exc_info for r in caplog.records)
    assert _audited(oidc_web, "refused") == 0
    assert oidc_web.client.get(f"/cases/{reference}").status_code == 403
    assert _audited(oidc_web, "refused") == 1
