"""Which Slack user groups a user is in, for roles granted to groups in the rule file.

Looked up with usergroups.list (include_users) and cached for a few minutes; only when the rule
file grants a role to any group, so councils that list users pay no API call. If Slack does not
answer, the last known membership (or none) is used: a refusal is safer than a wrong grant.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger("heard.slack")


class GroupMembership:
    def __init__(self, client: AsyncWebClient, *, wanted: frozenset[str], ttl: float = 300):
        self.client = client
        self.wanted = wanted
        self.ttl = ttl
        self._members: dict[str, frozenset[str]] = {}
        self._fetched_at: float | None = None  # never: the first lookup always fetches
        self._lock = asyncio.Lock()

    async def of(self, user: str) -> frozenset[str]:
        if not self.wanted:
            return frozenset()
        async with self._lock:
            if self._fetched_at is None or time.monotonic() - self._fetched_at > self.ttl:
                await self._refresh()
        return frozenset(group for group, users in self._members.items() if user in users)

    async def _refresh(self) -> None:
        try:
            answer = await asyncio.wait_for(self.client.usergroups_list(include_users=True), 2)
        except Exception:
            log.warning("usergroups.list failed; using the last known group membership")
            self._fetched_at = time.monotonic() - self.ttl + 30  # try again in 30 s, not per click
            return
        groups: list[dict[str, Any]] = answer.get("usergroups") or []
        self._members = {
            str(group["id"]): frozenset(group.get("users") or [])
            for group in groups
            if group.get("id") in self.wanted
        }
        self._fetched_at = time.monotonic()
