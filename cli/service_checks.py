"""`heard config check`'s second part: each outside service heard is set to use is asked
whether it accepts heard's settings, so a wrong tenant, client id, secret, API key, template
or issuer is named by the check rather than found by the first letter or the first sign-in.

Only `config check` runs these: `heard serve` must start while Microsoft or Notify is away
(the mailbox reader and the outbox retry, and say so). Nothing is changed anywhere: a token
is asked for, a folder and templates are read, a discovery document is fetched. Each problem
is one line starting with the setting that fixes it; no secret or token is ever in one.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable
from urllib.parse import quote

import aiohttp

from heard.mail_services import graph_client
from heard.settings import Settings
from outbound.graph_client import GraphError, TokenRefused
from outbound.notify_client import NotifyClient, NotifyError, NotifyKey

SERVICE_SECONDS = 20.0  # a service that has not answered by then is named, not waited on
_PLACEHOLDER = re.compile(r"\(\(([^()]+?)(?:\?\?[^()]*)?\)\)")


def service_problems(settings: Settings) -> list[str]:
    """Every service's problems, Microsoft 365, Notify and sign-in asked side by side."""

    async def asked() -> list[list[str]]:
        return list(
            await asyncio.gather(
                _within(graph_problems(settings), "HEARD_GRAPH_LOGIN_URL and HEARD_GRAPH_API_URL"),
                _within(notify_problems(settings), "HEARD_NOTIFY_API_URL"),
                _within(sign_in_problems(settings), "HEARD_OIDC_ISSUER"),
            )
        )

    return [problem for problems in asyncio.run(asked()) for problem in problems]


async def _within(check: Awaitable[list[str]], setting: str) -> list[str]:
    try:
        return await asyncio.wait_for(check, SERVICE_SECONDS)
    except TimeoutError:
        return [f"{setting}: no answer within {SERVICE_SECONDS:.0f} s"]


# --- Microsoft 365 ----------------------------------------------------------------------------


async def graph_problems(settings: Settings) -> list[str]:
    """A token for the app, then (when heard reads the mailbox) the mailbox's inbox: a wrong
    tenant, client id, secret or certificate is named by the identity platform's refusal; a
    wrong mailbox or a missing permission by Graph's."""
    if not settings.graph_used:
        return []
    mailbox = settings.graph_mailbox or ""
    client = graph_client(settings)
    try:
        if settings.graph_enabled:
            await client.get_json(f"users/{quote(mailbox)}/mailFolders/inbox?$select=id")
        else:  # sending only: the app may hold Mail.Send alone, which reads nothing
            await client.sign_in()
    except TokenRefused as refused:
        return [f"{refused.setting}: Microsoft gave heard no token ({refused.why})"]
    except GraphError as error:
        return [_graph_refusal(error, mailbox)]
    finally:
        await client.close()
    return []


def _graph_refusal(error: GraphError, mailbox: str) -> str:
    if error.status == 0:  # GraphClient's own words: "check HEARD_GRAPH_API_URL (…)"
        return f"HEARD_GRAPH_API_URL: {str(error).split('check HEARD_GRAPH_API_URL', 1)[-1]}"
    if error.status == 404:
        return f"HEARD_GRAPH_MAILBOX: Graph knows no mailbox {mailbox} ({error.code})"
    if error.status == 403:
        return (
            f"HEARD_GRAPH_MAILBOX: the app may not read {mailbox} ({error.code}): grant it "
            "Mail.ReadWrite for this mailbox (README, Microsoft 365, steps 2 and 3)"
        )
    return f"HEARD_GRAPH_MAILBOX: Graph refused to read {mailbox}'s inbox ({error})"


# --- GOV.UK Notify ----------------------------------------------------------------------------

# What heard fills in each template (outbound/transports.py): anything else Notify would
# ask for on every letter and refuse it.
_FILLED = {
    "email": {"subject", "body"},
    "sms": {"body"},
    "letter": {"subject", "body", *(f"address_line_{n}" for n in range(1, 8))},
}


