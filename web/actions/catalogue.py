"""The staff actions as web forms: for each, its fields, the role table's entry, the lifecycle
step that makes it available, and the one use-case call it makes (web/actions/usecases.py)."""

from __future__ import annotations

from typing import Any

from cases.changes import Note
from cases.closing import CONFIRM_CLOSE
from cases.enums import AdvocacyStatus, Outcome, PauseReason, RemedyKind, StageKind
from cases.lifecycle import Action
from cases.permissions import StaffAction
from cases.procedure import (
    FINDING_HINT,
    PANEL_ALREADY_MET,
    PANEL_DETAILS_HINT,
    PANEL_LATE,
    PANEL_ON_CLOSED_DAY,
    POINT_HINT,
    POINT_MAX,
    REMEDIES_HINT,
    RESPONSE_OUTCOMES,
    RESPONSE_REMEDIES,
    UNCATEGORISED_ISSUE,
    amount_refusal,
    issues_missing_findings,
    missing_finding_message,
    missing_point_message,
    pounds_to_pence,
    remedies_refusal,
)
from cases.text_limits import FINDING_MAX, REASON_MAX
from store.models.results import EXAMPLE_MAX
from web.actions import records, usecases
from web.actions.base import REASON, Act, RefusedField, WebAction, on_field
from web.actions.complainant import CORRECT_COMPLAINANT
from web.actions.fields import Field, Kind
from web.actions.letters_by import LETTERS_BY
from web.actions.looked_at import LOOKED_AT_ACTIONS
from web.actions.reports import ATTACH_REPORT
from web.actions.triage import CHANGE_TRIAGE

__all__ = ["ACTIONS", "BY_SLUG", "Act", "WebAction"]


def _acknowledge(act: Act, values: dict[str, Any]) -> str:
    day = act.on(values["on"], "the day it happened")
    usecases.acknowledge(
        act.service, act.session, case=act.case, actor=act.actor, now=act.moment_on(day)
    )
    return "Acknowledgement recorded"


def _assign(act: Act, values: dict[str, Any]) -> str:
    organisation = act.deps.directory.organisation
    try:
        usecases.assign(
            act.service, act.session, case=act.case, assignee=values["to"], actor=act.actor,
            organisation=organisation,
        )  # fmt: skip
    except usecases.UnknownAssignee as refused:
        raise RefusedField("to", refused) from None
    assignee = act.case.assignee or ""
    return f"Assigned to {organisation.who(assignee)}"


def _confirm_triage(act: Act, values: dict[str, Any]) -> str:
    usecases.confirm_triage(act.service, act.session, case=act.case, actor=act.actor, now=act.now)
    return "Triage confirmed"


def _extend(act: Act, values: dict[str, Any]) -> str:
    agreed_on = values.get("agreed_on")
    agreed = (
        act.on(agreed_on, "the day the complainant agreed", field="agreed_on")
        if agreed_on
        else None
    )
    try:
        usecases.extend(
            act.service,
            act.session,
            case=act.case,
            new_due=values["to"],
            reason=values["reason"],
            reason_for_complainant=values.get("reason_for_complainant"),
            agreed_on=agreed,
            actor=act.actor,
            today=act.today,
        )
    except usecases.NoReasonForComplainant as refused:
        raise RefusedField("reason_for_complainant", refused) from refused
    return f"Deadline extended to {values['to']:%-d %B %Y}"


