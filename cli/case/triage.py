"""`heard case REF confirm-triage`: confirm triage's proposal, or correct any of it first.

Corrections: --kind, --route with --reason, --type (complainant type), --add-issue and
--remove-issue CATEGORY[:TEAM] (repeatable; removing one and adding two splits it), --stage 2
to start a historic complaint at stage 2; --why is required when anything changes. Each
change is recorded against the rule that proposed it, for `heard triage report`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from cases.enums import NotLoggedReason, RecordKind, Route
from cases.kinds import route_problem
from cli.case.common import Act, As, OneLineCommand, Preview, app, run
from cli.common import fail

if TYPE_CHECKING:
    from cases.triage_result import IssueKey
    from org.directory import Organisation
    from triage.rulebook import Rulebook

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class Corrections:
    kind: str | None
    route: str | None
    reason: str | None
    type: str | None
    add_issue: list[str]
    remove_issue: list[str]
    stage: int | None
    why: str | None


AddIssues = Annotated[
    list[str] | None,
    typer.Option(
        metavar="CATEGORY[:TEAM]",
        help="An issue to add: a category id from the rule file and the team id answering it "
        "(without one, the triage queue's team). Repeat it for each.",
    ),
]
RemoveIssues = Annotated[
    list[str] | None,
    typer.Option(
        metavar="CATEGORY[:TEAM]",
        help="An issue to take off: its category id, and its team id to take off only that "
        "team's. Repeat it for each; removing one and adding two splits it.",
    ),
]


@app.command("confirm-triage", cls=OneLineCommand)
def confirm_triage_command(
    ctx: typer.Context,
    kind: Annotated[
        str | None, typer.Option(help=f"One of {', '.join(k.value for k in RecordKind)}.")
    ] = None,
    route: Annotated[
        str | None, typer.Option(help=f"One of {', '.join(r.value for r in Route)}.")
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(help=f"Why not logged: {', '.join(r.value for r in NotLoggedReason)}."),
    ] = None,
    type_: Annotated[str | None, typer.Option("--type", help="The complainant type.")] = None,
    add_issue: AddIssues = None,
    remove_issue: RemoveIssues = None,
    stage: Annotated[
        int | None, typer.Option(min=1, max=2, help="2: a historic complaint starts at stage 2.")
    ] = None,
    why: Annotated[str | None, typer.Option(help="Needed when anything changes.")] = None,
    preview: Preview = False,
    as_: As = None,
) -> None:
    """Confirm triage's proposal, or correct any of it first (each change is recorded against
    the rule that proposed it, for `heard triage report`)."""
    options = Corrections(
        kind, route, reason, type_, add_issue or [], remove_issue or [], stage, why
    )

    def act(a: Act) -> str:
        try:
            return confirm_triage(a, options)
        except ValueError as error:
            raise fail(f"confirm-triage: {error}") from None

    run(ctx, None, as_, act, preview=preview)


def confirm_triage(command: Act, options: Corrections) -> str:
    # Imported here so that `heard --help` does not load the store and the triage engine.
    from casework import triage as casework_triage
    from casework.triage_change import TriageChange, change_triage
    from store.cases.queries import issues_of
    from triage.corrections import StaffTriage, corrections_found

    rulebook, session, case = command.context.rulebook, command.session, command.case
    organisation = command.context.organisation
    assert case.id is not None
    current = [
        (str(issue.category), issue.team_id) for issue in issues_of(session, case_id=case.id)
    ]
    kind = choice(options.kind, RecordKind, "--kind") or case.record_kind
    route = choice(options.route, Route, "--route") or case.route
    reason = choice(options.reason, NotLoggedReason, "--reason")
    mismatch = route_problem(kind, route)
    if mismatch and (options.kind or options.route):
        raise ValueError(f"--kind {kind.value} --route {route.value}: {mismatch}")
    if route == Route.NOT_LOGGED:
        reason = reason or case.not_logged_reason
        if reason is None:
            raise ValueError("--route not_logged needs --reason")
    elif reason is not None:
        raise ValueError("--reason goes with --route not_logged")
    complainant = options.type or str(case.complainant_type)
    if complainant not in rulebook.complainant_type_specs:
        raise ValueError(
            f"--type: unknown complainant type {complainant!r}; one of: "
            + ", ".join(sorted(rulebook.complainant_type_specs))
        )
    removed = [
        _issue(text, rulebook, organisation, "--remove-issue") for text in options.remove_issue
    ]
    for key in removed:
        matching = [k for k in current if k[0] == key[0] and (key[1] is None or k[1] == key[1])]
        if not matching:
            raise ValueError(f"--remove-issue: the case has no issue {_show(key)}")
        current = [k for k in current if k not in matching]
    for text in options.add_issue:
        key = _issue(text, rulebook, organisation, "--add-issue")
        key = (key[0], key[1] or organisation.triage_team.id)
        if key not in current:
            current.append(key)
    if route not in (Route.NOT_LOGGED, Route.NONE) and not current:
        raise ValueError("a logged complaint needs at least one issue (--add-issue)")
    stage = options.stage or (2 if case.historic else 1)
    if stage == 2 and route != Route.STATUTORY:
        raise ValueError("--stage 2 is for statutory complaints")
    staff = StaffTriage(
        record_kind=kind.value,
        route=route.value,
        not_logged_reason=reason.value if reason else None,
        complainant_type=complainant,
        issues=tuple(current),
        start_stage=stage,
    )
    before = StaffTriage(
        record_kind=case.record_kind.value,
        route=case.route.value,
        not_logged_reason=case.not_logged_reason.value if case.not_logged_reason else None,
        complainant_type=str(case.complainant_type),
        issues=tuple((str(i.category), i.team_id) for i in issues_of(session, case_id=case.id)),
        start_stage=2 if case.historic else 1,
    )
    if staff == before:
        casework_triage.confirm_triage(
            command.service, session, case=case, actor=command.actor, now=command.now
        )
        return f"{case.reference}: triage confirmed as proposed"
    if not options.why or not options.why.strip():
        raise ValueError("say why you are changing heard's proposal (--why)")
    changed = change_triage(
        command.service,
        session,
        case=case,
        actor=command.actor,
        change=TriageChange(
            record_kind=kind,
            route=route,
            not_logged_reason=reason,
            why=options.why.strip(),
            complainant_type=complainant,
            issues=tuple(current),
            start_stage=stage,
            advocacy_offer=(case.advocacy_offer or rulebook.complainant_type(complainant).advocacy),
        ),
        now=command.now,
        find_corrections=corrections_found,
    )
    return f"{case.reference}: triage corrected ({', '.join(changed) or 'nothing triage proposed'}) and confirmed"


def choice(value: str | None, enum: type[E], option: str) -> E | None:
    if value is None:
        return None
    try:
        return enum(value.strip().lower())
    except ValueError:
        raise ValueError(
            f"{option}: {value[:40]!r} is not one of {', '.join(m.value for m in enum)}"
        ) from None


def _issue(text: str, rulebook: Rulebook, organisation: Organisation, option: str) -> IssueKey:
    category, _, team = text.partition(":")
    category, team = category.strip(), team.strip()
    if category not in rulebook.category_specs:
        raise ValueError(
            f"{option}: unknown category {category[:40]!r}; one of: "
            + ", ".join(sorted(rulebook.category_specs))
        )
    if team and organisation.team(team) is None:
        raise ValueError(f"{option}: unknown team {team[:40]!r}")
    return category, team or None


def _show(key: IssueKey) -> str:
    return f"{key[0]}:{key[1]}" if key[1] else key[0]
