"""`heard case REF hold --reason TEXT` / `release [--reason TEXT]`: a legal hold, which the
retention schedule never touches; `retention-reviewed --reason TEXT`: a person reviewed a case
flagged for safeguarding or child protection, so the schedule may remove its personal data."""

from __future__ import annotations

from cli.case.common import CaseCommand, action, parser


def _reason(command: CaseCommand, name: str, *, required: bool) -> str | None:
    arguments = parser(name)
    arguments.add_argument("--reason", required=required)
    return arguments.parse_args(command.args).reason


@action("hold", "heard case REF hold --reason TEXT: legal hold; retention never touches it")
def hold(command: CaseCommand) -> str:
    from casework import retention

    reason = _reason(command, "hold", required=True) or ""
    try:
        retention.hold(
            command.session, case=command.case, reason=reason, actor=command.actor, now=command.now
        )
    except retention.RetentionRefused as error:
        raise ValueError(str(error)) from None
    return f"{command.case.reference}: under legal hold"


@action("release", "heard case REF release [--reason TEXT]: end a legal hold")
def release(command: CaseCommand) -> str:
    from casework import retention

    reason = _reason(command, "release", required=False)
    try:
        retention.release(
            command.session, case=command.case, actor=command.actor, now=command.now, reason=reason
        )
    except retention.RetentionRefused as error:
        raise ValueError(str(error)) from None
    return f"{command.case.reference}: legal hold released"


@action(
    "retention-reviewed",
    "heard case REF retention-reviewed --reason TEXT: a flagged case reviewed; the schedule applies",
)
def reviewed(command: CaseCommand) -> str:
    from casework import retention

    note = _reason(command, "retention-reviewed", required=True) or ""
    try:
        retention.review(
            command.session, case=command.case, actor=command.actor, now=command.now, note=note
        )
    except retention.RetentionRefused as error:
        raise ValueError(str(error)) from None
    return f"{command.case.reference}: reviewed; the retention schedule applies"
