"""Which OpenID issuers heard accepts, checked when the settings are read.

Microsoft's multi-tenant endpoints (`/common`, `/organizations`, `/consumers`) would let anyone
with any Microsoft account reach the sign-in callback with a valid token: a council's staff are
one tenant, so only a tenant-specific issuer is accepted. Plain http is for a provider on this
machine only (the tests' stand-in).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SLACK_ISSUER = "https://slack.com"
_MICROSOFT_HOSTS = (
    "login.microsoftonline.com",
    "login.microsoftonline.us",
    "login.partner.microsoftonline.cn",
)
_MULTI_TENANT = {"common", "organizations", "consumers"}
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}


def issuer_problem(issuer: str) -> str | None:
    """Why `issuer` cannot be used, or None."""
    parts = urlsplit(issuer)
    if parts.scheme not in {"https", "http"} or not parts.netloc or parts.query or parts.fragment:
        return f"{issuer[:80]!r} must be the provider's issuer address, like https://slack.com"
    host = (parts.hostname or "").lower()
    if parts.scheme == "http" and f"[{host}]" not in _LOCAL_HOSTS and host not in _LOCAL_HOSTS:
        return f"{issuer[:80]!r}: an issuer must use https (http only on 127.0.0.1)"
    if host in _MICROSOFT_HOSTS:
        tenant = parts.path.strip("/").split("/")[0].lower()
        if not tenant or tenant in _MULTI_TENANT:
            return (
                f"{issuer[:80]!r}: use your tenant's issuer "
                "(https://login.microsoftonline.com/TENANT-ID/v2.0), never /common, "
                "/organizations or /consumers"
            )
    return None


def checked_issuer(issuer: str) -> str:
    problem = issuer_problem(issuer.strip())
    if problem:
        raise ValueError(problem)
    return issuer.strip()


def checked_slack_team_id(team_id: str) -> str:
    problem = slack_team_id_problem(team_id.strip())
    if problem:
        raise ValueError(problem)
    return team_id.strip()


def sign_in_problem(
    issuer: str,
    *,
    client_id: str | None,
    client_secret: object,
    base_url: str | None,
    slack_team_id: str | None,
) -> str | None:
    """What else sign-in through `issuer` needs that is not set, or None."""
    missing = [
        name
        for name, value in (
            ("HEARD_OIDC_CLIENT_ID", client_id),
            ("HEARD_OIDC_CLIENT_SECRET", client_secret),
            ("HEARD_WEB_BASE_URL", base_url),
        )
        if not value
    ]
    if missing:
        return f"{', '.join(missing)} must be set with HEARD_OIDC_ISSUER"
    if is_slack(issuer) and not slack_team_id:
        return (
            "HEARD_OIDC_SLACK_TEAM_ID must name your Slack workspace (T…) with Sign in with Slack"
        )
    return None


def is_slack(issuer: str) -> bool:
    return issuer.rstrip("/") == SLACK_ISSUER


def is_microsoft(issuer: str) -> bool:
    return (urlsplit(issuer).hostname or "").lower() in _MICROSOFT_HOSTS


def slack_team_id_problem(team_id: str) -> str | None:
    return (
        None
        if re.fullmatch(r"[TE][A-Z0-9]{6,20}", team_id)
        else f"{team_id[:40]!r} is not a Slack team id (T…)"
    )
