"""A stand-in OpenID provider on a free local port, written from OpenID Connect Core 1.0 and
Discovery 1.0: a discovery document, a JWKS, an authorization endpoint (code flow) and a token
endpoint that signs RS256 id_tokens as a real provider does.

Like Sign in with Slack, it refuses an authorisation request without a nonce. Tests set who
signs in (`sign_in_as`) and may make the next token misbehave (`misbehave`): wrong audience,
expired, bad signature, wrong nonce, wrong issuer, or none at all. Every request is recorded.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey


class Misbehaviour(StrEnum):
    WRONG_AUDIENCE = "wrong_audience"
    EXPIRED = "expired"
    BAD_SIGNATURE = "bad_signature"
    WRONG_NONCE = "wrong_nonce"
    WRONG_ISSUER = "wrong_issuer"
    NO_ID_TOKEN = "no_id_token"
    UNVERIFIED_EMAIL = "unverified_email"


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    nonce: str
    claims: dict[str, Any]


@dataclass
class OidcProvider:
    client_id: str = "heard-test-client"
    client_secret: str = "heard-test-secret"  # a test value, not a real secret
    redirect_uris: list[str] = field(default_factory=list)
    claims: dict[str, Any] = field(default_factory=dict)  # the next person to sign in
    misbehaviour: Misbehaviour | None = None
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path with query)
    issuer_path: str = ""  # e.g. "/tenant-id/v2.0", as Entra ID's issuers have
    bind_port: int = 0  # 0: a free port (tests); fixed for testkit.standins

    def __post_init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "stand-in-1", "use": "sig"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "stand-in-1"})
        self.grants: dict[str, Grant] = {}
        self.server: ThreadingHTTPServer | None = None

    # --- what tests call ------------------------------------------------------------------
    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.server_address[1])

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.issuer_path}"

    def sign_in_as(self, email: str, **claims: Any) -> None:
        self.claims = {"sub": f"user-{email}", "email": email, "email_verified": True, **claims}

    def misbehave(self, how: Misbehaviour | None) -> None:
        self.misbehaviour = how

    def start(self) -> OidcProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                provider.requests.append(("GET", self.path))
                path = urlsplit(self.path).path.removeprefix(provider.issuer_path)
                query = dict(parse_qsl(urlsplit(self.path).query))
                if path == "/.well-known/openid-configuration":
                    self._json(200, provider.discovery())
                elif path == "/jwks":
                    self._json(200, {"keys": [provider.key.as_dict(private=False)]})
                elif path == "/authorize":
                    status, location, error = provider.authorize(query)
                    if location:
                        self.send_response(302)
                        self.send_header("Location", location)
                        self.end_headers()
                    else:
                        self._json(status, {"error": error})
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                provider.requests.append(("POST", self.path))
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                path = urlsplit(self.path).path.removeprefix(provider.issuer_path)
                if path != "/token":
                    self._json(404, {"error": "not_found"})
                    return
                status, body = provider.token(form, self.headers.get("Authorization"))
                self._json(status, body)

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", self.bind_port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # --- the endpoints, per OpenID Connect Core 3.1.2 and 3.1.3 ----------------------------
    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "claims_supported": [
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "nonce",
                "email",
                "email_verified",
            ],
        }

    def authorize(self, query: dict[str, str]) -> tuple[int, str | None, str]:
        if query.get("client_id") != self.client_id:
            return 400, None, "unauthorized_client"
        redirect_uri = query.get("redirect_uri", "")
        if self.redirect_uris and redirect_uri not in self.redirect_uris:
            return 400, None, "invalid_redirect_uri"
        state = query.get("state")
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return (
                302,
                f"{redirect_uri}?{urlencode({'error': 'invalid_request', 'state': state})}",
                "",
            )
        if not query.get("nonce"):
            return (
                302,
                f"{redirect_uri}?{urlencode({'error': 'invalid_request', 'error_description': 'nonce required', 'state': state})}",
                "",
            )
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(self.client_id, redirect_uri, query["nonce"], dict(self.claims))
        return 302, f"{redirect_uri}?{urlencode({'code': code, 'state': state})}", ""

    def token(self, form: dict[str, str], authorization: str | None) -> tuple[int, dict[str, Any]]:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _, secret = decoded.partition(":")
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        grant = self.grants.pop(form.get("code", ""), None)  # a code works once
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant.redirect_uri:
            return 400, {"error": "invalid_grant"}
        body: dict[str, Any] = {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "expires_in": 3600,
        }
        if self.misbehaviour is not Misbehaviour.NO_ID_TOKEN:
            body["id_token"] = self.id_token(grant)
        return 200, body

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": grant.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.nonce,
            **grant.claims,
        }
        how = self.misbehaviour
        if how is Misbehaviour.WRONG_AUDIENCE:
            claims["aud"] = "someone-else"
        elif how is Misbehaviour.EXPIRED:
            claims["iat"], claims["exp"] = now - 3600, now - 1800
        elif how is Misbehaviour.WRONG_NONCE:
            claims["nonce"] = "not-the-nonce-heard-sent"
        elif how is Misbehaviour.WRONG_ISSUER:
            claims["iss"] = "https://impostor.example"
        elif how is Misbehaviour.UNVERIFIED_EMAIL:
            claims["email_verified"] = False
        key = self.other_key if how is Misbehaviour.BAD_SIGNATURE else self.key
        return jwt.encode({"alg": "RS256", "kid": "stand-in-1"}, claims, key)
