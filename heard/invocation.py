"""What one run of a `heard` command is given besides its settings: the clock it reads "now"
from. The composition root chooses it: `heard` itself (cli.main.main) passes the system clock;
a program that runs the commands in-process (the tests, with a SettableClock) passes its own,
as click's context object. Kept apart from heard.context so `heard --help` stays light."""

from __future__ import annotations

from dataclasses import dataclass, field

from cases.clock import Clock, SystemClock


@dataclass(frozen=True)
class Invocation:
    clock: Clock = field(default_factory=SystemClock)