def _respond_fields(act: Act) -> tuple[Field, ...]:
    outcomes = tuple((outcome.value, outcome.label) for outcome in RESPONSE_OUTCOMES)
    assert act.case.id is not None
    issues = usecases.numbered_issues(act.session, case_id=act.case.id)
    return (
        on_field("The day the response was sent"),
        *(
            field
            for number, issue in issues
            for field in (
                Field(
                    f"outcome-{number}",
                    f"Outcome of issue {number}: "
                    f"{act.deps.directory.category_label(issue.category)}",
                    Kind.RADIOS,
                    choices=outcomes,
                ),
                *(
                    (
                        Field(
                            f"point-{number}",
                            f"What the complainant raised on issue {number} (goes in the "
                            "letter to the complainant, as written)",
                            hint=POINT_HINT,
                            max_length=POINT_MAX,
                            initial=issue.point,
                            missing=f"{missing_point_message(number)}",
                        ),
                    )
                    if str(issue.category) == UNCATEGORISED_ISSUE
                    else ()
                ),
                Field(
                    f"finding-{number}",
                    f"What you found on issue {number} (goes in the letter to the complainant)",
                    Kind.TEXTAREA,
                    required=False,
                    hint=FINDING_HINT,
                    max_length=FINDING_MAX,
                ),
            )
        ),
        Field(
            "remedies",
            "Remedies",
            Kind.CHECKBOXES,
            required=False,
            hint=REMEDIES_HINT,
            choices=tuple((kind.value, kind.label) for kind in RESPONSE_REMEDIES),
        ),
        Field(
            "amount",
            "Financial remedy in pounds",
            hint="Only with a financial remedy, e.g. 150",
            required=False,
            max_length=12,
        ),
        Field(
            "manager_contact",
            "Did a manager call or meet the complainant?",
            Kind.RADIOS,
            hint="Leave unanswered if not known: the annual report counts answered ones only",
            required=False,
            choices=(("yes", "Yes"), ("no", "No")),
        ),
        Field(
            "reason_for_delay",
            "Reason for delay (staff only, never in a letter)",
            Kind.TEXTAREA,
            required=False,
            hint="Needed when the response is late: for the case and the annual report",
            max_length=REASON_MAX,
        ),
        Field(
            "delay_reason_for_complainant",
            "Reason for delay for the complainant (goes in the letter to them, as written)",
            Kind.TEXTAREA,
            required=False,
            hint="Needed when the response is late: the letter apologises for the delay and "
            "gives this reason",
            max_length=REASON_MAX,
        ),
        *_enclosure_field(act),
    )


def _enclosure_field(act: Act) -> tuple[Field, ...]:
    """Statutory stage 2: whether the response encloses the investigating officer's and the
    independent person's reports (attached on the case); never offered at another stage."""
    if act.case.stage != StageKind.STATUTORY_2:
        return ()
    return (
        Field(
            "enclose",
            "The investigating officer's and independent person's reports",
            Kind.CHECKBOXES,
            required=False,
            choices=(("reports", "Send both reports with the response (the letter says so)"),),
            hint="Attach both reports to the case first. Leave it empty and the letter offers "
            "copies instead.",
        ),
    )


def _numbered(values: dict[str, Any], prefix: str) -> dict[int, Any]:
    return {
        int(name.split("-", 1)[1]): value
        for name, value in values.items()
        if name.startswith(prefix) and value
    }


def _check_respond(values: dict[str, Any]) -> dict[str, str]:
    """A finding next to each issue whose outcome owes the complainant a reason, and the
    remedies an upheld issue owes (cases.procedure.remedies_refusal) next to their boxes."""
    outcomes = {
        number: Outcome(value) for number, value in _numbered(values, "outcome-").items()
    }
    findings = _numbered(values, "finding-")
    errors = {
        f"finding-{number}": missing_finding_message(number, outcomes[number])
        for number in issues_missing_findings(outcomes, findings)
    }
    remedies = [RemedyKind(kind) for kind in values.get("remedies") or []]
    refusal = remedies_refusal(outcomes, remedies)
    if refusal:
        errors["remedies"] = refusal
    typed = amount_refusal(remedies, amount_typed=bool((values.get("amount") or "").strip()))
    if typed:  # a sum typed with Financial not ticked would be dropped without a word
        errors["amount"] = typed
    return errors


