"""The first message after the listener starts is answered as promptly as the rest. Before its
250 the listener looks for an urgent phrase (intake/prescan.py), which lemmatises words, and
simplemma reads its English dictionary from disk on the first word it is asked: over a second
of CPU, and more than the 10 s an SMTP client waits on a loaded host (the timeouts seen in the
first tests of tests/intake/test_staff_threat and the data protection letters). Building the
pipeline loads it, with the phrase index, before the listener takes mail.

In a fresh interpreter, so that nothing an earlier test did has loaded the dictionary: once the
pipeline is built, compressed files can no longer be read, and the first message's pre-scan
still finds the disclosure (a pre-scan that had to read the dictionary fails, which it
answers with "not urgent")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.intake.test_disclosure_first import DISCLOSURE

ROOT = Path(__file__).resolve().parents[2]

FIRST_MAIL = """
import lzma, sys
from heard.assembly import build_pipeline
from heard.context import build_context
from heard.settings import load_settings
from intake.prescan import reading_priority
from tests.intake.test_intake_e2e import mail

settings = load_settings(environment="test", database_url=sys.argv[1])
context = build_context(settings)
build_pipeline(context)

def unreadable(*args, **kwargs):
    raise OSError("the listener is taking mail: nothing more is read from disk")

lzma.LZMAFile.read = unreadable
print(reading_priority(mail(sys.argv[2]), "Complaint", context.rulebook))
"""


def test_the_first_messages_prescan_reads_nothing_from_disk(tmp_path: Path) -> None:
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("HEARD_")}  # fmt: skip
    environment["PYTHONPATH"] = str(ROOT)
    answer = subprocess.run(
        [sys.executable, "-c", FIRST_MAIL, f"sqlite:///{tmp_path / 'heard.db'}", DISCLOSURE],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert answer.returncode == 0, answer.stderr[-2000:]
    assert answer.stdout.split()[-1] == "1"  # URGENT: the disclosure is read first
