"""The case list (`/cases`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from store.cases.listing import case_lines
from store.db import read_rows
from web.deps import WebDeps
from web.guard import staff_or_refusal
from web.render import Pages


def case_routes(deps: WebDeps, pages: Pages) -> list[Route]:
    def case_list(request: Request) -> Response:
        staff = staff_or_refusal(request, deps, pages)
        if isinstance(staff, Response):
            return staff
        with read_rows(deps.engine) as connection:
            found = case_lines(connection, limit=50)
        return pages.render(request, "cases.html", staff=staff, nav="cases", cases=found)

    return [Route("/cases", case_list)]