_KIND_NAMES = {"email": "emails", "sms": "text messages", "letter": "letters"}


async def notify_problems(settings: Settings) -> list[str]:
    """Each template id set, read with the API key: a refused key, a template the service
    does not have, one of another kind, or placeholders heard does not fill."""
    notify = settings.mail_choice.notify
    if settings.mail_transport != "notify" or notify.api_key is None:
        return []
    client = NotifyClient(NotifyKey.parse(notify.api_key), api_url=notify.api_url)
    problems: list[str] = []
    try:
        for kind, template_id in (
            ("email", notify.email_template_id),
            ("sms", notify.sms_template_id),
            ("letter", notify.letter_template_id),
        ):
            if template_id is None:
                continue
            setting = f"HEARD_NOTIFY_{kind.upper()}_TEMPLATE_ID"
            try:
                template = await client.template(template_id, kind=kind)
            except NotifyError as error:
                if error.status in (0, 403):  # the key or the address: no template can be read
                    return [f"{error.setting}: {error}"]
                problems.append(f"{setting}: Notify has no template {template_id} ({error})")
                continue
            problems.extend(_template_problems(template, kind=kind, setting=setting))
    finally:
        await client.close()
    return problems


def _template_problems(template: dict[str, object], *, kind: str, setting: str) -> list[str]:
    if template.get("type") != kind:
        given = _KIND_NAMES.get(str(template.get("type")), "something else")
        return [f"{setting}: that template is for {given}, not {_KIND_NAMES[kind]}"]
    text = f"{template.get('subject') or ''} {template.get('body') or ''}"
    unfilled = sorted({name.strip().lower() for name in _PLACEHOLDER.findall(text)} - _FILLED[kind])
    problems = []
    if unfilled:
        problems.append(
            f"{setting}: the template asks for "
            + ", ".join(f"(({name}))" for name in unfilled)
            + f", which heard does not give: Notify would refuse all its {_KIND_NAMES[kind]}"
        )
    if "((body))" not in str(template.get("body") or "").lower():
        problems.append(f"{setting}: the template's message has no ((body)): no letter's text")
    if kind != "sms" and "((subject))" not in str(template.get("subject") or "").lower():
        problems.append(f"{setting}: the template's subject is not ((subject))")
    return problems


# --- sign-in --------------------------------------------------------------------------------


async def sign_in_problems(settings: Settings) -> list[str]:
    """The provider's discovery document: it must be there and name exactly the issuer set,
    since heard refuses an id_token from any other (a Microsoft tenant's domain name in the
    issuer, where the tenant's tokens carry its id, would refuse every sign-in)."""
    issuer = settings.oidc_issuer
    if not settings.web_enabled or issuer is None:
        return []
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(url, headers={"Accept": "application/json"}) as response,
        ):
            status = response.status
            document = await response.json(content_type=None) if status == 200 else None
    except aiohttp.ClientConnectionError as error:
        return [f"HEARD_OIDC_ISSUER: {issuer} is not reachable ({type(error).__name__})"]
    except aiohttp.ClientError as error:  # a redirect loop, a body cut short: no document
        return [f"HEARD_OIDC_ISSUER: {issuer} gave no discovery document ({type(error).__name__})"]
    except ValueError:  # the answer was not JSON
        document = None
    if status != 200:
        return [f"HEARD_OIDC_ISSUER: {issuer} has no discovery document (it answered {status})"]
    named = document.get("issuer") if isinstance(document, dict) else None
    if not isinstance(named, str):
        return [f"HEARD_OIDC_ISSUER: {issuer}'s discovery document is not OpenID Connect's"]
    if named != issuer:
        return [
            f"HEARD_OIDC_ISSUER: the provider names itself {named[:120]}, not {issuer}: "
            "set that, or every sign-in is refused"
        ]
    return []
