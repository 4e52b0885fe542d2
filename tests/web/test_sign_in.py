"""Signing in to the web view: single-use links, OpenID Connect against the stand-in provider
(each bad token refused), sessions with idle and absolute timeouts, sign-out, CSRF, headers."""

from __future__ import annotations

from datetime import timedelta

import httpx2
import pytest

from testkit.oidc_provider import Misbehaviour, OidcProvider
from testkit.web_rules import MANAGER, NO_ROLE, OFFICER
from tests.web.conftest import Web, csrf_of, make_link


def signed_in_email(web: Web) -> str | None:
    from sqlmodel import col, select

    from store.db import read_scope
    from store.models import WebSession

    with read_scope(web.context.engine) as session:
        statement = select(WebSession.email).where(col(WebSession.email).is_not(None))
        return session.exec(statement).first()


def test_healthz_answers_without_sign_in_and_every_page_has_the_security_headers(web: Web) -> None:
    health = web.client.get("/healthz")
    assert (health.status_code, health.text) == (200, "ok\n")
    page = web.client.get("/sign-in")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"
    assert page.headers["cache-control"] == "no-store"
    assert "<script>" not in page.text  # every script is a file: the policy allows no other


def test_a_case_page_asks_for_sign_in_and_returns_there_after_it(web: Web) -> None:
    reference = web.new_case()
    first = web.client.get(f"/cases?q={reference}")
    assert (first.status_code, first.headers["location"]) == (303, "/sign-in")
    link = make_link(web.context, OFFICER)
    page = web.client.get(link)
    assert "Sign in as officer@council.example" in page.text
    before = web.client.cookies.get("heard_session")
    answer = web.client.post(link, data={"csrf_token": csrf_of(page.text)})
    assert (answer.status_code, answer.headers["location"]) == (303, f"/cases?q={reference}")
    assert web.client.cookies.get("heard_session") != before  # a new session at sign-in
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert web.client.get("/cases").status_code == 200


def test_a_sign_in_link_works_once_and_for_fifteen_minutes(web: Web) -> None:
    link = make_link(web.context, OFFICER)
    page = web.client.get(link)
    token = csrf_of(page.text)
    assert web.client.post(link, data={"csrf_token": token}).status_code == 303
    web.client.cookies.clear()
    assert web.client.get(link).status_code == 410
    late = make_link(web.context, OFFICER)
    web.clock.advance(timedelta(minutes=15, seconds=1))
    assert web.client.get(late).status_code == 410
    assert web.client.get("/auth/link/made-up").status_code == 410


def test_a_link_for_someone_without_a_role_signs_no_one_in(web: Web) -> None:
    link = make_link(web.context, NO_ROLE)
    page = web.client.get(link)
    assert web.client.post(link, data={"csrf_token": csrf_of(page.text)}).status_code == 410
    assert web.client.get("/cases").status_code == 303


def test_a_cross_site_post_changes_nothing(web: Web) -> None:
    link = make_link(web.context, OFFICER)
    page = web.client.get(link)
    token = csrf_of(page.text)
    assert web.client.post(link, data={}).status_code == 403
    assert web.client.post(link, data={"csrf_token": "guess"}).status_code == 403
    evil = web.client.post(
        link, data={"csrf_token": token}, headers={"Origin": "https://evil.example"}
    )
    assert evil.status_code == 403
    assert signed_in_email(web) is None
    assert web.client.post(link, data={"csrf_token": token}).status_code == 303  # still unused


def test_sessions_end_when_idle_and_after_the_absolute_limit(web: Web) -> None:
    web.sign_in()
    web.clock.advance(timedelta(minutes=29))
    assert web.client.get("/cases").status_code == 200
    web.clock.advance(timedelta(minutes=31))
    assert web.client.get("/cases").status_code == 303
    web.sign_in()
    for _ in range(40):  # active every 20 minutes for 13 hours: still ends at 10 hours
        web.clock.advance(timedelta(minutes=20))
        if web.client.get("/cases").status_code != 200:
            break
    else:
        raise AssertionError("the session outlived its absolute limit")


