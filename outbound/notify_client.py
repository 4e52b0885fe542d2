"""GOV.UK Notify's API, small and async: the same JWT scheme as notifications-python-client
(HS256 over {iss: service id, iat: now} with the key's secret half), on aiohttp so a send never
blocks the event loop the SMTP listener and Slack share.

notifications-python-client itself is synchronous (requests) and would need a thread per send;
the three sends heard makes (email, text message, letter) are a POST each, and the two reads
a GET each (what Notify holds under a letter's reference, before each send; a template, for
`heard config check`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
import jwt

from cases.invisible import holds_invisible
from outbound.http_session import LazySession, json_or_empty

REQUEST_TIMEOUT_SECONDS = 30
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_KEY = re.compile(rf"(?:.*-)?({_UUID})-({_UUID})")


# Notify's rule for the last line of a UK address: a real UK postcode.
UK_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}", re.IGNORECASE)
MIN_ADDRESS_LINES, MAX_ADDRESS_LINES = 3, 7
# Notify refuses (400, for good) a letter with a line beginning with one of these, and one to
# "no fixed abode" (notifications-utils' PostalAddress): staff are told at the form, where the
# letter would otherwise be taken and then fail at Notify (walkerD: '"Rose Cottage"').
NOTIFY_BAD_FIRST_CHARACTERS = '@()=[]"\\/,<>~'
_NO_FIXED_ABODE = re.compile(r"no fixed (abode|address)|^nfa$", re.IGNORECASE | re.MULTILINE)


def address_problem(lines: list[str]) -> str | None:
    """Why Notify would refuse to post to these lines, in one sentence, or None."""
    lines = [line.strip() for line in lines if line.strip()]
    if not MIN_ADDRESS_LINES <= len(lines) <= MAX_ADDRESS_LINES:
        return f"an address has {MIN_ADDRESS_LINES} to {MAX_ADDRESS_LINES} lines, not {len(lines)}"
    if not UK_POSTCODE.fullmatch(lines[-1]):
        return f"the last line must be a UK postcode, not {lines[-1][:40]!r}"
    if any(len(line) > 100 for line in lines):
        return "an address line is at most 100 characters"
    for number, line in enumerate(lines, start=1):
        if holds_invisible(line):  # a tab, a bidi control: printed, the letter reads wrong
            return f"line {number} cannot hold a tab or other invisible characters"
        if line[0] in NOTIFY_BAD_FIRST_CHARACTERS:
            return (
                f"line {number} cannot begin with {line[0]!r}: GOV.UK Notify refuses a line "
                "that does, so leave it off"
            )
    if _NO_FIXED_ABODE.search("\n".join(lines)):
        return (
            "GOV.UK Notify posts nothing to no fixed abode: give an address where post reaches "
            "them, or choose email"
        )
    return None


# Notify's 400s that are about heard's settings or the council's Notify service, not about the
# letter or its recipient: the letter waits (retried) until someone puts the setting right.
_SETUP_ERRORS = (
    "Template not found",
    "Missing personalisation",
    "team-only API key",
    "team api key",
    "not allowed to send",
)


class NotifyError(Exception):
    """Notify refused a request: its status, first error name and message (never the key),
    and the setting to check when the refusal is about a setting."""

    def __init__(
        self,
        status: int,
        error: str,
        message: str,
        retry_after: float | None,
        *,
        setting: str | None = None,
    ) -> None:
        check = f" (check {setting})" if setting else ""
        super().__init__(f"Notify answered {status} {error}: {message[:300]}{check}")
        self.status = status
        self.error = error
        self.retry_after = retry_after
        self.setting = setting

    @property
    def permanent(self) -> bool:
        """A request Notify will refuse however often it is sent (a bad address or number);
        403 (a revoked key), 429 and a refusal naming a setting may pass once someone acts
        or waits."""
        return self.status == 400 and self.setting is None


def setting_for(status: int, message: str, kind: str) -> str | None:
    """Which setting a refusal points at: the key (403), the kind's template, the service."""
    if status == 403:
        return "HEARD_NOTIFY_API_KEY"
    if status != 400 or not any(part in message for part in _SETUP_ERRORS):
        return None
    if message.startswith(("Template not found", "Missing personalisation")):
        template = {"email": "EMAIL", "sms": "SMS", "letter": "LETTER"}.get(kind, kind.upper())
        return f"HEARD_NOTIFY_{template}_TEMPLATE_ID and the template's ((placeholders))"
    return "HEARD_NOTIFY_API_KEY (a live key) and the service's settings in Notify"