def _respond(act: Act, values: dict[str, Any]) -> str:
    day = act.on(values["on"], "the day the response was sent")
    outcomes = {number: Outcome(value) for number, value in _numbered(values, "outcome-").items()}
    remedies = []
    for kind in values.get("remedies") or []:
        amount = None
        if kind == RemedyKind.FINANCIAL:
            amount = pounds_to_pence(values.get("amount") or "", what="A financial remedy")
        remedies.append(usecases.RemedyInput(kind=RemedyKind(kind), amount_pence=amount))
    enclose = "reports" in (values.get("enclose") or [])
    stage = act.service.current_stage(act.session, act.case) if enclose else None
    if stage is not None:
        try:  # said next to the box, before anything else is checked
            usecases.reports_to_enclose(act.case, act.session, stage)
        except usecases.InvalidTransition as refused:
            raise RefusedField("enclose", refused) from None
    try:
        usecases.record_response(
            act.service,
            act.session,
            case=act.case,
            actor=act.actor,
            today=act.today,
            response=usecases.ResponseInput(
                responded_on=day,
                issue_outcomes=outcomes,
                remedies=remedies,
                manager_contacted={"yes": True, "no": False}.get(values["manager_contact"] or ""),
                reason_for_delay=values.get("reason_for_delay"),
                delay_reason_for_complainant=values.get("delay_reason_for_complainant"),
                findings=_numbered(values, "finding-"),
                points=_numbered(values, "point-"),
                enclose_reports=enclose,
            ),
        )
    except usecases.NoReasonForDelay as refused:
        raise RefusedField("reason_for_delay", refused) from None  # next to its field
    except usecases.NoDelayReasonForComplainant as refused:
        raise RefusedField("delay_reason_for_complainant", refused) from None
    except usecases.NoPoint as refused:
        raise RefusedField(f"point-{refused.number}", refused) from None
    return "Response recorded"


def _escalate(act: Act, values: dict[str, Any]) -> str:
    day = act.on(values["on"], "the day the complainant asked")
    usecases.escalate(
        act.service,
        act.session,
        case=act.case,
        requested_on=day,
        actor=act.actor,
        reason=values.get("reason"),
        today=act.today,
    )
    return f"Escalated to {act.case.stage.label if act.case.stage else 'the next stage'}"


def _pause(act: Act, values: dict[str, Any]) -> str:
    day = act.on(values["on"], "the day it was paused")
    usecases.pause(
        act.service,
        act.session,
        case=act.case,
        reason=PauseReason(values["why"]),
        paused_on=day,
        actor=act.actor,
        today=act.today,
    )
    return "Case paused"


def _resume(act: Act, values: dict[str, Any]) -> str:
    day = act.on(values["on"], "the day it resumed")
    usecases.resume(
        act.service, act.session, case=act.case, resumed_on=day, actor=act.actor, today=act.today
    )
    return "Case resumed: its open deadlines moved on by the working days paused"


CONFIRM_DAY = "confirmed"  # the panel meets on a bank holiday or closure day: staff mean it
MET_ALREADY = "met"  # a day gone by: the panel met on it, recorded with no letter
CONFIRM_LATE = "late"  # after the panel's statutory deadline: staff mean it, recorded as late


def _panel_arranged(act: Act, values: dict[str, Any]) -> str:
    arranged = usecases.arrange_panel(
        act.service,
        act.session,
        case=act.case,
        panel_on=values["panel_on"],
        details=values.get("details"),
        actor=act.actor,
        today=act.today,
        confirm_day=CONFIRM_DAY in values.get("confirm_day", ()),
        met_already=MET_ALREADY in values.get("met_already", ()),
        confirm_late=CONFIRM_LATE in values.get("confirm_late", ()),
    )
    if arranged.met:
        return f"Panel recorded as met on {arranged.panel_on:%-d %B %Y}: no letter"
    return f"Panel arranged for {arranged.panel_on:%-d %B %Y}: the complainant is told"


def _panel_held(act: Act, values: dict[str, Any]) -> str:
    day = act.on(values["on"], "the day the panel met")
    usecases.panel_held(
        act.service, act.session, case=act.case, held_on=day, actor=act.actor, today=act.today
    )
    return "Panel recorded"


def _chair_report(act: Act, values: dict[str, Any]) -> str:
    day = act.on(values["on"], "the day the report came")
    usecases.chair_report(
        act.service, act.session, case=act.case, received_on=day, actor=act.actor, today=act.today
    )
    return "Chair's report recorded"


