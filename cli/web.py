"""`heard web`: the staff web view's commands."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import context_or_exit, fail

app = typer.Typer(help="The staff web view.", no_args_is_help=True)

LINK_LIFETIME_MINUTES = 15


@app.command("sign-in-link")
def sign_in_link(
    email: Annotated[str, typer.Argument(help="The staff member's email, as in roles: emails.")],
) -> None:
    """Print a single-use sign-in link, valid 15 minutes, for a member of staff with a role.

    For councils without an identity provider (no HEARD_OIDC_ISSUER): send the link to the
    person by a channel you trust (it signs in whoever opens it first)."""
    import secrets
    from datetime import timedelta

    from org.addresses import is_email
    from store import web_sessions
    from store.db import session_scope

    address = email.strip().lower()
    if not is_email(address):
        raise fail(f"{email[:80]!r} is not an email address")
    context = context_or_exit(create_sqlite=True)
    try:
        settings = context.settings
        if settings.oidc_issuer:
            raise fail("sign-in links are off: staff sign in with HEARD_OIDC_ISSUER")
        if not context.organisation.roles_for_email(address):
            raise fail(
                f"{address} has no role in the rule file (add it to an `emails:` list under roles:)"
            )
        token = secrets.token_urlsafe(32)
        now = context.clock.now()
        with session_scope(context.engine) as session:
            web_sessions.create_link(
                session,
                token=token,
                email=address,
                now=now,
                expires_at=now + timedelta(minutes=LINK_LIFETIME_MINUTES),
            )
    finally:
        context.engine.dispose()
    base = settings.web_base_url or f"http://{settings.web_host}:{settings.web_port}"
    typer.echo(f"{base}/auth/link/{token}")
    typer.echo(
        f"(for {address}; works once, until {LINK_LIFETIME_MINUTES} minutes from now)", err=True
    )
