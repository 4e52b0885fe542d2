"""Pages from Jinja templates: ours in web/templates, GOV.UK Frontend's macros from
govuk-frontend-jinja. Autoescaping is on for every template, so text from complainants (names,
subjects, bodies) is always shown as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from web.deps import WebDeps
from web.staff import Staff

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(TEMPLATES),
                jinja2.PrefixLoader(
                    {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}
                ),
            ]
        ),
        autoescape=True,
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


class Pages:
    """Renders a page with what every page needs: the council's name, who is signed in and
    the session's CSRF token for the forms."""

    def __init__(self, deps: WebDeps) -> None:
        self.deps = deps
        self.env = environment()

    def render(
        self,
        request: Request,
        name: str,
        *,
        staff: Staff | None = None,
        status_code: int = 200,
        **context: Any,
    ) -> HTMLResponse:
        state = request.scope.get("heard.session")
        row = state.row if state is not None else None
        html = self.env.get_template(name).render(
            council_name=self.deps.config.council_name,
            staff=staff,
            csrf_token=row.csrf_token if row is not None else "",
            **context,
        )
        return HTMLResponse(html, status_code=status_code)
