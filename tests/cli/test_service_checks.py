"""`heard config check` asks Microsoft 365, GOV.UK Notify and the sign-in provider whether
they accept heard's settings (the stand-ins answer as the real services document), and names
the setting to fix in one line: before, a wrong tenant, client id, secret, API key, template
or issuer passed as "configuration is valid" and was found by the first poll, letter or
sign-in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiohttp import web

from cli.service_checks import service_problems
from heard.settings import Settings
from testkit.graph_api import GraphStub, start_graph_stub
from testkit.notify_api import NotifyStub, Template, start_notify_stub
from testkit.oidc_provider import OidcProvider
from tests.cli.cli_process import invoke_heard, quiet_environment

MAILBOX = "complaints@council.example"
EMAIL, SMS, LETTER = (
    "f33517ff-2a88-4f6e-b855-c550268ce08a",
    "8a0f8e4e-6c43-4b3e-9d59-2f3f7cf5e8a1",
    "c3d4e5f6-a7b8-4012-8def-234567890abc",
)


@pytest.fixture
async def graph() -> AsyncIterator[GraphStub]:
    stub, runner = await start_graph_stub(GraphStub(mailbox=MAILBOX))
    yield stub
    await runner.cleanup()


@pytest.fixture
async def notify() -> AsyncIterator[NotifyStub]:
    stub, runner = await start_notify_stub()
    yield stub
    await runner.cleanup()


@pytest.fixture
def provider() -> Iterator[OidcProvider]:
    provider = OidcProvider(redirect_uris=["http://127.0.0.1:8080/auth/callback"]).start()
    yield provider
    provider.stop()


def graph_settings(stub: GraphStub) -> dict[str, str]:
    return {
        "HEARD_GRAPH_TENANT_ID": stub.tenant,
        "HEARD_GRAPH_CLIENT_ID": stub.client_id,
        "HEARD_GRAPH_CLIENT_SECRET": stub.client_secret,
        "HEARD_GRAPH_MAILBOX": MAILBOX,
        "HEARD_GRAPH_LOGIN_URL": stub.login_url,
        "HEARD_GRAPH_API_URL": stub.api_url,
    }


def notify_settings(stub: NotifyStub) -> dict[str, str]:
    return {
        "HEARD_MAIL_TRANSPORT": "notify",
        "HEARD_NOTIFY_API_KEY": stub.api_key,
        "HEARD_NOTIFY_API_URL": stub.url,
        "HEARD_NOTIFY_EMAIL_TEMPLATE_ID": EMAIL,
        "HEARD_NOTIFY_SMS_TEMPLATE_ID": SMS,
        "HEARD_NOTIFY_LETTER_TEMPLATE_ID": LETTER,
    }


def with_settings(settings: Settings, values: dict[str, str]) -> Settings:
    named = {name.removeprefix("HEARD_").lower(): value for name, value in values.items()}
    return Settings.model_validate({**settings.model_dump(), **named})


async def problems(settings: Settings, values: dict[str, str]) -> list[str]:
    """The checks run in a worker thread (they run their own event loop, as the command
    does) while this loop serves the stand-ins."""
    return await asyncio.to_thread(service_problems, with_settings(settings, values))


@pytest.mark.parametrize(
    ("wrong", "named"),
    [
        ({"HEARD_GRAPH_TENANT_ID": "another-tenant"}, "HEARD_GRAPH_TENANT_ID: Microsoft gave heard no token (AADSTS90002: "),
        ({"HEARD_GRAPH_CLIENT_ID": "another-app"}, "HEARD_GRAPH_CLIENT_ID: Microsoft gave heard no token (AADSTS700016: "),
        ({"HEARD_GRAPH_CLIENT_SECRET": "not-the-secret"}, "HEARD_GRAPH_CLIENT_SECRET: Microsoft gave heard no token (AADSTS7000215: "),
        ({"HEARD_GRAPH_MAILBOX": "other@council.example"}, "HEARD_GRAPH_MAILBOX: Graph knows no mailbox other@council.example (ErrorInvalidUser)"),
        ({"HEARD_GRAPH_LOGIN_URL": "http://127.0.0.1:9"}, "HEARD_GRAPH_LOGIN_URL: Microsoft gave heard no token (127.0.0.1:9 not reachable"),
    ],
)  # fmt: skip
async def test_a_wrong_graph_setting_is_named(
    settings: Settings, graph: GraphStub, wrong: dict[str, str], named: str
) -> None:
    assert await problems(settings, graph_settings(graph)) == []
    [problem] = await problems(settings, {**graph_settings(graph), **wrong})
    assert problem.startswith(named), problem
    assert graph.client_secret not in problem and "not-the-secret" not in problem


async def test_an_app_that_only_sends_is_asked_for_a_token_only(
    settings: Settings, graph: GraphStub
) -> None:
    send_only = {
        **graph_settings(graph),
        "HEARD_MAIL_TRANSPORT": "graph",
        "HEARD_GRAPH_INTAKE": "false",
    }
    assert await problems(settings, send_only) == []
    assert graph.received("POST", "/oauth2/v2.0/token") and not graph.received(
        "GET", "/mailFolders"
    )
    [problem] = await problems(settings, {**send_only, "HEARD_GRAPH_CLIENT_SECRET": "wrong-one"})
    assert problem.startswith("HEARD_GRAPH_CLIENT_SECRET: Microsoft gave heard no token")


async def test_a_wrong_notify_key_or_template_is_named(
    settings: Settings, notify: NotifyStub
) -> None:
    right = notify_settings(notify)
    assert await problems(settings, right) == []
    wrong_key = right["HEARD_NOTIFY_API_KEY"][:-1] + (
        "1" if right["HEARD_NOTIFY_API_KEY"][-1] != "1" else "2"
    )
    [problem] = await problems(settings, {**right, "HEARD_NOTIFY_API_KEY": wrong_key})
    assert problem.startswith("HEARD_NOTIFY_API_KEY: Notify answered 403 AuthError"), problem
    missing = "00000000-0000-4000-8000-000000000000"
    assert await problems(settings, {**right, "HEARD_NOTIFY_LETTER_TEMPLATE_ID": missing}) == [
        f"HEARD_NOTIFY_LETTER_TEMPLATE_ID: Notify has no template {missing} "
        "(Notify answered 404 NoResultFound: No result found)"
    ]
    assert await problems(settings, {**right, "HEARD_NOTIFY_SMS_TEMPLATE_ID": EMAIL}) == [
        "HEARD_NOTIFY_SMS_TEMPLATE_ID: that template is for emails, not text messages"
    ]


async def test_a_template_heard_cannot_fill_is_named(settings: Settings) -> None:
    """A council's template asking for ((name)), or one without ((body)): Notify would
    refuse every email, or send each without the letter's text."""
    stub = NotifyStub()
    stub.templates[EMAIL] = Template("email", ("subject", "body", "first name"))
    stub.templates[SMS] = Template("sms", ())
    stub, runner = await start_notify_stub(stub)
    try:
        found = await problems(settings, notify_settings(stub))
    finally:
        await runner.cleanup()
    assert found == [
        "HEARD_NOTIFY_EMAIL_TEMPLATE_ID: the template asks for ((first name)), which heard "
        "does not give: Notify would refuse all its emails",
        "HEARD_NOTIFY_SMS_TEMPLATE_ID: the template's message has no ((body)): no letter's text",
    ]


