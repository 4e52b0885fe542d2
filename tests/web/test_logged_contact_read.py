"""A call, letter or visit staff log is read by whoever logged it (walker1 item 3): they typed
it in, so it is audited as read by them (casework.receiving.create) and the reading net
chases only contacts nobody has opened. Found walking: a call logged in the web view, Slack or
`heard case new log` sat in "Not yet read" and was chased as not opened."""

from __future__ import annotations

from sqlmodel import select

from cases.enums import AuditAction
from store.cases.unread import unread_cases
from store.db import read_scope
from store.models import AuditEntry, Case
from testkit.web_rules import OFFICER
from tests.web.conftest import Web


def test_a_contact_logged_in_the_web_view_is_read_by_who_logged_it(web: Web) -> None:
    mailed = web.new_case(body="Nobody returns my calls about the fostering allowance.")
    web.sign_in()
    answer = web.log_contact(
        channel="telephone",
        received=web.clock.now().date(),
        name="Sam Caller",
        text="Sam rang: the social worker missed two visits and nobody explained why.",
    )
    assert answer.status_code == 303, answer.text
    logged = answer.headers["location"].rsplit("/", 1)[1]
    with read_scope(web.context.engine) as session:
        waiting = {case.reference for case in unread_cases(session.connection())}
        case = session.exec(select(Case).where(Case.reference == logged)).one()
        reads = session.exec(
            select(AuditEntry).where(
                AuditEntry.case_id == case.id,
                AuditEntry.action == AuditAction.CASE_VIEWED.value,
            )
        ).all()
    assert waiting == {mailed}  # the mail nobody opened is still chased; the call is not
    assert [entry.actor for entry in reads] == [f"web:{OFFICER}"]
    queues = web.client.get("/queues").text
    not_yet_read = queues[queues.index('id="not-yet-read"') : queues.index('id="triage-to-confirm"')]
    assert mailed in not_yet_read and logged not in not_yet_read
