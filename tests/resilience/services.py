"""What the resilience tests switch off and on under a running heard: a TCP proxy in front of
PostgreSQL, the smarthost, and Slack's Web API. Each runs on its own thread (the tests are plain
functions driving real processes), and `down()` makes the port refuse connections, as a
stopped service does; `up()` listens on the same port again."""

from __future__ import annotations

import asyncio
import contextlib
import select
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from aiohttp import web
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from testkit.slack_api import SlackStub


class DatabaseProxy:
    """Forwards 127.0.0.1:<port> to PostgreSQL. `down()` closes the listening socket and every
    connection through it, so the database is gone for heard until `up()`."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self.up()
        self._thread.start()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener

    def down(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            pairs, self._pairs = self._pairs, []
        if listener is not None:
            listener.close()
        for a, b in pairs:
            for end in (a, b):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    def close(self) -> None:
        self._stop.set()
        self.down()
        self._thread.join(timeout=5)

    def _serve(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                listener = self._listener
                pairs = list(self._pairs)
            readable = [s for pair in pairs for s in pair]
            if listener is not None:
                readable.append(listener)
            if not readable:
                time.sleep(0.02)
                continue
            try:
                ready, _, _ = select.select(readable, [], [], 0.05)
            except (OSError, ValueError):
                continue  # a socket closed by down() meanwhile
            for sock in ready:
                if sock is listener:
                    self._accept(listener)
                    continue
                self._forward(sock, pairs)

    def _accept(self, listener: socket.socket) -> None:
        try:
            client, _ = listener.accept()
            server = socket.create_connection(self.target, timeout=5)
        except OSError:
            return
        with self._lock:
            if self._listener is not listener:  # went down meanwhile
                client.close()
                server.close()
                return
            self._pairs.append((client, server))

    def _forward(
        self, sock: socket.socket, pairs: list[tuple[socket.socket, socket.socket]]
    ) -> None:
        pair = next((p for p in pairs if sock in p), None)
        if pair is None:
            return
        other = pair[1] if sock is pair[0] else pair[0]
        try:
            data = sock.recv(65536)
            if data:
                other.sendall(data)
                return
        except OSError:
            pass
        with self._lock:
            if pair in self._pairs:
                self._pairs.remove(pair)
        for end in pair:
            end.close()


class _Capture:
    def __init__(self, owner: Smarthost) -> None:
        self.owner = owner

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.owner.lock:
            self.owner.messages.append(
                (list(envelope.rcpt_tos), bytes(envelope.original_content or b""))
            )
        return "250 2.0.0 captured"


class Smarthost:
    """The council's relay: captures what heard sends; `down()` refuses connections."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[tuple[list[str], bytes]] = []
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    def up(self) -> None:
        self._controller = Controller(_Capture(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def down(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, recipient: str) -> list[bytes]:
        with self.lock:
            return [data for rcpts, data in self.messages if recipient in rcpts]


class Slack:
    """testkit's Slack Web API stand-in on a fixed port, on its own event loop thread."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.stub = SlackStub(port=port)
        self.loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return self.stub.url

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    def up(self) -> None:
        async def start() -> web.AppRunner:
            application = web.Application()
            application.router.add_post("/api/{method}", self.stub.handle)
            application.router.add_get("/api/{method}", self.stub.handle)
            runner = web.AppRunner(application)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", self.port, reuse_address=True).start()
            return runner

        self._runner = self._run(start())

    def down(self) -> None:
        if self._runner is not None:
            self._run(self._runner.cleanup())
            self._runner = None

    def close(self) -> None:
        self.down()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()

    def posts(self, channel: str) -> list[dict[str, Any]]:
        return [post for post in list(self.stub.posted) if post.get("channel") == channel]


@contextlib.contextmanager
def running(*services: Any) -> Iterator[None]:
    try:
        yield
    finally:
        for service in services:
            with contextlib.suppress(Exception):
                (getattr(service, "close", None) or service.down)()
