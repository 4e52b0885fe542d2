"""The web view over a real database (SQLite and PostgreSQL), driven by Starlette's TestClient,
with a settable clock and the OpenID stand-in from testkit/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import httpx2
import pytest
from starlette.testclient import TestClient

from cases.clock import SettableClock
from heard.context import AppContext, build_context
from heard.settings import DEFAULT_RULES_PATH, Settings
from heard.web_wiring import web_deps
from heard.wiring import build_case_service
from testkit.oidc_provider import OidcProvider
from testkit.role_rules import write_rules
from testkit.slack_cases import new_case
from testkit.web_rules import OFFICER, WEB_ROLES
from web.app import build_app
from web.deps import OidcConfig, WebDeps

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday, in working hours
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Web:
    context: AppContext
    deps: WebDeps
    client: TestClient
    clock: SettableClock

    def sign_in(self, email: str = OFFICER) -> None:
        """Sign in with a fresh single-use link, as `heard web sign-in-link` makes one."""
        link = make_link(self.context, email)
        page = self.client.get(link)
        assert page.status_code == 200, page.text
        answer = self.client.post(link, data={"csrf_token": csrf_of(page.text)})
        assert answer.status_code == 303, answer.text

    def new_case(
        self, body: str = "My son's social worker is rude.", subject: str = "Complaint"
    ) -> str:
        """A case as mail makes it: triaged, with its complainant and the message itself."""
        reference = new_case(
            engine=self.context.engine,
            service=build_case_service(self.context),
            rulebook=self.context.rulebook,
            clock=self.clock,
            body=body,
            subject=subject,
        )
        self.add_message(reference, text=body, sender="parent@example.org", subject=subject)
        return reference

    def log_contact(
        self,
        *,
        channel: str,
        received: date,
        name: str,
        text: str,
        files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
        **fields: str,
    ) -> httpx2.Response:
        """Post the Log a contact form as staff fill it in, with a fresh CSRF token: the
        contact-logging tests differ only in what was received, when, and what came with it."""
        page = self.client.get("/contacts/new")
        data = {"csrf_token": csrf_of(page.text), "channel": channel, "kind": "complaint",
                **day_fields("received", received),
                "name": name, "text": text, **fields}  # fmt: skip
        return self.client.post("/contacts/new", data=data, files=files)

    def add_message(
        self,
        reference: str,
        *,
        text: str,
        sender: str,
        subject: str = "More about it",
        attachment: bytes | None = None,
    ) -> None:
        from sqlmodel import select

        from cases.enums import Channel, Direction
        from store.db import session_scope
        from store.models import Attachment, Case, Correspondence

        with session_scope(self.context.engine) as session:
            case = session.exec(select(Case).where(Case.reference == reference)).one()
            assert case.id is not None
            message = Correspondence(
                case_id=case.id,
                direction=Direction.INBOUND,
                channel=Channel.EMAIL,
                at=self.clock.now(),
                subject=subject,
                text=text,
                envelope_sender=sender,
            )
            session.add(message)
            session.flush()
            if attachment is not None:
                assert message.id is not None
                session.add(
                    Attachment(
                        correspondence_id=message.id,
                        filename="call log.html",
                        content_type="text/html",
                        size=len(attachment),
                        sha256="0" * 64,
                        content=attachment,
                    )
                )


def day_fields(name: str, day: date) -> dict[str, str]:
    """A date as the GOV.UK date input posts it: three fields named after the question."""
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def make_link(context: AppContext, email: str) -> str:
    import secrets
    from datetime import timedelta

    from store import web_sessions
    from store.db import session_scope

    token = secrets.token_urlsafe(32)
    now = context.clock.now()
    with session_scope(context.engine) as session:
        web_sessions.create_link(
            session, token=token, email=email, now=now, expires_at=now + timedelta(minutes=15)
        )
    return f"/auth/link/{token}"


@pytest.fixture
def web_context(settings: Settings, database_url: str, tmp_path: Path) -> Iterator[AppContext]:
    rules = write_rules(DEFAULT_RULES_PATH, tmp_path / "rules.yaml", roles=WEB_ROLES)
    configured = Settings.model_validate(
        settings.model_copy(
            update={"database_url": database_url, "rules_path": rules, "web_port": 0}
        ).model_dump()
    )
    context = build_context(configured, clock=SettableClock(START))
    yield context
    context.engine.dispose()


@pytest.fixture
def web(web_context: AppContext) -> Iterator[Web]:
    deps = web_deps(web_context)
    clock = web_context.clock
    assert isinstance(clock, SettableClock)
    with TestClient(build_app(deps), follow_redirects=False) as client:
        yield Web(web_context, deps, client, clock)


@pytest.fixture
def oidc_provider() -> Iterator[OidcProvider]:
    provider = OidcProvider(redirect_uris=["http://testserver/auth/callback"]).start()
    yield provider
    provider.stop()


@pytest.fixture
def oidc_web(web_context: AppContext, oidc_provider: OidcProvider) -> Iterator[Web]:
    deps = web_deps(web_context)
    oidc = OidcConfig(
        issuer=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        client_secret=oidc_provider.client_secret,
        redirect_uri="http://testserver/auth/callback",
    )
    deps = replace(deps, config=replace(deps.config, oidc=oidc))
    clock = web_context.clock
    assert isinstance(clock, SettableClock)
    with TestClient(build_app(deps), follow_redirects=False) as client:
        yield Web(web_context, deps, client, clock)
