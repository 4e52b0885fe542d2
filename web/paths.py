"""heard's pages under a path of their host (HEARD_WEB_BASE_URL
https://intranet.council.gov.uk/heard): councils put services behind a reverse proxy that way.

The path is the ASGI `root_path`: Starlette routes by the part after it, and every link, form
action, asset and redirect heard writes begins with it (`root` in templates, `site_path` in
code). A proxy may pass requests on with the path (/heard/cases) or strip it (/cases): both
are served, and a monitor asking heard's own port for /healthz still finds it."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send


def path_of(base_url: str | None) -> str:
    """HEARD_WEB_BASE_URL's path without its last slash: '' for an address of its own."""
    return urlsplit(base_url).path.rstrip("/") if base_url else ""


class ServedUnder:
    """Gives every request the site's path as its root_path, and a path that begins with it
    (the ASGI spec's form, which Starlette's routing and static files read)."""

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.prefix and scope["type"] in ("http", "websocket"):
            path: str = scope["path"]
            if path == self.prefix:
                path += "/"
            elif not path.startswith(self.prefix + "/"):
                path = self.prefix + path  # the proxy stripped it
            scope = {**scope, "root_path": self.prefix, "path": path}
        await self.app(scope, receive, send)


def route_path(scope: Scope) -> str:
    """The path as heard's routes name it (/assets/…, /cases), whatever the site's path."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def site_path(connection: HTTPConnection, path: str) -> str:
    """A path on heard's site (/cases) as the browser must ask for it (/heard/cases)."""
    return str(connection.scope.get("root_path", "")) + path
