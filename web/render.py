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
# Bidirectional controls reorder the text around them as it is drawn, so a name or file name
# could show staff something other than what it is ("invoice\u202efdp.exe"). They are shown
# as visible marks instead.
BIDI_CONTROLS = {
    code: f"[U+{code:04X}]"
    for code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def visible(value: Any) -> Any:
    """Jinja's `finalize`: every printed value, with bidi controls made visible."""
    if isinstance(value, str):
        return value.translate(BIDI_CONTROLS)
    return value


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
        finalize=visible,
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
            root=request.scope.get("root_path", ""),  # heard's path on its host (web.paths)
            staff=staff,
            csrf_token=row.csrf_token if row is not None else "",
            **context,
        )
        return HTMLResponse(html, status_code=status_code)