def checked_key(api_key: str) -> str:
    """Checked when the settings are read, so a truncated paste is caught at start, not at
    the first letter (ValueError names the expected shape)."""
    NotifyKey.parse(api_key)
    return api_key.strip()


@dataclass(frozen=True)
class NotifyKey:
    service_id: str
    secret: str

    @classmethod
    def parse(cls, api_key: str) -> NotifyKey:
        """`name-<service id>-<secret>`: the last two UUIDs of the key Notify issues."""
        found = _KEY.fullmatch(api_key.strip())
        if not found:
            raise ValueError("not a Notify API key (name-<service id>-<secret id>)")
        return cls(service_id=found.group(1), secret=found.group(2))

    def __repr__(self) -> str:
        return f"NotifyKey(service_id={self.service_id!r})"

    def bearer(self, now: float) -> str:
        return jwt.encode({"iss": self.service_id, "iat": int(now)}, self.secret, algorithm="HS256")


@dataclass
class NotifyClient:
    key: NotifyKey
    api_url: str = "https://api.notifications.service.gov.uk"
    wall_clock: Callable[[], float] = time.time
    _sessions: LazySession = field(
        default_factory=lambda: LazySession(REQUEST_TIMEOUT_SECONDS), init=False, repr=False
    )

    async def send_email(
        self, *, to: str, template_id: str, personalisation: dict[str, str], reference: str
    ) -> dict[str, Any]:
        return await self._post(
            "email",
            {
                "email_address": to,
                "template_id": template_id,
                "personalisation": personalisation,
                "reference": reference,
            },
        )

    async def send_sms(
        self, *, to: str, template_id: str, personalisation: dict[str, str], reference: str
    ) -> dict[str, Any]:
        return await self._post(
            "sms",
            {
                "phone_number": to,
                "template_id": template_id,
                "personalisation": personalisation,
                "reference": reference,
            },
        )

    async def send_letter(
        self, *, template_id: str, personalisation: dict[str, str], reference: str
    ) -> dict[str, Any]:
        """`personalisation` holds address_line_1 … address_line_7 (the last a postcode)."""
        return await self._post(
            "letter",
            {
                "template_id": template_id,
                "personalisation": personalisation,
                "reference": reference,
            },
        )

    async def template(self, template_id: str, *, kind: str) -> dict[str, Any]:
        """The template as Notify holds it (`type`, `subject`, `body`): `heard config check`
        reads each HEARD_NOTIFY_*_TEMPLATE_ID's before the first letter needs it."""
        return await self._call("GET", f"template/{template_id}", kind=kind)

    async def sent_with_reference(self, reference: str, *, kind: str) -> list[dict[str, Any]]:
        """The notifications of this kind Notify holds (7 days) with heard's reference for a
        letter: whether a letter whose answer heard never recorded was taken after all."""
        query = urlencode({"reference": reference, "template_type": kind})
        answer = await self._call("GET", f"notifications?{query}", kind=kind)
        found = answer.get("notifications")
        return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []

    async def _post(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", f"notifications/{kind}", kind=kind, body=body)

    async def _call(
        self, method: str, path: str, *, kind: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        url = f"{self.api_url.rstrip('/')}/v2/{path}"
        headers = {
            # A fresh token each request: Notify refuses an iat more than 30 s from its clock.
            "Authorization": f"Bearer {self.key.bearer(self.wall_clock())}",
            "User-Agent": "heard",
        }
        try:
            async with self._sessions.open().request(
                method, url, json=body, headers=headers
            ) as response:
                status, raw = response.status, await response.read()
                retry_after = response.headers.get("Retry-After")
        except aiohttp.ClientConnectionError as error:
            cause = getattr(error, "os_error", None) or error
            why = getattr(cause, "strerror", None) or type(cause).__name__
            raise NotifyError(
                0, "Unreachable", f"not reachable: {why}", None, setting="HEARD_NOTIFY_API_URL"
            ) from None
        answer = json_or_empty(raw)
        if 200 <= status < 300 and isinstance(answer, dict):
            return answer
        errors = answer.get("errors") if isinstance(answer, dict) else None
        first = errors[0] if isinstance(errors, list) and errors else {}
        message = str(first.get("message", "")) if isinstance(first, dict) else ""
        raise NotifyError(
            status,
            str(first.get("error", "Error")) if isinstance(first, dict) else "Error",
            message,
            _seconds(retry_after),
            setting=setting_for(status, message, kind),
        )

    async def close(self) -> None:
        await self._sessions.close()


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None
