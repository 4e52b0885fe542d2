"""The web view shows every letter before it goes (issue 23 item 2), whichever action writes
it: Confirm triage of a contact not logged and Withdraw here (the response and the panel date
have tests of their own). The first post saves nothing and queues nothing; 'Save and send'
does, and the letter read from the SMTP capture server is the one shown."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from sqlmodel import func, select

from store.db import read_scope
from store.models import AuditEntry, Deadline, OutboxMessage
from tests.mailsink import MailSink
from tests.outbound.test_letters import letters
from tests.web.conftest import Web, csrf_of, day_fields
from tests.web.test_actions import case_of, post

COURT = ("I want to complain about the report the social worker wrote for the family court "
         "hearing next month. It has mistakes about my parenting.")  # fmt: skip


def recorded(web: Web) -> tuple[int, int]:
    with read_scope(web.context.engine) as session:
        audited = session.exec(select(func.count()).select_from(AuditEntry)).one()
        queued = session.exec(select(func.count()).select_from(OutboxMessage)).one()
        return int(audited), int(queued)


def shown_letters(page: str) -> list[str]:
    found = re.findall(r'<div class="govuk-inset-text govuk-body heard-pre-wrap">(.*?)</div>',
                       page, re.DOTALL)  # fmt: skip
    return [" ".join(html.unescape(text).split()) for text in found]


def previewed_then_sent(web: Web, path: str, data: dict[str, object]) -> str:
    before = recorded(web)
    preview = post(web, path, data)
    assert preview.status_code == 200, preview.text  # type: ignore[attr-defined]
    (letter,) = shown_letters(preview.text)  # type: ignore[attr-defined]
    assert recorded(web) == before  # nothing saved, nothing queued
    sent = web.client.post(path, data={**data, "confirm": "yes",
                                       "csrf_token": csrf_of(preview.text)})  # type: ignore[attr-defined]  # fmt: skip
    assert sent.status_code == 303
    return letter


async def test_a_refusal_and_a_withdrawal_are_shown_before_they_go(
    web: Web, mail_sink: MailSink
) -> None:
    refused = web.new_case(body=COURT)
    withdrawn = web.new_case(body="My son's social worker never returns my calls.")
    web.sign_in()
    refusal = previewed_then_sent(web, f"/cases/{refused}/actions/confirm-triage", {})
    assert "family court" in refusal and case_of(web, refused).triage_confirmed_at is not None
    confirmation = previewed_then_sent(web, f"/cases/{withdrawn}/actions/withdraw",
                                       {"reason": "rang to say it is sorted"})  # fmt: skip
    assert "has been withdrawn" in confirmation and "sorted" not in confirmation
    assert case_of(web, withdrawn).status.value == "withdrawn"
    sent = [" ".join(text.split()) for text in await letters(
        web.context.engine, web.context.settings, mail_sink)]  # fmt: skip
    assert refusal in sent and confirmation in sent


async def test_a_contact_told_it_was_not_logged_can_be_logged_on_its_reply(
    web: Web, mail_sink: MailSink
) -> None:
    """The not-logged letter says 'if you think we have misunderstood, please reply ... a
    member of the complaints team will look at it again'. Walking it (walker3), a mother told
    her court matter was not logged rang to say the proceedings had ended: the web view
    offered Change triage and refused it ('Cannot confirm triage twice'), Slack's card had
    lost the button and the CLI refused too. Now the change goes, with the letter for the new
    decision, which is the complaint's acknowledgement (nobody is chased to acknowledge it)."""
    reference = web.new_case(body=COURT)
    web.sign_in()
    refusal = previewed_then_sent(web, f"/cases/{reference}/actions/confirm-triage", {})
    assert "family court" in refusal
    assert "/actions/change-triage" in web.client.get(f"/cases/{reference}").text
    logged = previewed_then_sent(web, f"/cases/{reference}/actions/change-triage", {
        "kind": "complaint", "route": "statutory", "issues": "decision_disputed:assessment",
        "why": "She rang: the proceedings ended last week"})  # fmt: skip
    assert "statutory children's complaints procedure" in logged
    case = case_of(web, reference)
    assert (case.route.value, case.status.value) == ("statutory", "open")
    assert case.acknowledged_at is not None  # the letter logging it acknowledged it
    with read_scope(web.context.engine) as session:
        owed = session.exec(
            select(Deadline).where(
                Deadline.case_id == case.id,
                Deadline.rule == "acknowledgement",
                Deadline.met_on.is_(None),  # type: ignore[union-attr]
                Deadline.cancelled.is_(False),  # type: ignore[attr-defined]
            )
        ).all()
    assert owed == []
    sent = [" ".join(text.split()) for text in await letters(
        web.context.engine, web.context.settings, mail_sink)]  # fmt: skip
    assert refusal in sent and logged in sent


