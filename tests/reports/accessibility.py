"""Run axe-core (from the npm registry) over an HTML file in headless Chromium.

.ci/run installs both (`apt-get install chromium`, `npm install --prefix .ci/axe axe-core`).
Locally a missing one skips the test with one line; in CI it fails, as PostgreSQL does.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

AXE = (
    Path(__file__).resolve().parents[2] / ".ci" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
RUNNER = """
<script>{axe}</script>
<script>
axe.run(document, {{runOnly: {{type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}}})
  .then(function (result) {{
    var out = document.createElement("pre");
    out.id = "axe-results";
    out.textContent = JSON.stringify(result.violations.map(function (v) {{
      return {{id: v.id, impact: v.impact, help: v.help,
               targets: v.nodes.slice(0, 5).map(function (n) {{ return n.target; }})}};
    }}));
    document.body.appendChild(out);
  }})
  .catch(function (error) {{
    var out = document.createElement("pre");
    out.id = "axe-results";
    out.textContent = JSON.stringify([{{id: "axe-error", impact: "critical", help: String(error)}}]);
    document.body.appendChild(out);
  }});
</script>
"""


def chromium() -> str | None:
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )


def require_tools() -> str:
    browser = chromium()
    missing = [name for name, ok in (("chromium", browser), ("axe-core", AXE.is_file())) if not ok]
    if missing:
        message = f"{' and '.join(missing)} not installed (see .ci/run)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    assert browser is not None
    return browser


def axe_violations(page: Path, work: Path) -> list[dict[str, object]]:
    browser = require_tools()
    source = page.read_text(encoding="utf-8")
    checked = work / "axe-page.html"
    checked.write_text(
        source.replace("</body>", RUNNER.format(axe=AXE.read_text(encoding="utf-8")) + "</body>"),
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={work / 'chromium-profile'}",
            "--virtual-time-budget=60000",
            "--dump-dom",
            checked.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', result.stdout, flags=re.S)
    assert found, f"axe did not report (chromium exit {result.returncode}): {result.stderr[-500:]}"
    return json.loads(html.unescape(found.group(1)))
