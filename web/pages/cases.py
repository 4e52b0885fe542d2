"""The case list (`/cases`): search, filters and a page of cases, each search audited."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cases.day_words import long_date
from cases.enums import AuditAction, CaseStatus, StageKind
from store.cases.finding import FoundCase, Order, Page, find_cases
from store.db import read_rows, session_scope
from web.deps import WebDeps
from web.guard import staff_or_refusal
from web.pages.listing import ListRequest, Show, read_list_request, week_end
from web.paths import site_path
from web.render import Pages
from web.views_audit import record_view

PAGE_SIZE = 50


def case_routes(deps: WebDeps, pages: Pages) -> list[Route]:
    from web.actions.log_contact import contact_routes
    from web.actions.routes import action_routes
    from web.pages.case_page import case_page_routes
    from web.pages.queues import queue_routes

    def case_list(request: Request) -> Response:
        staff = staff_or_refusal(request, deps, pages)
        if isinstance(staff, Response):
            return staff
        wanted = read_list_request(
            request.query_params, deps.directory, root=site_path(request, "")
        )
        today = deps.today()
        with read_rows(deps.engine) as connection:
            found = find_cases(
                connection,
                wanted=wanted.filter_for(staff, deps.directory.known_as(staff.email)),
                today=today,
                week_end=week_end(today),
                order=Order.NEWEST,
                limit=PAGE_SIZE,
                offset=(wanted.page - 1) * PAGE_SIZE,
            )
        # Filtered or not, the page shows each case's subject, which can name a child: every
        # list shown is a read of the cases on it.
        with session_scope(deps.engine) as session:
            record_view(
                session,
                deps,
                staff=staff,
                action=AuditAction.CASES_SEARCHED,
                # the references the page showed: `heard case REF reads` finds them
                details={
                    **wanted.described(),
                    "shown": [row.reference for row in found.cases],
                },
            )
        return pages.render(
            request,
            "cases.html",
            wide=True,
            staff=staff,
            nav="cases",
            wanted=wanted,
            found=found,
            rows=case_rows(found.cases, deps=deps, today=today, root=wanted.root),
            pagination=pagination(wanted, found),
            selected=selected_filters(wanted, deps),
            team_items=[{"value": "", "text": "Any team"}]
            + [
                {"value": team.id, "text": team.name, "selected": team.id == wanted.team}
                for team in deps.directory.teams
            ],
            stage_items=[{"value": "", "text": "Any stage"}]
            + [
                {"value": kind.value, "text": kind.label, "selected": kind == wanted.stage}
                for kind in StageKind
            ],
            status_items=[{"value": "", "text": "Any status"}]
            + [
                {"value": kind.value, "text": kind.label, "selected": kind == wanted.status}
                for kind in CaseStatus
            ],
            show_items=[
                {"value": show.value, "text": show.label, "checked": show in wanted.shown}
                for show in Show
            ],
            errors=wanted.errors,
        )

    return [
        Route("/cases", case_list),
        *case_page_routes(deps, pages),
        *action_routes(deps, pages),
        *contact_routes(deps, pages),
        *queue_routes(deps, pages),
    ]


def case_rows(
    cases: list[FoundCase], *, deps: WebDeps, today: date, root: str
) -> list[list[dict[str, object]]]:
    """govukTable rows. Text from complainants (the subject) goes in as text, escaped. Each
    reference links to its case page under `root`, heard's path on its host (web.paths)."""
    zone = deps.zone
    rows: list[list[dict[str, object]]] = []
    for case in cases:
        flags = []
        if case.safeguarding:
            flags.append(Markup('<strong class="govuk-tag govuk-tag--red">Safeguarding</strong>'))
        if case.needs_attention:
            flags.append(
                Markup('<strong class="govuk-tag govuk-tag--orange">Needs attention</strong>')
            )
        reference = Markup(
            '<a class="govuk-link heard-nowrap" href="{2}/cases/{0}">{0}</a>{1}'
        ).format(
            case.reference,
            Markup(" ").join(flags) and Markup("<br>") + Markup(" ").join(flags),
            root,
        )
        rows.append(
            [
                # the reference on one line; its flags wrap beneath it (kept on one line with
                # it, they pushed the Status column off a 1280px screen)
                {"html": reference},
                {"text": long_date(case.received_at.astimezone(zone).date())},
                {"text": case.subject or "(no subject)", "classes": "heard-subject"},
                {"text": case.record_kind.label + (f", {case.stage.label}" if case.stage else "")},
                {
                    "text": ", ".join(deps.directory.team_name(team) for team in case.teams)
                    or "Not routed"
                },
                {"html": due_cell(case.due_on, today=today)},
                {
                    "text": f"{case.status.label}\n"
                    + (
                        f"Assigned to {deps.directory.organisation.who(case.assignee)}"
                        if case.assignee
                        else "Not assigned"
                    ),
                    "classes": "heard-lines",
                },
            ]
        )
    return rows


def due_cell(due: date | None, *, today: date) -> Markup:
    if due is None:
        return Markup("")
    text = long_date(due)
    if due < today:
        return Markup('{0} <strong class="govuk-tag govuk-tag--red">Overdue</strong>').format(text)
    return Markup("{0}").format(text)


def pagination(wanted: ListRequest, found: Page) -> dict[str, object] | None:
    last = (min(found.total, 1000) + PAGE_SIZE - 1) // PAGE_SIZE
    if last <= 1 and wanted.page == 1:
        return None
    result: dict[str, object] = {}
    if wanted.page > 1:
        result["previous"] = {"href": wanted.query(page=wanted.page - 1)}
    if wanted.page < last:
        result["next"] = {"href": wanted.query(page=wanted.page + 1)}
    return result


def selected_filters(wanted: ListRequest, deps: WebDeps) -> dict[str, object] | None:
    categories = []
    if wanted.team:
        categories.append(
            {
                "heading": {"text": "Team"},
                "items": [
                    {
                        "href": wanted.query(team="", page=1),
                        "text": deps.directory.team_name(wanted.team),
                    }
                ],
            }
        )
    if wanted.stage:
        categories.append(
            {
                "heading": {"text": "Stage"},
                "items": [{"href": wanted.query(stage="", page=1), "text": wanted.stage.label}],
            }
        )
    if wanted.status:
        categories.append(
            {
                "heading": {"text": "Status"},
                "items": [{"href": wanted.query(status="", page=1), "text": wanted.status.label}],
            }
        )
    if wanted.shown:
        categories.append(
            {
                "heading": {"text": "Show"},
                "items": [
                    {
                        "href": wanted.query(
                            show=sorted(s.value for s in wanted.shown - {show}), page=1
                        ),
                        "text": show.label,
                    }
                    for show in sorted(wanted.shown)
                ],
            }
        )
    if not categories:
        return None
    return {
        "heading": {"text": "Selected filters"},
        "clearLink": {
            "text": "Clear filters",
            "href": ListRequest(words=wanted.words, root=wanted.root).query(),
        },
        "categories": categories,
    }
