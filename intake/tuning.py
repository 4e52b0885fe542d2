"""How the process running the listener (`heard serve`) tunes the interpreter for a listener that must answer quickly while other
threads store mail, and the reading processes it starts tuned the same way."""

from __future__ import annotations

import gc
import sys

# Mail is stored on a thread beside the event loop. With CPython's default 5 ms switch interval
# each return from a database call can wait up to 5 ms for the loop to hand over the GIL, which
# shows in the time a client waits for its 250 (bench/smtp_intake.py: p99 about a third lower
# at 1 ms than at 5 ms; at 0.2 ms, SQLite's p99 over eight runs was 23.9 ms on average against
# 25.9 ms at 1 ms, with the listener's rate unchanged).
GIL_SWITCH_INTERVAL_SECONDS = 0.0002
# The cyclic garbage collector stops every thread while it runs. What start-up loaded (modules,
# the rules, SQLAlchemy's mappers) lives for ever, so it is frozen out of the collector's walks,
# and young objects are collected after 20,000 allocations rather than 700: while mail streams
# in, fewer and shorter pauses (bench/smtp_intake.py, three runs each: listener ratio 0.50-0.56
# against 0.45-0.52, end of DATA to 250 p99 27-34 ms against 33-48 ms). The processes that read
# stored mail use the same thresholds: about a tenth less CPU a message.
GC_THRESHOLDS = (20_000, 50, 100)


def tune_interpreter() -> None:
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_SECONDS)
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
