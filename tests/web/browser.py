"""A real Chromium (Debian's package, driven by Playwright) against the web view served by
uvicorn over a real socket, and axe-core (npm) run in the page for WCAG 2.2 A/AA.

Playwright's own browser download cannot be reached here, so Chromium is Debian's
(`executable_path`); .ci/run installs it and axe-core. Locally a missing one skips with one
line; in CI it fails, as PostgreSQL does.
"""

from __future__ import annotations

from typing import Any

from tests.reports.accessibility import AXE, require_tools

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def require_browser() -> str:
    """Debian's Chromium and axe-core, or a skip (locally) or a failure (CI) saying which."""
    return require_tools()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it stands."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target)}));
        }""",
        WCAG_TAGS,
    )
    return found
