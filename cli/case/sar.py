"""`heard case REF sar-wait --for identity|clarification`, `sar-resume` and `sar-complex
--reason TEXT`: a subject access request's clock stops while the council waits, runs again for
the days that were left, or is extended to three months for a complex request
(casework/data_protection.py). `--on DATE` is the day it happened (default today)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from cli.case.common import CaseCommand, action, parser


def _on(command: CaseCommand, arguments: argparse.ArgumentParser) -> argparse.Namespace:
    from cli.case.common import parse_date

    arguments.add_argument("--on")
    chosen = arguments.parse_args(command.args)
    chosen.day = (
        parse_date(chosen.on, option="--on")
        if chosen.on
        else command.context.calendar.local_date(command.now)
    )
    return chosen


def _refusals(run: Callable[[CaseCommand], str]) -> Callable[[CaseCommand], str]:
    def wrapped(command: CaseCommand) -> str:
        from casework.data_protection import DataProtectionRefused

        try:
            return run(command)
        except DataProtectionRefused as error:
            raise ValueError(str(error)) from None

    return wrapped


@action("sar-wait", "heard case REF sar-wait --for identity|clarification: stop the clock")
@_refusals
def wait(command: CaseCommand) -> str:
    from casework.data_protection import stop_clock

    arguments = parser("sar-wait")
    arguments.add_argument(
        "--for", dest="waiting_for", required=True, choices=["identity", "clarification"]
    )
    try:
        chosen = _on(command, arguments)
    except argparse.ArgumentError as error:
        raise ValueError(str(error)) from None
    stop_clock(
        command.context_service(),
        command.session,
        case=command.case,
        waiting_for=chosen.waiting_for,
        on=chosen.day,
        actor=command.actor,
        now=command.now,
    )
    return (
        f"{command.case.reference}: clock stopped on {chosen.day}, waiting for {chosen.waiting_for}"
    )


@action("sar-resume", "heard case REF sar-resume: what was waited for arrived; the clock runs")
@_refusals
def resume(command: CaseCommand) -> str:
    from casework.data_protection import restart_clock

    chosen = _on(command, parser("sar-resume"))
    clock = restart_clock(
        command.context_service(),
        command.session,
        case=command.case,
        on=chosen.day,
        actor=command.actor,
        now=command.now,
    )
    return f"{command.case.reference}: clock running again, answer due by {clock.effective_due}"


@action("sar-complex", "heard case REF sar-complex --reason TEXT: three months to answer")
@_refusals
def complex_request(command: CaseCommand) -> str:
    from casework.data_protection import extend_complex

    arguments = parser("sar-complex")
    arguments.add_argument("--reason", required=True)
    chosen = _on(command, arguments)
    clock = extend_complex(
        command.context_service(),
        command.session,
        case=command.case,
        reason=chosen.reason,
        on=chosen.day,
        actor=command.actor,
        now=command.now,
    )
    return f"{command.case.reference}: complex, answer due by {clock.effective_due}"
