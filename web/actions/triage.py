"""Change triage as a form, as Slack's Change triage modal and `heard case REF confirm-triage`
with changes do it: the kind of record, the route, why it is not logged, the complainant type,
the issues (category:team, one a line) and where it starts, with the reason; the form opens on
what the case holds now. The change itself is heard/'s (WebDeps.change_triage), which records
each correction against the rule that proposed it, applies it and confirms the triage."""

from __future__ import annotations

from typing import Any

from cases.enums import NotLoggedReason, RecordKind, Route
from cases.kinds import route_problem
from cases.permissions import StaffAction
from cases.procedure import ProcedureError
from casework.triage_change import TriageChange
from web.actions import usecases
from web.actions.base import Act, WebAction
from web.actions.fields import Field, Kind

ISSUES_MAX = 1000
STAGES = (("1", "Stage 1"), ("2", "Stage 2 (a historic statutory complaint)"))


def _fields(act: Act) -> tuple[Field, ...]:
    case, directory = act.case, act.deps.directory
    assert case.id is not None
    issues = usecases.issues_of(act.session, case_id=case.id)
    categories = ", ".join(directory.category_labels) or "as in the rule file"
    teams = ", ".join(team.id for team in directory.teams)
    return (
        Field("kind", "Kind of record", Kind.SELECT,
              choices=tuple((k.value, k.label) for k in RecordKind), initial=str(case.record_kind)),
        Field("route", "Route", Kind.SELECT, choices=tuple((r.value, r.label) for r in Route),
              initial=str(case.route)),
        Field("not_logged", "Reason not logged", Kind.SELECT, required=False,
              hint="Only when the route is not logged",
              choices=tuple((r.value, r.label) for r in NotLoggedReason),
              initial=str(case.not_logged_reason) if case.not_logged_reason else None),
        Field("complainant", "Complainant type", Kind.SELECT, required=False,
              choices=act.deps.complainant_types,
              initial=str(case.complainant_type) if case.complainant_type else None),
        Field("issues", "Issues: category:team, one a line (replaces them all)", Kind.TEXTAREA,
              required=False, hint=f"Categories: {categories}. Teams: {teams}.",
              max_length=ISSUES_MAX,
              initial="\n".join(
                  f"{issue.category}:{issue.team_id}" if issue.team_id else str(issue.category)
                  for issue in issues
              )),
        Field("stage", "Start at", Kind.RADIOS, required=False, choices=STAGES,
              initial="2" if case.historic else "1"),
        Field("why", "Why the change", Kind.TEXTAREA, max_length=1000),
    )  # fmt: skip


def _issues(act: Act, text: str | None) -> tuple[tuple[str, str | None], ...] | None:
    if not text:
        return None
    directory = act.deps.directory
    known_teams = {team.id for team in directory.teams}
    triage_team = next((team.id for team in directory.teams if team.triage_queue), None)
    found: list[tuple[str, str | None]] = []
    for line in text.replace(";", "\n").splitlines():
        if not line.strip():
            continue
        category, _, team = (part.strip() for part in line.partition(":"))
        if directory.category_labels and category not in directory.category_labels:
            raise ProcedureError(f"unknown category {category[:40]!r} in the issues")
        if team and team not in known_teams:
            raise ProcedureError(f"unknown team {team[:40]!r} in the issues")
        found.append((category, team or triage_team))
    return tuple(dict.fromkeys(found))


def _change(act: Act, values: dict[str, Any]) -> str:
    change_triage = act.deps.change_triage
    if change_triage is None:
        raise ProcedureError("changing triage is not available here")
    kind, route = RecordKind(values["kind"]), Route(values["route"])
    mismatch = route_problem(kind, route)
    if mismatch:
        raise ProcedureError(mismatch)
    not_logged = values.get("not_logged")
    if route == Route.NOT_LOGGED and not not_logged:
        raise ProcedureError("say why it is not logged")
    stage = int(values["stage"]) if values.get("stage") else None
    if stage == 2 and route != Route.STATUTORY:
        raise ProcedureError("only a statutory complaint starts at stage 2")
    change_triage(
        act.session,
        case=act.case,
        actor=act.actor,
        change=TriageChange(
            record_kind=kind,
            route=route,
            not_logged_reason=NotLoggedReason(not_logged)
            if route == Route.NOT_LOGGED and not_logged
            else None,
            why=values["why"],
            complainant_type=values.get("complainant"),
            issues=_issues(act, values.get("issues")),
            start_stage=stage,
        ),
        now=act.now,
    )
    return "Triage changed and confirmed"


CHANGE_TRIAGE = WebAction(
    "change-triage",
    "Change triage",
    StaffAction.CHANGE_TRIAGE,
    None,
    _fields,
    _change,
    "kind",
    needs="triage",
)