def test_sign_out_needs_the_form_token_and_ends_the_session(web: Web) -> None:
    web.sign_in()
    page = web.client.get("/cases")
    assert web.client.post("/auth/sign-out", data={}).status_code == 403
    assert web.client.get("/cases").status_code == 200
    out = web.client.post("/auth/sign-out", data={"csrf_token": csrf_of(page.text)})
    assert (out.status_code, out.headers["location"]) == (303, "/sign-in?signed-out=1")
    assert "Max-Age=0" in out.headers["set-cookie"]
    assert web.client.get("/cases").status_code == 303


def test_cookies_are_secure_and_host_only_behind_https(web_context) -> None:
    from dataclasses import replace

    from starlette.testclient import TestClient

    from heard.web_wiring import web_deps
    from web.app import build_app

    deps = web_deps(web_context)
    deps = replace(deps, config=replace(deps.config, base_url="https://heard.council.example"))
    with TestClient(
        build_app(deps), base_url="https://testserver", follow_redirects=False
    ) as client:
        answer = client.get("/cases")
        cookie = answer.headers["set-cookie"]
        assert cookie.startswith("__Host-heard_session=") and "Secure" in cookie
        assert answer.headers["strict-transport-security"].startswith("max-age=")


# --- OpenID Connect against the stand-in -------------------------------------------------
def oidc_sign_in(web: Web, provider: OidcProvider) -> httpx2.Response:
    start = web.client.get("/auth/login")
    assert start.status_code == 302, start.text
    at_provider = httpx2.get(start.headers["location"], follow_redirects=False)
    assert at_provider.status_code == 302, at_provider.text
    back = httpx2.URL(at_provider.headers["location"])
    return web.client.get(f"{back.path}?{back.query.decode()}")


def test_oidc_sign_in_with_the_stand_in_provider(
    oidc_web: Web, oidc_provider: OidcProvider
) -> None:
    oidc_provider.sign_in_as(OFFICER.upper())
    answer = oidc_sign_in(oidc_web, oidc_provider)
    assert (answer.status_code, answer.headers["location"]) == (303, "/cases")
    assert signed_in_email(oidc_web) == OFFICER
    authorize = next(path for method, path in oidc_provider.requests if "/authorize" in path)
    assert "nonce=" in authorize and "state=" in authorize
    assert oidc_web.client.get("/cases").status_code == 200
    # with a provider configured, sign-in links are off
    assert oidc_web.client.get(make_link(oidc_web.context, OFFICER)).status_code == 404


@pytest.mark.parametrize("misbehaviour", list(Misbehaviour))
def test_each_bad_token_is_refused(
    oidc_web: Web, oidc_provider: OidcProvider, misbehaviour: Misbehaviour
) -> None:
    oidc_provider.sign_in_as(OFFICER)
    oidc_provider.misbehave(misbehaviour)
    answer = oidc_sign_in(oidc_web, oidc_provider)
    assert answer.status_code == 403, answer.text
    assert "could not be signed in" in answer.text
    assert signed_in_email(oidc_web) is None
    assert oidc_web.client.get("/cases").status_code == 303


def test_a_replayed_callback_signs_no_one_in(oidc_web: Web, oidc_provider: OidcProvider) -> None:
    oidc_provider.sign_in_as(OFFICER)
    start = oidc_web.client.get("/auth/login")
    back = httpx2.URL(httpx2.get(start.headers["location"]).headers["location"])
    callback = f"{back.path}?{back.query.decode()}"
    assert oidc_web.client.get(callback).status_code == 303
    oidc_web.client.cookies.clear()
    assert oidc_web.client.get(callback).status_code == 403


