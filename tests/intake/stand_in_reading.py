"""A stand-in for what a reading child runs: it reads as heard does, except that a message
carrying `X-Stand-In: stall` never finishes (as 1.4 MB of nested tags did for 160 s in a
quadratic sanitiser). Module level, so a spawned child can import it."""

from __future__ import annotations

from intake.reader import ReadFailure, Reading, ReadRequest, _read_many_in_child, reading_started

STALL = b"X-Stand-In: stall"


def stalling_reading(requests: list[ReadRequest]) -> list[Reading | ReadFailure]:
    for request in requests:
        if STALL in request.raw[:2000]:
            reading_started()
            while True:  # busy, as a quadratic loop is: never sleeps, never ends
                pass
    return _read_many_in_child(requests)
