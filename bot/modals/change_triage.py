"""Change triage: the card's button opens this modal; submitting it applies the changed kind,
route, complainant type, issues and starting stage with the reason (audited), records each
change against the rule that proposed it (for `heard triage report`) and confirms the triage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot import ids
from bot.kit import Act, Body, Change, Dates, Kit, Listener
from bot.modals.common import Form, View, enum_options, input_block, modal, select, text_input
from bot.modals.preview import previewing
from cases.enums import NotLoggedReason, RecordKind, Route
from cases.kinds import route_problem
from casework.triage_change import TriageChange, change_triage
from org.directory import Organisation
from store.cases.queries import issues_of
from store.models import Case
from triage.corrections import corrections_found
from triage.rulebook import Rulebook

KINDS = enum_options(list(RecordKind))
ROUTES = enum_options(list(Route))
NOT_LOGGED = enum_options(list(NotLoggedReason))
WHY_MAX = 1000


STAGES = [("1", "Stage 1"), ("2", "Stage 2 (historic complaint)")]
ISSUES_MAX = 1000


@dataclass(frozen=True)
class Choices:
    """What the fuller form offers: the council's lists (rules) and its teams (org/)."""

    rulebook: Rulebook
    organisation: Organisation


def type_options(rulebook: Rulebook) -> list[tuple[str, str]]:
    return [(kind.id, kind.label) for kind in rulebook.complainant_type_specs.values()][:100]


def issues_hint(choices: Choices) -> str:
    """The council's own categories and teams, by the ids the issues field takes."""
    return (
        "Categories: "
        + ", ".join(choices.rulebook.category_specs)
        + ". Teams: "
        + ", ".join(choices.organisation.teams_by_id)
        + "."
    )


@dataclass(frozen=True)
class TriageNow:
    """What the case holds now: the modal opens on it, so staff change only what is wrong."""

    kind: str
    route: str
    not_logged: str | None
    complainant: str | None
    issues: str  # category:team, one per line
    stage: str


def triage_now(session: Session, case: Case) -> TriageNow:
    assert case.id is not None
    issues = issues_of(session, case_id=case.id)
    return TriageNow(
        kind=str(case.record_kind),
        route=str(case.route),
        not_logged=str(case.not_logged_reason) if case.not_logged_reason else None,
        complainant=str(case.complainant_type) if case.complainant_type else None,
        issues=issues_text(
            [(str(issue.category), issue.team_id) for issue in issues], limit=ISSUES_MAX
        ),
        stage="2" if case.historic else "1",
    )


def issues_text(issues: list[tuple[str, str | None]], *, limit: int) -> str:
    """The issues as the field takes them, whole lines only, within the field's limit."""
    lines: list[str] = []
    for category, team in issues:
        line = f"{category}:{team}" if team else category
        if len("\n".join([*lines, line])) > limit:
            break
        lines.append(line)
    return "\n".join(lines)


def change_triage_modal(
    reference: str, *, choices: Choices | None = None, now: TriageNow | None = None
) -> View:
    blocks = [
        input_block("kind", "Kind of record", select(KINDS, initial=now.kind if now else None)),
        input_block("route", "Route", select(ROUTES, initial=now.route if now else None)),
        input_block(
            "not_logged",
            "Reason not logged",
            select(NOT_LOGGED, initial=now.not_logged if now else None),
            optional=True,
        ),
    ]
    if choices is not None:
        blocks += [
            input_block(
                "complainant",
                "Complainant type",
                select(type_options(choices.rulebook), initial=now.complainant if now else None),
                optional=True,
            ),
            input_block(
                "issues",
                "Issues: category:team, one per line (replaces them all)",
                text_input(ISSUES_MAX, multiline=True, initial=now.issues if now else None),
                optional=True,
                hint=issues_hint(choices),
            ),
            input_block(
                "stage",
                "Start at",
                select(STAGES, initial=now.stage if now else None),
                optional=True,
            ),
        ]
    blocks.append(input_block("why", "Why the change", text_input(WHY_MAX)))
    return modal(ids.CHANGE_TRIAGE_VIEW, "Change triage", blocks, reference=reference)


