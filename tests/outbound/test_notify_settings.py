"""A letter through GOV.UK Notify refused because of a setting (the API key, a template id,
Notify's address) names the setting and waits for it to be put right (retried, not failed for
good); a letter Notify refuses for its own sake (an address that is no address) fails for good.
Against the Notify stand-in, through heard's transport."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from outbound.notify_client import NotifyClient, NotifyKey
from outbound.transports import NotifyTransport, OutboundEmail
from testkit.notify_api import NotifyStub, start_notify_stub
from tests.processes import free_port

WRONG_SECRET = "00000000-0000-4000-8000-000000000000"


@pytest_asyncio.fixture
async def notify() -> AsyncIterator[NotifyStub]:
    stub, runner = await start_notify_stub()
    yield stub
    await runner.cleanup()


def _email(to: str = "parent@example.org") -> OutboundEmail:
    return OutboundEmail(
        outbox_id=7,
        raw=b"Subject: Your reference CSC-2026-000001\r\n\r\nThank you for contacting us.\r\n",
        envelope_from="complaints@council.example",
        recipients=[to],
        letter_reference="CSC-2026-000001-7",
    )


@pytest.mark.parametrize(
    ("wrong", "named"),
    [
        ("key", "(check HEARD_NOTIFY_API_KEY)"),
        ("template", "(check HEARD_NOTIFY_EMAIL_TEMPLATE_ID and the template's ((placeholders)))"),
        ("url", "(check HEARD_NOTIFY_API_URL)"),
    ],
)
async def test_a_wrong_setting_is_named_and_the_letter_waits(
    notify: NotifyStub, wrong: str, named: str
) -> None:
    key = NotifyKey.parse(notify.api_key)
    if wrong == "key":
        key = NotifyKey(service_id=key.service_id, secret=WRONG_SECRET)
    url = f"http://127.0.0.1:{free_port()}" if wrong == "url" else notify.url
    template = "f0000000-0000-4000-8000-00000000000f" if wrong == "template" else None
    transport = NotifyTransport(
        client=NotifyClient(key, api_url=url),
        email_template_id=template or notify.template_id("email"),
    )
    outcome = await transport.send(_email())
    await transport.close()
    assert not outcome.sent and not outcome.permanent
    assert outcome.error.endswith(named), outcome.error
    assert WRONG_SECRET not in outcome.error and key.secret not in outcome.error
    assert notify.notifications == []


async def test_a_letter_notify_refuses_for_its_own_sake_fails_for_good(
    notify: NotifyStub,
) -> None:
    transport = NotifyTransport(
        client=NotifyClient(NotifyKey.parse(notify.api_key), api_url=notify.url),
        email_template_id=notify.template_id("email"),
    )
    outcome = await transport.send(_email(to="not an address"))
    await transport.close()
    assert not outcome.sent and outcome.permanent
    assert "Not a valid email address" in outcome.error and "check" not in outcome.error


def test_a_template_id_that_is_no_uuid_is_named_by_config_check(tmp_path: Path) -> None:
    """Found walking heard as a council: `HEARD_NOTIFY_EMAIL_TEMPLATE_ID=xyz` passed
    `heard config check`; the first letter then waited on Notify's "template not found"."""
    from tests.cli.cli_process import invoke_heard, quiet_environment

    env = quiet_environment(
        tmp_path,
        HEARD_MAIL_TRANSPORT="notify",
        HEARD_NOTIFY_API_KEY=NotifyStub().api_key,
        HEARD_NOTIFY_EMAIL_TEMPLATE_ID="email template",
    )
    checked = invoke_heard("config", "check", env=env, cwd=tmp_path)
    assert checked.returncode != 0
    assert "HEARD_NOTIFY_EMAIL_TEMPLATE_ID: 'email template' is not a Notify template id" in (
        checked.stdout + checked.stderr
    )
    assert "Traceback" not in checked.stderr
    env["HEARD_NOTIFY_EMAIL_TEMPLATE_ID"] = "F33517FF-2A88-4F6E-B855-C550268CE08A"
    # --offline: this Notify is not there to ask (tests/cli/test_service_checks.py asks one)
    assert invoke_heard("config", "check", "--offline", env=env, cwd=tmp_path).returncode == 0