async def test_a_late_response_apologises_with_the_reason_for_the_complainant(
    web: Web, mail_sink: MailSink
) -> None:
    """A response recorded on the web after its due date: the letter shown, and the one sent,
    apologise for the delay and give the reason staff wrote for the complainant, never staff's
    own (walkerA, issue 23 item 2)."""
    reference = web.new_case(body="My son's social worker never returns my calls.")
    web.clock.advance(timedelta(days=40))  # past stage 1's 10 working days
    web.sign_in()
    path = f"/cases/{reference}/actions/respond"
    form = web.client.get(path).text
    outcomes = {name: "not_upheld" for name in set(re.findall(r'name="(outcome-\d+)"', form))}
    data = {**day_fields("on", web.clock.now().date()), **outcomes,
            **{name.replace("outcome", "finding"): "We read the file." for name in outcomes},
            "manager_contact": "no", "reason_for_delay": "SW Jane Smith off sick",
            "delay_reason_for_complainant": "the manager looking into it was away from work"}  # fmt: skip
    shown = previewed_then_sent(web, path, data)
    (sent,) = [" ".join(text.split()) for text in await letters(
        web.context.engine, web.context.settings, mail_sink) if "What we found" in text]  # fmt: skip
    for letter in (shown, sent):
        assert "We are sorry that this response is late: we should have sent it by" in letter
        assert "The reason for the delay: the manager looking into it was away from work." in letter
        assert "Jane Smith" not in letter and "sick" not in letter


async def test_an_issue_with_no_category_is_headed_by_what_the_complainant_raised(
    web: Web, mail_sink: MailSink
) -> None:
    """The web form asks, for an issue with no category, what the complainant raised (a field
    of its own, its error next to it); the letter heads the finding with it (walkerA)."""
    from sqlmodel import select as select_rows

    from store.db import session_scope
    from store.models import Case, Issue

    reference = web.new_case(body="My son's social worker never returns my calls.")
    with session_scope(web.context.engine) as session:
        case = session.exec(select_rows(Case).where(Case.reference == reference)).one()
        session.add(Issue(case_id=case.id, category="other", team_id="fostering"))
    web.sign_in()
    path = f"/cases/{reference}/actions/respond"
    form = web.client.get(path).text
    assert 'name="point-2"' in form and "What the complainant raised on issue 2" in form
    outcomes = {name: "not_upheld" for name in set(re.findall(r'name="(outcome-\d+)"', form))}
    data = {**day_fields("on", web.clock.now().date()), **outcomes,
            **{name.replace("outcome", "finding"): "We read the file." for name in outcomes},
            "manager_contact": "no"}  # fmt: skip
    missing = post(web, path, data)
    assert missing.status_code == 400  # type: ignore[attr-defined]
    text = " ".join(missing.text.split())  # type: ignore[attr-defined]
    assert 'id="point-2-error"' in text and 'href="#point-2"' in text
    assert "Issue 2 has no category: say in a line what the complainant raised" in text
    shown = previewed_then_sent(web, path, {**data, "point-2": "Family time was cancelled twice"})
    (sent,) = [" ".join(text.split()) for text in await letters(
        web.context.engine, web.context.settings, mail_sink) if "What we found" in text]  # fmt: skip
    for letter in (shown, sent):
        assert (
            "2. Family time was cancelled twice: Not upheld We do not agree with your complaint "
            "about this. We read the file." in letter
        )
        assert "Something else" not in letter
