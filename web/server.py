"""The web view's HTTP server: uvicorn's `Server.serve()` on heard's own event loop.

The socket is bound before start-up reports, so `HEARD_WEB_PORT=0` prints the port chosen.
heard/serve.py owns the process's signals (SIGINT and SIGTERM stop every part in order), so
uvicorn is told not to install its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable, Iterator

import uvicorn
from starlette.applications import Starlette


class _EmbeddedServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class WebServer:
    """`app` may be a function that builds the app: then it is built at start, after the
    parts started before it (the SMTP listener first) are already answering."""

    def __init__(self, app: Starlette | Callable[[], Starlette], *, host: str, port: int) -> None:
        self.socket = _bind(host, port)
        self.host = host
        self.port = int(self.socket.getsockname()[1])
        self.app = app
        self.server: uvicorn.Server | None = None
        self.task: asyncio.Task[None] | None = None

    def _config(self) -> uvicorn.Config:
        app = self.app if isinstance(self.app, Starlette) else self.app()
        return uvicorn.Config(
            app,
            log_config=None,  # heard's logging; uvicorn's loggers propagate to it
            access_log=False,  # URLs hold search words, which may be names: never logged
            lifespan="off",
            server_header=False,
            proxy_headers=False,
        )

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        server = self.server = _EmbeddedServer(self._config())
        self.task = asyncio.create_task(server.serve(sockets=[self.socket]), name="web")
        while not server.started:
            if self.task.done():
                await self.task  # raises what stopped it
                return
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self.task, timeout=10)
        self.socket.close()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.setblocking(False)
    return sock
