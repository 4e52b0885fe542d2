"""`heard case REF ACTION`: every action staff take in Slack, from the terminal.

Each action is a thin adapter over casework/: it reads its options, runs the action in one
transaction through the same case service Slack uses (so letters, cards and reminders follow),
and prints one line. `--on DATE` is the day it happened (default today; never before the
complaint arrived nor in the future) and `--as NAME` who did it (default the login name).
Wrong input gets one line on stderr and exit status 2, never a traceback.

common.py holds the `heard case` app and the runner every action goes through; each other
module registers one family of actions on it (a new staff action goes beside its family).
"""

# ruff: noqa: I001  (the order they are imported in is the order `heard case --help` lists them)
from cli.case.common import app
from cli.case import stages, ombudsman, closing, learning, contact, reads, retention, sar, triage
from cli.case import event, log, reports

__all__ = [
    "app",
    "closing",
    "contact",
    "event",
    "learning",
    "log",
    "ombudsman",
    "reads",
    "reports",
    "retention",
    "sar",
    "stages",
    "triage",
]