CLOSE_NOW = "close_now"  # the box that closes a case while the complainant may still ask
CLOSE_UNTICKED = (
    "Tick the box to close the case now, or leave it open until the complainant's time to ask "
    "has run out"
)


def _close_fields(act: Act) -> tuple[Field, ...]:
    """The reason, and while the complainant may still ask for the next stage, a box to tick
    under what closing means (casework.closing.closing_warning)."""
    warning = usecases.closing_warning(act.session, act.case, today=act.today)
    if warning is None:
        return (OPTIONAL_REASON,)
    return (
        Field("close_now", "Close before the complainant's time to ask runs out", Kind.CHECKBOXES,
              required=False, hint=warning, choices=((CLOSE_NOW, CONFIRM_CLOSE),)),
        OPTIONAL_REASON,
    )  # fmt: skip


def _close(act: Act, values: dict[str, Any]) -> str:
    try:
        usecases.close(
            act.service,
            act.session,
            case=act.case,
            actor=act.actor,
            now=act.now,
            reason=values.get("reason"),
            confirmed=CLOSE_NOW in (values.get("close_now") or ()),
        )
    except usecases.CloseNotConfirmed:  # the hint above the box says what closing means
        raise RefusedField("close_now", usecases.ProcedureError(CLOSE_UNTICKED)) from None
    return "Case closed"


def _withdraw(act: Act, values: dict[str, Any]) -> str:
    usecases.withdraw(
        act.service,
        act.session,
        case=act.case,
        actor=act.actor,
        now=act.now,
        reason=values.get("reason"),
    )
    return "Case withdrawn"


def _reopen(act: Act, values: dict[str, Any]) -> str:
    usecases.reopen(
        act.service,
        act.session,
        case=act.case,
        actor=act.actor,
        reason=values["reason"],
        on=values["on"],
        today=act.today,
    )
    return "Case reopened"


def _reason_for_delay(act: Act, values: dict[str, Any]) -> str:
    usecases.record_reason_for_delay(
        act.service, act.session, case=act.case, reason=values["reason"], actor=act.actor
    )
    return "Reason for delay recorded"


def _note(act: Act, values: dict[str, Any]) -> str:
    from store.correspondence import record_note

    assert act.case.id is not None
    record_note(
        act.session, case_id=act.case.id, text=values["note"], author=str(act.actor), at=act.now
    )
    act.service.note(act.session, case=act.case, action=Note.NOTE_ADDED, actor=act.actor)
    return "Note added"


def _lgsco_received(act: Act, values: dict[str, Any]) -> str:
    try:
        usecases.lgsco_received(
            act.service, act.session, case=act.case, received_on=values["on"], actor=act.actor,
            lgsco_reference=values.get("lgsco_reference"), today=act.today,
        )  # fmt: skip
    except usecases.LgscoReferenceRefused as refused:
        raise RefusedField("lgsco_reference", refused) from None
    return "The Ombudsman's enquiry is recorded"


def _learning_fields(act: Act) -> tuple[Field, ...]:
    teams = tuple((team.id, team.name) for team in act.deps.directory.teams)
    return (
        Field("text", "What will change", Kind.TEXTAREA, max_length=2000),
        Field("owner", "The team that owns it", Kind.SELECT, choices=teams),
        Field("due", "Due by", Kind.DATE, required=False, hint="Optional"),
        on_field("The day it was identified"),
    )


def _add_learning(act: Act, values: dict[str, Any]) -> str:
    usecases.add_learning(
        act.service, act.session, case=act.case, text=values["text"], owner_team_id=values["owner"],
        identified_on=values["on"], actor=act.actor, today=act.today, due_on=values.get("due"),
    )  # fmt: skip
    return "Learning recorded"


