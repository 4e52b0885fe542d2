"""A staff form saved while the database is away is shown again with what was typed.

Walking heard with PostgreSQL's connection terminated under a Save (walkerD), the web view
answered 'heard could not show this page. Try again.' in plain text: the note, the response's
findings or the logged call typed for ten minutes were gone, and the log held a traceback per
Save. A lost or unreachable database (store.outage) is a fault a minute cures, so the form comes
back with its answers in place and one error saying nothing was saved, and the log has one line
naming the form and the cause. Any other failure is still heard's error page and a traceback.

A page that only reads (the case list, the queues, a case) has nothing typed to keep: while the
database is away it answers 503 saying so, with one log line, not a traceback per page load.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from store.outage import database_away, outage_cause

log = logging.getLogger("heard.web")
T = TypeVar("T")

DATABASE_AWAY = (
    "heard could not reach its database just now, so nothing was saved. What you typed is "
    "still here: press the button again in a minute"
)


def unless_database_away(work: Callable[[], T], *, form: str) -> T | None:
    """`work()`, or None when the database went away under it (logged in one line)."""
    try:
        return work()
    except Exception as error:
        if not database_away(error):
            raise
        log.warning(
            "web form %s not saved: %s (%s); shown again with what was typed",
            form,
            outage_cause(error),
            type(error).__name__,
        )
        return None


PAGE_AWAY = "heard cannot reach its database just now. Try again in a minute.\n"


async def database_away_page(request: Request, error: Exception) -> Response:
    """Starlette's handler for a database error a route raised: 503 when the database went
    away (Retry-After a minute), else the error goes on to the 500 page and its traceback."""
    if not database_away(error):
        raise error
    route = request.scope.get("route")
    log.warning(
        "web page %s not shown: %s (%s)",
        getattr(route, "path", "?"),  # the route's pattern: no reference, no search words
        outage_cause(error),
        type(error).__name__,
    )
    return PlainTextResponse(PAGE_AWAY, status_code=503, headers={"Retry-After": "60"})
