"""Serving Slack inside `heard serve`: HTTP mode (signed requests on /slack/events) or Socket
Mode when an app token is set, plus the outbox poster that sends cards and chasers."""

from __future__ import annotations

import asyncio
import contextlib

from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

from bot.app import BotIdentity, build_app, web_client
from heard.context import AppContext
from heard.errors import StartupError
from outbound.slack_poster import SlackPoster


class SlackComponent:
    def __init__(self, context: AppContext) -> None:
        settings = context.settings
        if not settings.slack_app_token and not settings.slack_signing_secret:
            raise StartupError(
                "HEARD_SLACK_SIGNING_SECRET: needed for HTTP mode "
                "(or set HEARD_SLACK_APP_TOKEN for Socket Mode)"
            )
        self.context = context
        self.client = web_client(context)
        self.identity = BotIdentity(token=self.client.token or "")
        self.app = build_app(context, client=self.client, identity=self.identity)
        self.poster = SlackPoster(engine=context.engine, client=self.client, clock=context.clock)
        self.stop_event = asyncio.Event()
        self.tasks: list[asyncio.Task[None]] = []
        self.runner: web.AppRunner | None = None
        self.socket_handler: AsyncSocketModeHandler | None = None
        self.port: int | None = None

    @property
    def describe(self) -> str:
        settings = self.context.settings
        if settings.slack_app_token:
            return "Slack in Socket Mode"
        return (
            f"Slack in HTTP mode on {settings.slack_http_host}:{settings.slack_http_port}"
            "/slack/events"
        )

    async def start(self) -> None:
        settings = self.context.settings
        if settings.slack_app_token:
            self.socket_handler = AsyncSocketModeHandler(
                self.app, settings.slack_app_token.get_secret_value()
            )
            await self.socket_handler.connect_async()
        else:
            self.runner = web.AppRunner(self.app.web_app(path="/slack/events"))
            await self.runner.setup()
            site = web.TCPSite(self.runner, settings.slack_http_host, settings.slack_http_port)
            await site.start()
            sockets = site._server.sockets if site._server else []  # type: ignore[union-attr]
            self.port = sockets[0].getsockname()[1] if sockets else settings.slack_http_port
        self.tasks.append(asyncio.create_task(self.poster.run(self.stop_event)))
        self.tasks.append(asyncio.create_task(self.identity.learn(self.client)))

    async def stop(self) -> None:
        self.stop_event.set()
        for task in self.tasks:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, timeout=5)
        if self.socket_handler is not None:
            await self.socket_handler.close_async()
        if self.runner is not None:
            await self.runner.cleanup()
