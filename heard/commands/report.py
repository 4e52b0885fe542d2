"""`heard report`: the annual, quarterly and weekly complaints reports."""

from __future__ import annotations

import typer

app = typer.Typer(help="Complaints reports.", no_args_is_help=True)