def test_sign_in_with_slack_checks_the_workspace(
    oidc_web: Web, oidc_provider: OidcProvider
) -> None:
    from dataclasses import replace

    from starlette.testclient import TestClient

    from web.app import build_app

    config = oidc_web.deps.config
    assert config.oidc is not None
    deps = replace(
        oidc_web.deps,
        config=replace(config, oidc=replace(config.oidc, slack_team_id="T0COUNCIL")),
    )
    with TestClient(build_app(deps), follow_redirects=False) as client:
        slack_web = Web(oidc_web.context, deps, client, oidc_web.clock)
        oidc_provider.sign_in_as(OFFICER, **{"https://slack.com/team_id": "T0ELSEWHERE"})
        refused = oidc_sign_in(slack_web, oidc_provider)
        assert refused.status_code == 403 and "workspace" in refused.text
        oidc_provider.sign_in_as(OFFICER, **{"https://slack.com/team_id": "T0COUNCIL"})
        assert oidc_sign_in(slack_web, oidc_provider).status_code == 303


def test_someone_with_no_role_is_signed_in_but_sees_no_case(
    oidc_web: Web, oidc_provider: OidcProvider
) -> None:
    reference = oidc_web.new_case()
    oidc_provider.sign_in_as(NO_ROLE)
    assert oidc_sign_in(oidc_web, oidc_provider).status_code == 303
    page = oidc_web.client.get("/cases")
    assert page.status_code == 403 and "no role" in page.text
    # Each try is in the audit log (who and when), a case's on its trail; nothing was read.
    assert oidc_web.client.get(f"/cases/{reference}").status_code == 403
    from tests.web.test_case_pages import audit_actions

    refused = [entry for entry in audit_actions(oidc_web) if entry[0] == f"web:{NO_ROLE}"]
    assert refused == [(f"web:{NO_ROLE}", "refused"), (f"web:{NO_ROLE}", "refused")]
    assert audit_actions(oidc_web, reference)[-1] == (f"web:{NO_ROLE}", "refused")


def test_manager_roles_come_from_the_rule_file(web: Web) -> None:
    web.sign_in(MANAGER)
    assert web.client.get("/cases").status_code == 200


def test_a_form_sent_after_the_session_ended_says_so_and_keeps_the_typing(web: Web) -> None:
    """walkerI, in Chromium with HEARD_WEB_SESSION_IDLE_MINUTES=1: a case note typed, sent a
    minute later, answered 'The form could not be sent ... the form came from another site.
    Go back, reload the page and try again', and the note was gone. A same-site form sent
    after the session ended now says the person was signed out, nothing was saved, shows
    what they typed to copy, and signing in again comes back to the form. Another site's
    post, and a bad token in a live session, still get the page they got."""
    reference = web.new_case(body="The fostering team never answers my calls about the allowance.")
    web.sign_in()
    path = f"/cases/{reference}/actions/note"
    token = csrf_of(web.client.get(path).text)
    web.clock.advance(timedelta(minutes=31))
    typed = "Spoke to the carer <b>for 40 minutes</b>: she will send the letters."
    same_site = {"Origin": str(web.client.base_url)}
    late = web.client.post(path, data={"csrf_token": token, "note": typed}, headers=same_site)
    assert late.status_code == 403
    page = " ".join(late.text.split())
    assert "You were signed out" in page and "30 minutes without a click" in page
    assert "Nothing was saved" in page
    assert "Spoke to the carer &lt;b&gt;for 40 minutes&lt;/b&gt;: she will send the letters." in page
    assert token not in late.text
    link = make_link(web.context, OFFICER)
    again = web.client.post(link, data={"csrf_token": csrf_of(web.client.get(link).text)})
    assert again.status_code == 303 and again.headers["location"] == path  # back to the form
    evil = web.client.post(
        path, data={"csrf_token": "stale", "note": typed}, headers={"Origin": "https://evil.example"}
    )
    assert evil.status_code == 403 and "could not be sent" in evil.text and "carer" not in evil.text
    live = web.client.post(path, data={"csrf_token": "stale", "note": typed}, headers=same_site)
    assert live.status_code == 403 and "could not be sent" in live.text and "carer" not in live.text
