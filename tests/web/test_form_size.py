"""A form's body larger than it can hold is refused before it is read (web.form_size): the
stage 2 report's form (one file) and Log a contact (ten) at a council's own attachment limit,
signed in or not, answer 413 saying the limit, and nothing is kept; a file just over the limit
is still refused beside its field (tests/web/test_report_upload)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from heard.context import AppContext
from heard.web_wiring import web_deps
from store.db import read_scope
from store.models import AuditEntry, Case, StageReport
from tests.web.conftest import Web, csrf_of
from tests.web.test_report_upload import PDF, at_stage_two
from web.app import build_app
from web.form_size import ROOM

LIMIT = 2000  # a council's HEARD_ATTACHMENT_MAX_BYTES


@pytest.fixture
def small(web_context: AppContext) -> Iterator[Web]:
    deps = web_deps(web_context)
    deps = replace(deps, config=replace(deps.config, attachment_max_bytes=LIMIT))
    with TestClient(build_app(deps), follow_redirects=False) as client:
        yield Web(web_context, deps, client, web_context.clock)  # type: ignore[arg-type]


def test_a_body_larger_than_the_form_holds_is_refused_unread(small: Web) -> None:
    reference = small.new_case()
    at_stage_two(small, reference)
    small.sign_in()
    path = f"/cases/{reference}/actions/attach-report"
    token = csrf_of(small.client.get(path).text)
    huge = PDF + b"x" * (LIMIT + ROOM)
    answer = small.client.post(path, data={"csrf_token": token, "kind": "io"},
                               files={"report": ("io.pdf", huge, "application/pdf")})  # fmt: skip
    assert answer.status_code == 413, answer.text[-500:]
    assert "A file may be at most 2.0 KB" in answer.text
    token = csrf_of(small.client.get("/contacts/new").text)
    ten = [("attachments", (f"{n}.txt", b"y" * (LIMIT + ROOM // 10), "text/plain"))
           for n in range(10)]  # fmt: skip
    logged = small.client.post("/contacts/new", data={"csrf_token": token}, files=ten)
    assert logged.status_code == 413
    small.client.cookies.clear()
    assert small.client.post(path, files={"report": ("io.pdf", huge)}).status_code == 413
    with read_scope(small.context.engine) as session:
        assert session.exec(select(StageReport)).all() == []
        assert len(session.exec(select(Case)).all()) == 1


def test_a_box_over_what_a_field_holds_is_said_to_be_too_long(web: Web) -> None:
    """A whole document pasted into a note (over starlette's 1 MB a field) is refused as too
    long, not as a form too old or from another site, and nothing is added (walkerE)."""
    reference = web.new_case()
    web.sign_in()
    path = f"/cases/{reference}/actions/note"
    token = csrf_of(web.client.get(path).text)
    with read_scope(web.context.engine) as session:
        before = len(session.exec(select(AuditEntry)).all())
    answer = web.client.post(path, data={"csrf_token": token, "note": "x" * 1_100_000})
    assert answer.status_code == 413, answer.text[-500:]
    assert "too long to send: one box may hold at most 1.0 MB" in answer.text
    assert "open for too long" not in answer.text
    with read_scope(web.context.engine) as session:
        assert len(session.exec(select(AuditEntry)).all()) == before