@dataclass(frozen=True)
class ChangeTriageInput:
    kind: RecordKind
    route: Route
    not_logged: NotLoggedReason | None
    why: str
    complainant: str | None = None
    issues: tuple[tuple[str, str | None], ...] | None = None
    stage: int | None = None


def parse_issues(form: Form, choices: Choices) -> tuple[tuple[str, str | None], ...] | None:
    text = form.text("issues", max_length=ISSUES_MAX)
    if text is None:
        return None
    found: list[tuple[str, str | None]] = []
    for line in text.replace(";", "\n").splitlines():
        if not line.strip():
            continue
        category, _, team = (part.strip() for part in line.partition(":"))
        if category not in choices.rulebook.category_specs:
            form.errors["issues"] = f"Unknown category {category[:40]!r}."
            return None
        if team and choices.organisation.team(team) is None:
            form.errors["issues"] = f"Unknown team {team[:40]!r}."
            return None
        found.append((category, team or choices.organisation.triage_team.id))
    return tuple(dict.fromkeys(found))


def parse_change_triage(
    form: Form, dates: Dates, choices: Choices | None = None
) -> ChangeTriageInput | None:
    kind = form.enum("kind", RecordKind, KINDS, required="Choose the kind of record.")
    route = form.enum("route", Route, ROUTES, required="Choose a route.")
    reason = form.enum(
        "not_logged",
        NotLoggedReason,
        NOT_LOGGED,
        required="Say why it is not logged." if route == Route.NOT_LOGGED else None,
    )
    mismatch = route_problem(kind, route) if kind and route else None
    if mismatch:
        form.errors["route"] = mismatch
    why = form.text(
        "why", max_length=WHY_MAX, required="Say why you are changing heard's proposal."
    )
    complainant = issues = stage = None
    if choices is not None:
        complainant = form.choice("complainant", type_options(choices.rulebook), required=None)
        issues = parse_issues(form, choices)
        chosen = form.choice("stage", STAGES, required=None)
        stage = int(chosen) if chosen else None
        if stage == 2 and route != Route.STATUTORY:
            form.errors["stage"] = "Only a statutory complaint starts at stage 2."
    if kind is None or route is None or why is None or form.errors:
        return None
    return ChangeTriageInput(
        kind,
        route,
        reason if route == Route.NOT_LOGGED else None,
        why,
        complainant=complainant,
        issues=issues,
        stage=stage,
    )


def apply_change_triage(change: ChangeTriageInput) -> Change:
    def apply(act: Act) -> None:
        change_triage(
            act.service,
            act.session,
            case=act.case,
            actor=act.actor,
            change=TriageChange(
                record_kind=change.kind,
                route=change.route,
                not_logged_reason=change.not_logged,
                why=change.why,
                complainant_type=change.complainant,
                issues=change.issues,
                start_stage=change.stage,
            ),
            now=act.now,
            find_corrections=corrections_found,
        )

    return apply


def choices(kit: Kit) -> Choices:
    return Choices(kit.deps.rulebook, kit.deps.organisation)


def opener(kit: Kit) -> Listener:
    async def open_change_triage(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        async def view_for(reference: str) -> View | str:
            found = await kit.read_case(reference, triage_now)
            if isinstance(found, str):
                return found
            return change_triage_modal(reference, choices=choices(kit), now=found)

        await kit.open_modal(ack, body, client, permission=ids.CHANGE_TRIAGE, view_for=view_for)

    return open_change_triage


def submission(kit: Kit) -> tuple[Listener, Listener]:
    """Save checks the form; a change that writes to the complainant (the letter for the new
    decision) shows it first, Send changes triage and sends it."""

    def check(session: Session, case: Case, form: Form, today: date) -> ChangeTriageInput | None:
        return parse_change_triage(form, kit.dates_for(case, today), choices(kit))

    return previewing(
        kit,
        permission=ids.CHANGE_TRIAGE,
        check=check,
        apply=apply_change_triage,
        refusal_field="why",
        preview_id=ids.CHANGE_TRIAGE_PREVIEW_VIEW,
    )
