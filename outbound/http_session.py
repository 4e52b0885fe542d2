"""What heard's clients of outside HTTP services (Microsoft Graph, GOV.UK Notify) share: one
aiohttp session each, opened on first use (inside the event loop that uses it, as aiohttp
needs) and again after `close`, and a body read as JSON leniently (a proxy's HTML error page
reads as {}, so the caller reports the status instead of a parse error)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import aiohttp


@dataclass
class LazySession:
    timeout_seconds: float  # the whole request, connecting to reading the last byte
    _session: aiohttp.ClientSession | None = field(default=None, init=False, repr=False)

    def open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout_seconds)
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def json_or_empty(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return {}