def _example_fields(act: Act) -> tuple[Field, ...]:
    chosen = usecases.example_of(act.session, case=act.case)
    return (
        Field("text", "The example, as the annual report prints it", Kind.TEXTAREA,
              max_length=EXAMPLE_MAX, initial=chosen.text if chosen else None,
              hint="A line or two in your own words, naming no one: no names, references, "
                   "addresses, email addresses or phone numbers."),
        on_field("The day it was chosen"),
    )  # fmt: skip


def _example(act: Act, values: dict[str, Any]) -> str:
    usecases.choose_example(
        act.service, act.session, case=act.case, text=values["text"], on=values["on"],
        actor=act.actor, today=act.today,
    )  # fmt: skip
    return "Chosen as an example for the annual report"


def _example_removed(act: Act, values: dict[str, Any]) -> str:
    usecases.remove_example(act.service, act.session, case=act.case, actor=act.actor)
    return "No longer an example"


def _advocacy(act: Act, values: dict[str, Any]) -> str:
    usecases.record_advocacy(
        act.service, act.session, case=act.case, status=AdvocacyStatus(values["status"]),
        on=values["on"], actor=act.actor, today=act.today, organisation=values.get("organisation"),
    )  # fmt: skip
    return "Advocacy recorded"


OPTIONAL_REASON = Field("reason", "Reason", Kind.TEXTAREA, required=False, max_length=1000)

