"""Whose turn it is in the reading processes: batches share them, a message read alone has
them to itself.

A message is read alone to find out whether it is the one that stalls or kills a reader, and
such a failure counts against it (set aside for staff after three). The children are stopped
together (a stalled one never ends by itself, and a pool whose child died is broken for every
batch it held), so whatever else was being read beside it failed with it: a disclosure read
in the second child while the first stalled was counted three times and set aside unread. So
a message read alone waits for the batches in hand, and new batches wait for it: what fails
then is its own doing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Turns:
    """A readers-writer lock in which the one reading alone goes before new batches."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._batches = 0  # batches being read
        self._alone = False  # a message is being read alone
        self._waiting = 0  # messages waiting to be read alone

    @contextmanager
    def batch(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._alone and not self._waiting)
            self._batches += 1
        try:
            yield
        finally:
            with self._changed:
                self._batches -= 1
                self._changed.notify_all()

    @contextmanager
    def alone(self) -> Iterator[None]:
        with self._changed:
            self._waiting += 1
            try:
                self._changed.wait_for(lambda: not self._alone and not self._batches)
            finally:
                self._waiting -= 1
            self._alone = True
        try:
            yield
        finally:
            with self._changed:
                self._alone = False
                self._changed.notify_all()
