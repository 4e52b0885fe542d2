"""GOV.UK Notify's delivery receipts at /notify/callback: the endpoint the composition root
hands the web server (web/ serves it on HEARD_WEB_PORT without knowing what it is).

Notify sends the bearer token the council set in Notify's callback settings; anything else is
refused 401 and changes nothing. The receipt itself is recorded by outbound/notify_receipts.py.
"""

from __future__ import annotations

import asyncio
import hmac
import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from outbound.notify_receipts import DeliveryReceipts, ReceiptRefused

MAX_RECEIPT_BYTES = 64 * 1024  # a receipt is a few hundred bytes


def checked_token(token: str) -> str:
    """HEARD_NOTIFY_CALLBACK_TOKEN: Notify asks for a bearer token of at least 10 characters;
    a guessable one would let anyone mark letters undelivered."""
    if len(token.strip()) < 20:
        raise ValueError("use at least 20 random characters (e.g. `openssl rand -hex 32`)")
    return token.strip()


def callback_routes(token: str, receipts: DeliveryReceipts) -> list[Route]:
    """The callback route, answering a request that bears `token` (HEARD_NOTIFY_CALLBACK_TOKEN)."""
    expected = f"Bearer {token}".encode()

    async def callback(request: Request) -> Response:
        given = request.headers.get("authorization", "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, expected):
            return JSONResponse({"error": "unauthorised"}, status_code=401)
        body = await request.body()
        if len(body) > MAX_RECEIPT_BYTES:
            return JSONResponse({"error": "too large"}, status_code=413)
        try:
            payload = json.loads(body)
        except ValueError:
            return JSONResponse({"error": "not JSON"}, status_code=400)
        try:
            result = await asyncio.to_thread(receipts.record, payload)
        except ReceiptRefused as refused:
            return JSONResponse({"error": str(refused)}, status_code=400)
        return JSONResponse({"result": result})

    return [Route("/notify/callback", callback, methods=["POST"])]
