"""Running the real `heard` command in a child process, as an operator would, or in this
process through typer's runner where the test is not about the process (a child compiles the
rule file afresh, seconds of CPU a command; this process compiled it once), and the shape every
refusal must have: exit code 2, one line on stderr, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cases.clock import Clock

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


def heard(*args: str, clock: Clock | None = None) -> tuple[int, str, str]:
    """`heard ARGS` run in this process through typer's runner: (exit code, stdout, stderr).
    `clock` (a SettableClock) is its "now" instead of the real date, for a test whose days must
    not fall on a weekend or a bank holiday by chance: given as heard.invocation.Invocation, as
    `heard` itself gives the system clock."""
    from typer.testing import CliRunner

    from cli.main import app
    from heard.invocation import Invocation

    result = CliRunner().invoke(app, list(args), obj=Invocation(clock) if clock else None)
    return result.exit_code, result.stdout, result.stderr


def ok(*args: str, clock: Clock | None = None) -> str:
    """`heard ARGS` in this process, which must succeed: its stdout."""
    code, out, err = heard(*args, clock=clock)
    assert code == 0, err
    return out


def run_heard(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`heard ARGS` as a child process. `timeout` is a hang guard, not a bound on heard's speed:
    a loaded 2-core CI machine takes tens of seconds to start one."""
    return subprocess.run(
        [*COMMAND, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def invoke_heard(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`heard ARGS` as run_heard runs it (the installed entry point, cli.main.main, with only
    `env`'s HEARD_* settings, in `cwd`), in this process; an exception the command let out is
    appended to stderr as its traceback, as a child process would print it."""
    import traceback

    from typer.testing import CliRunner

    from cli.main import main

    settings: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith("HEARD_") and name not in env
    }
    settings.update({name: value for name, value in env.items() if name.startswith("HEARD_")})
    before = Path.cwd()
    code: int | str | None = 0
    crashed = ""
    os.chdir(cwd)
    try:
        with CliRunner().isolation(env=settings) as (stdout, stderr, _):
            try:
                main(list(args))
            except SystemExit as stop:
                code = stop.code
            except Exception as error:
                code, crashed = 1, "".join(traceback.format_exception(error))
            out, err = stdout.getvalue().decode(), stderr.getvalue().decode()
    finally:
        os.chdir(before)
    returncode = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(["heard", *args], returncode, out, err + crashed)


def refusal(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a refusal printed; fails the test unless it is exactly that."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 2, output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, output
    return lines[0]
