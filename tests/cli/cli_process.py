"""Running the real `heard` command in a child process, as an operator would, and the shape
every refusal must have: exit code 2, one line on stderr, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_SCRIPT = Path(sys.executable).with_name("heard")
COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "heard"]


def quiet_environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    """The caller's environment without HEARD_* settings, a database of its own and ports
    that are always free (0), so that only the setting under test can be wrong."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("HEARD_")}
    env.update(
        {
            "HEARD_DATABASE_URL": f"sqlite:///{tmp_path / 'heard.db'}",
            "HEARD_SMTP_PORT": "0",
            "HEARD_SLACK_HTTP_PORT": "0",
            "HEARD_WEB_PORT": "0",
        }
    )
    env.update(settings)
    return env


def run_heard(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def refusal(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a refusal printed; fails the test unless it is exactly that."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 2, output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, output
    return lines[0]