ACTIONS: tuple[WebAction, ...] = (
    WebAction("acknowledge", "Record the acknowledgement", StaffAction.ACKNOWLEDGE, Action.ACKNOWLEDGE,
              (on_field("The day the complainant was acknowledged"),), _acknowledge, "on"),
    WebAction("confirm-triage", "Confirm triage", StaffAction.CONFIRM_TRIAGE, Action.CONFIRM_TRIAGE,
              (), _confirm_triage, button="Confirm triage"),
    CHANGE_TRIAGE,
    WebAction("acknowledge-stage", "Record the stage's acknowledgement", StaffAction.ACKNOWLEDGE,
              None, (on_field("The day the complainant was acknowledged"),), _acknowledge, "on",
              needs="stage_acknowledgement"),
    WebAction("assign", "Assign the case", StaffAction.ASSIGN, Action.ASSIGN,
              (Field("to", "Who answers it", hint="A name, an email address or a Slack user id",
                     max_length=60),), _assign, "to"),
    WebAction("extend", "Extend the deadline", StaffAction.EXTEND, Action.EXTEND,
              (Field("to", "New due date", Kind.DATE, hint="For example, 30 4 2026"),
               Field("agreed_on", "The day the complainant agreed", Kind.DATE, required=False,
                     hint="Leave it empty if they did not agree (statutory stage 2, or a stage "
                          "under the Complaint Handling Code)"),
               Field("reason", "Internal reason (staff only, never in a letter)", Kind.TEXTAREA,
                     max_length=REASON_MAX),
               Field("reason_for_complainant",
                     "Reason for the complainant (goes in the letter to them, as written)",
                     Kind.TEXTAREA, required=False, max_length=REASON_MAX,
                     hint="Needed when the complainant did not agree: the letter tells them why.")),
              _extend, "to"),
    WebAction("respond", "Record the response", StaffAction.RESPOND, Action.RESPOND,
              _respond_fields, _respond, "on", button="Continue", check=_check_respond),
    WebAction("escalate", "Escalate to the next stage", StaffAction.ESCALATE, Action.ESCALATE,
              (on_field("The day the complainant asked"),
               Field("reason", "Why (for a late request, or going straight to stage 2)",
                     Kind.TEXTAREA, required=False, max_length=1000)), _escalate, "on"),
    WebAction("pause", "Pause the case", StaffAction.PAUSE, Action.PAUSE,
              (Field("why", "Why it is paused", Kind.RADIOS,
                     choices=tuple((r.value, r.label) for r in PauseReason)),
               on_field("The day it was paused")), _pause, "on"),
    WebAction("resume", "Resume the case", StaffAction.RESUME, Action.RESUME,
              (on_field("The day it resumed"),), _resume, "on"),
    WebAction("panel-arranged", "Arrange the review panel", StaffAction.PANEL_HELD,
              Action.PANEL_HELD,
              (Field("panel_on", "The day the panel meets", Kind.DATE,
                     hint="For example, 13 5 2026"),
               Field("details", "Time and place (goes in the letter to the complainant)",
                     Kind.TEXTAREA, required=False, max_length=1000,
                     hint=PANEL_DETAILS_HINT),
               Field("confirm_day", "A bank holiday or closure day", Kind.CHECKBOXES,
                     required=False, choices=((CONFIRM_DAY, PANEL_ON_CLOSED_DAY),)),
               Field("met_already", "A day gone by", Kind.CHECKBOXES, required=False,
                     choices=((MET_ALREADY, PANEL_ALREADY_MET),)),
               Field("confirm_late", "A day after the panel's deadline", Kind.CHECKBOXES,
                     required=False, choices=((CONFIRM_LATE, PANEL_LATE),))),
              _panel_arranged, "panel_on"),
    WebAction("panel-held", "Record the review panel", StaffAction.PANEL_HELD, Action.PANEL_HELD,
              (on_field("The day the panel met"),), _panel_held, "on", needs="panel_arranged"),
    WebAction("chair-report", "Record the chair's report", StaffAction.CHAIR_REPORT, Action.CHAIR_REPORT,
              (on_field("The day the report came"),), _chair_report, "on"),
    WebAction("lgsco-received", "Record the Ombudsman's enquiry", StaffAction.LGSCO_RECEIVED,
              Action.LGSCO_RECEIVED,
              (Field("lgsco_reference", "The Ombudsman's reference", max_length=40),
               on_field("The day the enquiry came")), _lgsco_received, "on"),
    WebAction("learning", "Record learning", StaffAction.ADD_LEARNING, None,
              _learning_fields, _add_learning, "text", needs_stage=True),
    WebAction("advocacy", "Record advocacy", StaffAction.ADVOCACY, None,
              (Field("status", "Advocacy", Kind.RADIOS,
                     choices=tuple((s.value, s.label) for s in AdvocacyStatus)),
               Field("organisation", "The advocacy organisation", required=False,
                     hint="For example, Coram Voice or NYAS", max_length=200),
               on_field()), _advocacy, "on", needs_stage=True),
    WebAction("example", "Choose as an example for the annual report", StaffAction.CHOOSE_EXAMPLE,
              None, _example_fields, _example, "text", needs="example_kind"),
    WebAction("example-remove", "Take it out of the report's examples",
              StaffAction.CHOOSE_EXAMPLE, None, (), _example_removed, button="Take it out",
              needs="example"),
    *records.RECORD_ACTIONS,
    ATTACH_REPORT,
    *LOOKED_AT_ACTIONS,
    LETTERS_BY,
    CORRECT_COMPLAINANT,
    WebAction("reason-for-delay", "Record the reason for delay", StaffAction.REASON_FOR_DELAY, None,
              (REASON,), _reason_for_delay, "reason", needs_stage=True),
    WebAction("close", "Close the case", StaffAction.CLOSE, Action.CLOSE,
              _close_fields, _close, "reason", button="Close the case"),
    WebAction("withdraw", "Record that it was withdrawn", StaffAction.WITHDRAW, Action.WITHDRAW,
              (OPTIONAL_REASON,), _withdraw, "reason", button="Withdraw the case"),
    WebAction("reopen", "Reopen the case", StaffAction.REOPEN, Action.REOPEN,
              (Field("reason", "Why it is reopened", Kind.TEXTAREA, max_length=1000,
                     hint="For example, the family asked for stage 2, or came back after withdrawing. "
                          "No letter is sent."),
               on_field("The day it reopens (the day the family asked)")),
              _reopen, "on", button="Reopen the case"),
    WebAction("note", "Add a case note", StaffAction.ADD_NOTE, None,
              (Field("note", "Note", Kind.TEXTAREA, hint="Staff only: never sent to the complainant",
                     max_length=10000),), _note, "note", button="Add note"),
)  # fmt: skip
BY_SLUG = {action.slug: action for action in ACTIONS}
