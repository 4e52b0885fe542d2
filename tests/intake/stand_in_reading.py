"""A stand-in for what a reading child runs: it reads as heard does, except that a message
carrying `X-Stand-In: stall` never finishes (as 1.4 MB of nested tags did for 160 s in a
quadratic sanitiser), and one carrying `X-Stand-In: after PATH` is not begun until the file
PATH exists (so a test can hold a message in a child while another one stalls). Module level,
so a spawned child can import it."""

from __future__ import annotations

import os
import re
import time

from intake.reader import ReadFailure, Reading, ReadRequest, _read_many_in_child, reading_started

STALL = b"X-Stand-In: stall"
_AFTER = re.compile(rb"X-Stand-In: after (\S+)")


def stalling_reading(requests: list[ReadRequest]) -> list[Reading | ReadFailure]:
    for request in requests:
        if STALL in request.raw[:2000]:
            reading_started()
            while True:  # busy, as a quadratic loop is: never sleeps, never ends
                pass
        if after := _AFTER.search(request.raw[:2000]):
            while not os.path.exists(after.group(1)):
                time.sleep(0.05)
    return _read_many_in_child(requests)
