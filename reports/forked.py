"""Work done in a forked child process while this one goes on: the report's files are written
side by side on the machine's cores (python-docx and openpyxl are pure Python, so threads would
take turns). The child has a copy of everything already built and gives back only its error.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable

Wait = Callable[[], None]


def started(work: Callable[[], None]) -> Wait:
    """`work` begun in a child process; call what is returned to wait for it to end (raising
    what it raised). Where there is no fork, `work` is done here and now."""
    if not hasattr(os, "fork"):
        work()
        return lambda: None
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send back its error, leave without cleaning up
        os.close(reader)
        code = 0
        try:
            work()
        except BaseException as error:  # every error goes back to the parent
            code = 1
            _send(writer, error)
        os._exit(code)  # no atexit handlers, no flushing the parent's buffers a second time
    os.close(writer)
    return lambda: _ended(pid, reader)


def _send(writer: int, error: BaseException) -> None:
    try:
        sent = pickle.dumps(error)
    except Exception:  # one that will not pickle is sent as its words
        sent = pickle.dumps(RuntimeError(f"{type(error).__name__}: {error}"))
    with os.fdopen(writer, "wb") as pipe:
        pipe.write(sent)


def _ended(pid: int, reader: int) -> None:
    with os.fdopen(reader, "rb") as pipe:
        sent = pipe.read()
    _, status = os.waitpid(pid, 0)
    if sent:
        error = pickle.loads(sent)  # our own child's error, through our own pipe
        raise error
    if status != 0:
        raise RuntimeError(f"the process writing part of the report ended with status {status}")


def all_ended(waits: list[Wait]) -> None:
    """Wait for every child, then raise the first one's error."""
    errors: list[BaseException] = []
    for wait in waits:
        try:
            wait()
        except BaseException as error:  # raised below, once all have ended
            errors.append(error)
    if errors:
        raise errors[0]
