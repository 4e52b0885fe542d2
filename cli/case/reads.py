"""`heard case REF reads`: who looked at this case, when, and what they saw (store/reads.py)."""

from __future__ import annotations

from cli.case.common import CaseCommand, action, parser

SUMMARY = "heard case REF reads: everyone who saw this case's details, oldest first"


@action("reads", SUMMARY)
def reads(command: CaseCommand) -> str:
    from store.reads import reads_of

    parser("reads").parse_args(command.args)
    zone = command.context.settings.zone
    found = reads_of(command.session, case=command.case)
    if not found:
        return f"{command.case.reference}: nobody has looked at it"
    lines = [f"{command.case.reference}: seen {len(found)} time{'s' if len(found) != 1 else ''}"]
    for read in found:
        lines.append(f"  {read.at.astimezone(zone):%Y-%m-%d %H:%M}  {read.actor}  {read.what}")
    return "\n".join(lines)
