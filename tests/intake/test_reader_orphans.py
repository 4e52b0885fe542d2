"""A reading child whose heard died while the child was still starting ends itself: it is
given heard's pid, since by the time it could ask for its parent it may already have been
handed to another (walkerE: kill -9 of `heard serve` soon after it started left its reading
children running half an hour later). A real process whose parent is gone."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from heard.settings import DEFAULT_RULES_PATH

CHILD = textwrap.dedent(
    """
    import multiprocessing, sys, time
    from pathlib import Path
    from intake.reader import _start_child
    context = multiprocessing.get_context("spawn")
    _start_child(Path(sys.argv[1]), None, context.Array("d", 1), context.Value("i", 0),
                 int(sys.argv[2]))
    time.sleep(120)  # waiting on its task queue, as a reader does
    """
)


def test_a_child_started_after_heard_died_ends_itself() -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    heard_that_died = int(gone.stdout)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(DEFAULT_RULES_PATH), str(heard_that_died)]
    )
    try:
        assert child.wait(timeout=90) == 0  # ended by its watch, long before its sleep ends
    finally:
        child.kill()
