"""Sign-in by OpenID Connect, with Authlib's Starlette client, for any provider with discovery.

Authlib fetches the discovery document and the provider's keys, sends a nonce with every
authorisation request (heard always asks for the `openid` scope) and checks the id_token's
signature, audience, expiry and nonce. heard adds what a council needs on top: the issuer must
be exactly the configured one (not merely the one the discovery document names), the email
must not be marked unverified, and with Sign in with Slack the person must belong to the
council's workspace.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx2
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.starlette_client import OAuth
from starlette.requests import Request
from starlette.responses import Response

from web.auth.issuers import is_microsoft
from web.auth.refused import SignInRefused
from web.deps import OidcConfig

log = logging.getLogger("heard.web")

SLACK_TEAM_CLAIM = "https://slack.com/team_id"


class OidcSignIn:
    def __init__(self, config: OidcConfig) -> None:
        self.config = config
        oauth = OAuth()
        oauth.register(
            "provider",
            client_id=config.client_id,
            client_secret=config.client_secret,
            server_metadata_url=config.issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile", "timeout": 10},
        )
        self.client: Any = oauth.create_client("provider")

    async def redirect(self, request: Request) -> Response:
        """To the provider's sign-in page; the state and nonce wait in the session."""
        try:
            response: Response = await self.client.authorize_redirect(
                request, self.config.redirect_uri
            )
        except (httpx2.HTTPError, OAuthError, ValueError) as error:
            log.warning("web sign-in: provider discovery failed: %s", type(error).__name__)
            raise SignInRefused(
                "The sign-in service could not be reached. Try again later."
            ) from None
        return response

    async def email_from_callback(self, request: Request) -> str:
        """The verified email of the person the provider sent back, or SignInRefused."""
        try:
            token = await self.client.authorize_access_token(
                request,
                claims_options={
                    "iss": {"essential": True, "value": self.config.issuer},
                    "exp": {"essential": True},
                    "nonce": {"essential": True},
                },
            )
        except OAuthError as error:
            log.warning("web sign-in refused: %s", error.error)
            raise SignInRefused("Sign-in did not complete. Start again.") from None
        except httpx2.HTTPError as error:
            log.warning("web sign-in: the provider could not be reached: %s", type(error).__name__)
            raise SignInRefused(
                "The sign-in service could not be reached. Try again later."
            ) from None
        except Exception as error:  # the token failed a check: signature, audience, expiry…
            log.warning("web sign-in refused: id_token rejected (%s)", type(error).__name__)
            raise SignInRefused("Your sign-in could not be verified. Start again.") from None
        claims = token.get("userinfo")
        if not claims:
            log.warning("web sign-in refused: no id_token in the token response")
            raise SignInRefused("Your sign-in could not be verified. Start again.")
        return self._email(dict(claims))

    def _email(self, claims: dict[str, Any]) -> str:
        team = self.config.slack_team_id  # required with Sign in with Slack (see Settings)
        if team is not None and claims.get(SLACK_TEAM_CLAIM) != team:
            log.warning("web sign-in refused: another Slack workspace")
            raise SignInRefused("That Slack account is not in the council's workspace.")
        email = claims.get("email")
        if not email and is_microsoft(self.config.issuer):
            # Entra ID sends `email` only when the tenant adds it as an optional claim; in one
            # tenant the sign-in name is the tenant's own address for the person.
            email = claims.get("preferred_username")
        if claims.get("email_verified") is False:
            raise SignInRefused("Your provider has not verified your email address.")
        if not isinstance(email, str) or "@" not in email:
            log.warning("web sign-in refused: the provider gave no email address")
            raise SignInRefused("Your provider did not give heard your email address.")
        return email.strip().lower()
