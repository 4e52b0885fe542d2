"""Serving Slack inside `heard serve`: HTTP mode (signed requests on /slack/events, checked by
bot/endpoint.py) or Socket Mode when an app token is set, plus the outbox poster that sends
cards and chasers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

from bot.app import build_app
from bot.at_work import ListenersAtWork
from bot.deps import SlackConfigError, SlackDeps
from bot.endpoint import web_app
from bot.identity import BotIdentity, web_client
from outbound.slack_poster import SlackPoster
from store import slack_requests

log = logging.getLogger("heard.slack")
LISTENERS_GRACE = 10.0  # seconds stop waits for listeners at work (a call to Slack gives up at 10)


class SlackComponent:
    def __init__(self, deps: SlackDeps) -> None:
        config = deps.config
        if not config.app_token and not config.signing_secret:
            raise SlackConfigError(
                "HEARD_SLACK_SIGNING_SECRET: needed for HTTP mode "
                "(or set HEARD_SLACK_APP_TOKEN for Socket Mode)"
            )
        self.deps = deps
        self.client = web_client(config)
        self.identity = BotIdentity(token=self.client.token or "")
        self.app = build_app(deps, client=self.client, identity=self.identity)
        self.at_work = ListenersAtWork()
        self.at_work.watch(self.app)
        self.poster = SlackPoster(
            engine=deps.engine,
            client=self.client,
            clock=deps.clock,
            first_retry=timedelta(seconds=config.outbox_retry_seconds),
        )
        self.stop_event = asyncio.Event()
        self.tasks: list[asyncio.Task[None]] = []
        self.runner: web.AppRunner | None = None
        self.socket_handler: AsyncSocketModeHandler | None = None
        self.port: int | None = None

    @property
    def describe(self) -> str:
        config = self.deps.config
        if config.app_token:
            return "Slack in Socket Mode"
        return f"Slack in HTTP mode on {config.http_host}:{config.http_port}/slack/events"

    async def start(self) -> None:
        config = self.deps.config
        if config.app_token:
            self.socket_handler = AsyncSocketModeHandler(self.app, config.app_token)
            await self.socket_handler.connect_async()
        else:
            assert config.signing_secret is not None  # checked in __init__
            deps = self.deps

            def first_time(key: str) -> bool:
                return slack_requests.first_time(deps.engine, key=key, now=deps.clock.now())

            self.runner = web.AppRunner(
                web_app(self.app, signing_secret=config.signing_secret, first_time=first_time)
            )
            await self.runner.setup()
            site = web.TCPSite(self.runner, config.http_host, config.http_port)
            await site.start()
            self.port = self._bound_port(site) or config.http_port
        self.tasks.append(asyncio.create_task(self.poster.run(self.stop_event)))
        self.tasks.append(asyncio.create_task(self.identity.learn(self.client)))

    async def socket_mode_problem(self) -> str | None:
        """In Socket Mode, whether the websocket to Slack is up (Slack sends no event to an app
        whose connection is down: buttons and slash commands fail until it is back). None in
        HTTP mode, where Slack's requests come in to heard's own endpoint."""
        if not self.deps.config.app_token:
            return None
        if self.socket_handler is None:
            return "Socket Mode not connected yet"
        if not await self.socket_handler.client.is_connected():
            return "Socket Mode connection down (reconnecting)"
        return None

    @staticmethod
    def _bound_port(site: web.TCPSite) -> int | None:
        """The port actually bound (HEARD_SLACK_HTTP_PORT=0 picks a free one, as tests do)."""
        sockets = getattr(site._server, "sockets", None) or ()
        return int(sockets[0].getsockname()[1]) if sockets else None

    async def stop(self) -> None:
        self.stop_event.set()
        for task in self.tasks:
            if task.done():  # stopped before (and perhaps cancelled then): nothing to wait for
                continue
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, timeout=5)
        if self.socket_handler is not None:
            await self.socket_handler.close_async()
        if self.runner is not None:
            await self.runner.cleanup()  # no request comes in now, and every ack has gone
        # A listener works on after its ack; heard disposes the engine once this returns.
        if not await self.at_work.finished(timeout=LISTENERS_GRACE):
            log.warning("slack stopped with a listener still at work after %s s", LISTENERS_GRACE)