async def test_an_issuer_the_provider_does_not_name_is_refused(
    settings: Settings, provider: OidcProvider
) -> None:
    """An issuer with a slash the provider's does not have (or a Microsoft tenant's domain
    where its tokens carry its id) would refuse every sign-in: heard compares it exactly."""
    sign_in = {
        "HEARD_WEB_BASE_URL": "http://127.0.0.1:8080",
        "HEARD_OIDC_ISSUER": provider.issuer,
        "HEARD_OIDC_CLIENT_ID": provider.client_id,
        "HEARD_OIDC_CLIENT_SECRET": provider.client_secret,
    }
    assert await problems(settings, sign_in) == []
    assert await problems(settings, {**sign_in, "HEARD_OIDC_ISSUER": provider.issuer + "/"}) == [
        f"HEARD_OIDC_ISSUER: the provider names itself {provider.issuer}, not "
        f"{provider.issuer}/: set that, or every sign-in is refused"
    ]
    [away] = await problems(settings, {**sign_in, "HEARD_OIDC_ISSUER": "http://127.0.0.1:9"})
    assert away.startswith("HEARD_OIDC_ISSUER: http://127.0.0.1:9 is not reachable")


async def test_config_check_names_a_wrong_secret_and_offline_skips_asking(
    tmp_path: Path, graph: GraphStub
) -> None:
    env = quiet_environment(
        tmp_path, **{**graph_settings(graph), "HEARD_GRAPH_CLIENT_SECRET": "not-the-secret"}
    )
    checked = await asyncio.to_thread(invoke_heard, "config", "check", env=env, cwd=tmp_path)
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert checked.stderr.strip().splitlines() == [
        "HEARD_GRAPH_CLIENT_SECRET: Microsoft gave heard no token "
        "(AADSTS7000215: Invalid client secret provided.)"
    ]
    offline = await asyncio.to_thread(
        invoke_heard, "config", "check", "--offline", env=env, cwd=tmp_path
    )
    assert (offline.returncode, offline.stdout.strip()) == (0, "configuration is valid")


async def test_a_provider_that_redirects_for_ever_is_named(settings: Settings) -> None:
    """An issuer whose discovery address only redirects (a proxy's loop; aiohttp gives up
    after 10) is a problem named in one line, not a traceback from `heard config check`."""

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound(str(request.url))

    app = web.Application()
    app.router.add_get("/.well-known/openid-configuration", loop)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    issuer = f"http://127.0.0.1:{port}"
    try:
        [problem] = await problems(settings, {"HEARD_WEB_BASE_URL": "http://127.0.0.1:8080",
                                              "HEARD_OIDC_ISSUER": issuer,
                                              "HEARD_OIDC_CLIENT_ID": "heard",
                                              "HEARD_OIDC_CLIENT_SECRET": "secret"})  # fmt: skip
    finally:
        await runner.cleanup()
    assert problem == f"HEARD_OIDC_ISSUER: {issuer} gave no discovery document (TooManyRedirects)"
