"""A small reverse proxy that serves heard under a path of its host, as a council's intranet
proxy does (https://intranet.council.gov.uk/heard/ → heard's port): for the browser tests of
web/paths.py and for trying it by hand.

    uv run python -m testkit.path_proxy --port 24080 --upstream http://127.0.0.1:8080 \
        --prefix /heard [--strip]

`--strip` passes /heard/cases on as /cases (nginx `proxy_pass http://heard/;`); without it the
path goes on whole (`proxy_pass http://heard;`). Anything outside the prefix is answered 404,
as the intranet's other services would answer it: a link that leaves heard's path shows up.
Redirects are passed back as they are, and the Host header is the upstream's, as nginx sends."""

from __future__ import annotations

import argparse
import asyncio
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import aiohttp
from aiohttp import web

# Hop-by-hop headers (RFC 9110 7.6.1) and those aiohttp sets itself.
_NOT_PASSED = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "te", "upgrade", "host",
     "content-length", "proxy-connection", "trailer"}
)  # fmt: skip


SESSION = web.AppKey("session", aiohttp.ClientSession)
OUTSIDE = web.AppKey("outside", list[str])


def proxy_app(upstream: str, prefix: str, *, strip: bool) -> web.Application:
    outside: list[str] = []  # paths asked for outside the prefix, for a test to read

    async def forward(request: web.Request) -> web.StreamResponse:
        path = request.raw_path
        if path != prefix and not path.startswith(prefix + "/"):
            outside.append(path)
            return web.Response(status=404, text="not heard's path\n")
        onward = (path[len(prefix) :] or "/") if strip else path
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _NOT_PASSED}
        session: aiohttp.ClientSession = request.app[SESSION]
        async with session.request(
            request.method,
            upstream.rstrip("/") + onward,
            headers=headers,
            data=await request.read(),
            allow_redirects=False,
        ) as answer:
            body = await answer.read()
            passed = [(k, v) for k, v in answer.headers.items() if k.lower() not in _NOT_PASSED]
            response = web.Response(status=answer.status, body=body)
            for key, value in passed:
                if key.lower() != "content-encoding":
                    response.headers.add(key, value)
            return response

    async def session_context(app: web.Application) -> AsyncIterator[None]:
        app[SESSION] = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        yield
        await app[SESSION].close()

    application = web.Application()
    application[OUTSIDE] = outside
    application.cleanup_ctx.append(session_context)
    application.router.add_route("*", "/{tail:.*}", forward)
    return application


def listening() -> socket.socket:
    """A socket bound to a free local port: its address goes into HEARD_WEB_BASE_URL before
    heard is built, and the proxy then serves on it."""
    bound = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    bound.bind(("127.0.0.1", 0))
    return bound


@contextmanager
def proxied(
    upstream: str, prefix: str, *, strip: bool, bound: socket.socket
) -> Iterator[list[str]]:
    """The proxy on `bound`, in a thread: yields the list of paths asked for outside the
    prefix."""
    loop = asyncio.new_event_loop()
    application = proxy_app(upstream, prefix, strip=strip)
    runner = web.AppRunner(application)
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.SockSite(runner, bound).start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30), "the proxy did not start"
    try:
        yield application[OUTSIDE]
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True, help="heard's web view, http://host:port")
    parser.add_argument("--prefix", default="/heard")
    parser.add_argument("--strip", action="store_true", help="pass the path on without prefix")
    args = parser.parse_args()
    web.run_app(
        proxy_app(args.upstream, args.prefix.rstrip("/"), strip=args.strip),
        host="127.0.0.1",
        port=args.port,
    )


if __name__ == "__main__":
    main()
