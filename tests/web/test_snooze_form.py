"""Snooze from the web (issue 25): staff who may have no Slack ask to be reminded of a case on
a working day they choose; the reminder comes back by email, at the chaser hour, read here
from the SMTP capture server. Bad days are refused beside the field; it is audited."""

from __future__ import annotations

from datetime import date, timedelta
from email import message_from_bytes
from email.policy import default

from sqlmodel import col, select

from cases.clock import SettableClock
from heard.wiring import messenger, smarthost
from outbound.mailer import OutboxMailer
from scheduler.sweep import Sweeper
from store.db import read_scope
from store.models import AuditEntry, Reminder
from testkit.web_rules import OFFICER
from tests.mailsink import MailSink
from tests.web.conftest import Web
from tests.web.test_actions import day_fields, post
from tests.web.test_looked_at_forms import errors_shown

BODY = "The fostering team never answers my calls about the allowance."


def working_day_after(web: Web, day: date) -> date:
    return web.context.calendar.add_working_days(day, 1)


async def test_a_snoozed_reminder_comes_back_by_email(web: Web, mail_sink: MailSink) -> None:
    reference = web.new_case(body=BODY)
    web.sign_in()
    today = web.clock.now().date()
    assert "/actions/snooze" in web.client.get(f"/cases/{reference}").text
    path = f"/cases/{reference}/actions/snooze"
    errors_shown(post(web, path, {}), "remind_on", "")
    errors_shown(post(web, path, day_fields("remind_on", today)), "remind_on", "after today")
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    errors_shown(post(web, path, day_fields("remind_on", saturday)), "remind_on", "not a working day")
    far = web.context.calendar.add_working_days(today, 61)
    errors_shown(post(web, path, day_fields("remind_on", far)), "remind_on", "within 60")

    remind_on = working_day_after(web, today)
    done = post(web, path, day_fields("remind_on", remind_on))
    assert done.status_code == 303  # type: ignore[attr-defined]
    assert "We will email you a reminder" in web.client.get(f"/cases/{reference}").text
    with read_scope(web.context.engine) as session:
        reminder = session.exec(
            select(Reminder).where(col(Reminder.dedupe_key).startswith("snooze:"))
        ).one()
        assert reminder.recipient == f"email:{OFFICER}"
        said = session.exec(select(AuditEntry).where(AuditEntry.action == "snoozed")).one()
        assert said.actor == f"web:{OFFICER}"

    calendar, settings = web.context.calendar, web.context.settings
    web.clock.set(calendar.at_local_time(remind_on, settings.chaser_hour) - timedelta(minutes=1))
    sweeper = Sweeper(engine=web.context.engine, messenger=messenger(settings), clock=web.clock,
                      calendar=calendar, organisation=web.context.organisation)  # fmt: skip
    sweeper.sweep_all()
    await _drain(web, mail_sink)
    assert _mail_to(mail_sink, OFFICER) == []  # not before the chaser hour
    web.clock.set(calendar.at_local_time(remind_on, settings.chaser_hour))
    sweeper.sweep_all()
    await _drain(web, mail_sink)
    (mail,) = _mail_to(mail_sink, OFFICER)
    assert reference in mail and "due" in mail
    sweeper.sweep_all()
    await _drain(web, mail_sink)
    assert len(_mail_to(mail_sink, OFFICER)) == 1  # once


async def _drain(web: Web, sink: MailSink) -> None:
    """Send what the outbox holds to the capture server, as the mailer worker does."""
    configured = web.context.settings.model_copy(update={"smarthost_port": sink.port})
    mailer = OutboxMailer(engine=web.context.engine, smarthost=smarthost(configured),
                          clock=SettableClock(web.clock.now()), worker="t")  # fmt: skip
    while await mailer.drain_once():
        pass


def _mail_to(sink: MailSink, to: str) -> list[str]:
    found = []
    for captured in sink.messages:
        if to in captured.recipients:
            message = message_from_bytes(captured.data, policy=default)
            body = message.get_body(("plain",))
            assert body is not None
            found.append(" ".join(body.get_content().split()))
    return found
