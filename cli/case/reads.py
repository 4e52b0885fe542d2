"""`heard case REF reads`: who looked at this case, when, and what they saw (store/reads.py)."""

from __future__ import annotations

import typer

from cli.case.common import Act, As, OneLineCommand, app, run
from cli.common import moment_column


@app.command("reads", cls=OneLineCommand)
def reads(ctx: typer.Context, as_: As = None) -> None:
    """Everyone who saw this case's details, oldest first."""
    from store.reads import reads_of

    def act(a: Act) -> str:
        zone = a.context.settings.zone
        found = reads_of(a.session, case=a.case)
        if not found:
            return f"{a.case.reference}: nobody has looked at it"
        lines = [f"{a.case.reference}: seen {len(found)} time{'s' if len(found) != 1 else ''}"]
        for read in found:
            # named as the case's trail names them, with the identity `heard audit staff --by`
            # takes when the rule file gives them a name
            named = a.context.organisation.who(read.actor)
            who = named if read.actor.endswith(f":{named}") else f"{named} ({read.actor})"
            lines.append(f"  {moment_column(read.at, zone)}  {who}  {read.what}")
        return "\n".join(lines)

    run(ctx, None, as_, act)
