"""The Dockerfile and the systemd unit, read as an administrator's reviewer would (no Docker
engine or systemd here to run them): the image runs the interpreter heard is tested on in both
stages, installs exactly uv.lock without dev tools and runs as a non-root user with a health
check; the unit keeps what heard writes (children's data) to its own user and passes
`systemd-analyze verify` where systemd is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_image_runs_the_tested_interpreter_from_the_lock_as_a_non_root_user() -> None:
    text = (ROOT / "Dockerfile").read_text()
    lowest = re.search(
        r">=\s*(\d+\.\d+)",
        tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"],
    )
    assert lowest is not None
    bases = re.findall(r"^FROM python:(\d+\.\d+)-slim", text, flags=re.MULTILINE)
    assert bases == [lowest.group(1)] * 2  # builder and runtime alike, the version tested
    syncs = re.findall(r"uv sync ([^\n]+)", text)
    assert len(syncs) == 2 and all("--locked" in s and "--no-dev" in s for s in syncs)
    assert "--no-install-project" in syncs[0] and "--no-editable" in syncs[1]
    assert re.search(r"^USER heard$", text, flags=re.MULTILINE)
    assert "HEALTHCHECK" in text and "/healthz" in text
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".venv" in ignored and ".env" in ignored


def test_the_unit_keeps_heards_files_to_heard_and_verifies() -> None:
    unit = (ROOT / "deploy" / "heard.service").read_text()
    assert re.search(r"^UMask=0077$", unit, flags=re.MULTILINE)
    assert re.search(r"^User=heard$", unit, flags=re.MULTILINE)
    # --offline: heard must start while Microsoft or Notify is away (cli/service_checks.py)
    assert "ExecStartPre=/opt/heard/.venv/bin/heard config check --offline\n" in unit
    assert re.search(r"^ExecReload=/bin/kill -HUP \$MAINPID$", unit, flags=re.MULTILINE)


def test_the_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    heard = shutil.which("heard") or str(ROOT / ".venv" / "bin" / "heard")
    unit = (ROOT / "deploy" / "heard.service").read_text()
    copy = tmp_path / "heard.service"
    copy.write_text(unit.replace("/opt/heard/.venv/bin/heard", heard))  # not installed here
    result = subprocess.run(
        [analyze, "verify", str(copy)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
