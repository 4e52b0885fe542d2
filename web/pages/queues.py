"""Queues (`/queues`): what waits for the signed-in person, by their role.

The complaints team sees the cases nobody has opened yet and the triage proposals to confirm; a
team manager sees their team's open cases, soonest due first; a director sees how many cases
are overdue in each directorate and the overdue cases in theirs. Like the case list, a page of
queues shows each case's subject, which can name a child: it is a read of every case on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cases.enums import AuditAction, Role
from store.cases.finding import CaseFilter, Order, Page, find_cases, overdue_by_directorate
from store.db import read_rows, session_scope
from web.deps import WebDeps
from web.guard import staff_or_refusal
from web.pages.cases import case_rows
from web.pages.listing import week_end
from web.paths import site_path
from web.render import Pages
from web.views_audit import record_view

QUEUE_SIZE = 50


@dataclass(frozen=True)
class Queue:
    id: str
    title: str
    found: Page
    rows: list[list[dict[str, object]]]
    all_href: str | None = None


def queue_routes(deps: WebDeps, pages: Pages) -> list[Route]:
    def queues(request: Request) -> Response:
        staff = staff_or_refusal(request, deps, pages)
        if isinstance(staff, Response):
            return staff
        today = deps.today()
        found: list[Queue] = []
        directorates: list[tuple[str, int]] = []
        with read_rows(deps.engine) as connection:

            def queue(
                queue_id: str,
                title: str,
                wanted: CaseFilter,
                *,
                order: Order,
                href: str | None = None,
            ) -> None:
                page = find_cases(
                    connection,
                    wanted=wanted,
                    today=today,
                    week_end=week_end(today),
                    order=order,
                    limit=QUEUE_SIZE,
                )
                found.append(
                    Queue(
                        queue_id,
                        title,
                        page,
                        case_rows(page.cases, deps=deps, today=today, root=site_path(request, "")),
                        href,
                    )
                )

            if Role.COMPLAINTS_OFFICER in staff.roles:
                queue(
                    "not-yet-read",
                    "Not yet read",
                    CaseFilter(not_yet_read=True),
                    order=Order.NEWEST,
                )
                queue(
                    "triage-to-confirm",
                    "Triage to confirm",
                    CaseFilter(triage_to_confirm=True),
                    order=Order.NEWEST,
                )
            for team in deps.directory.teams_managed_by(staff.email):
                queue(
                    f"team-{team.id}",
                    f"{team.name}: open cases, soonest due first",
                    CaseFilter(teams=frozenset({team.id}), open_only=True),
                    order=Order.DUE,
                    href=site_path(request, f"/cases?team={team.id}"),
                )
            led = deps.directory.directorates_led_by(staff.email)
            if Role.DIRECTOR in staff.roles or led:
                counts = overdue_by_directorate(connection, today=today)
                directorates = [
                    (name, counts.get(directorate_id, 0))
                    for directorate_id, name in deps.directory.directorates
                ]
                for directorate_id in led:
                    queue(
                        f"overdue-{directorate_id}",
                        f"{deps.directory.directorate_name(directorate_id)}: overdue cases",
                        CaseFilter(directorates=frozenset({directorate_id}), overdue=True),
                        order=Order.DUE,
                    )
        shown = [case.reference for queue in found for case in queue.found.cases]
        if shown:  # walkerI: the queues showed subjects and left no entry; the list did
            with session_scope(deps.engine) as session:
                record_view(
                    session,
                    deps,
                    staff=staff,
                    action=AuditAction.CASES_SEARCHED,
                    details={"queues": [queue.id for queue in found], "shown": shown},
                )
        return pages.render(
            request,
            "queues.html",
            staff=staff,
            nav="queues",
            queues=found,
            wide=True,
            directorates=directorates,
        )

    return [Route("/queues", queues)]
