"""A case as text for the terminal (`heard cases show`): who complained and about what, every
message, attachments, issues with their outcomes, deadlines with working days left or overdue,
and the audit trail in time order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from cases.calendar import WorkingCalendar
from cases.day_words import long_date, long_day, long_moment
from cases.deadline_standing import FAMILY_WINDOWS, window_words
from cases.enums import ComplainantType, Route, label_of
from cases.sizes import size_text
from cases.triage_notes import fired_reasons
from casework.stage_facts import remedies_on_no_stage, stage_facts
from casework.trail import trail_line
from org.directory import Organisation
from store.cases.case_file import AttachmentRow, CaseFile
from store.models import Deadline, PartyRole, Person

_TEXT_INDENT = "      "


def describe_case_file(
    found: CaseFile,
    *,
    calendar: WorkingCalendar,
    today: date,
    zone: ZoneInfo,
    organisation: Organisation,
    category_label: Callable[[str], str] = label_of,
    panel_note: str | None = None,
) -> str:
    """Staff are named as the rule file names them and teams by their names, as the web's
    case page and Slack's card do (Organisation.who, casework.trail). `panel_note`: a stage 3
    panel outside its timescale, in the card's words (casework.stage_three.panel_timing)."""
    case = found.case
    who = organisation.who
    lines = [
        f"{case.reference}  {case.record_kind.label}"
        + (f"  ({case.route.label} route)" if case.route != Route.NONE else ""),
        f"  status: {case.status.label}, stage: {case.stage.label if case.stage else '-'}"
        + (f", PAUSED since {long_date(case.paused_on)}" if case.paused_on else ""),
        f"  received {_local(case.received_at, zone)} by {case.channel.label.lower()}"
        f" (deadlines count from {long_date(case.receipt_day)})",
        f"  subject: {case.subject or '-'}",
    ]
    complainants = [person for person in found.people if person.role.value == "complainant"]
    if not complainants:
        lines.append("  complainant: not recorded")
    for person in complainants:
        contact = ", ".join(part for part in (person.email, person.phone) if part) or "no contact"
        # Triage and staff set who is complaining on the case; the person row keeps what intake
        # knew (usually nothing), so the case's type is the one to show.
        complainant_type = (
            case.complainant_type
            if case.complainant_type != ComplainantType.UNKNOWN
            else person.complainant_type
        )
        lines.append(
            f"  complainant: {person.name or '(no name)'} <{contact}>, "
            f"{label_of(complainant_type).lower()}"
            + (f", {person.relationship_to_child}" if person.relationship_to_child else "")
        )
    for person in found.people:
        if person.role.value != "complainant":
            lines.append(
                f"  {person.role.value}: {person.name or '-'} {person.email or ''}".rstrip()
                + _copies(person)
            )
    for child in found.children:
        lines.append(f"  child: {child.name or '(no name)'}")
    flags = [
        name.replace("_", " ")
        for name in ("safeguarding", "advocacy_offer", "historic", "out_of_time", "needs_attention")
        if getattr(case, name)
    ]
    if flags:
        lines.append("  flags: " + ", ".join(flags))
    if case.attention_reason:
        lines.append(f"  needs attention: {case.attention_reason}")
    if case.not_logged_reason:
        lines.append(f"  not logged: {case.not_logged_reason.label}")
    decision = case.triage_decision
    if decision:
        state = "confirmed" if case.triage_confirmed_at else "proposed, not confirmed"
        lines.append(f"  triage ({state}):")
        for rule_id, reason in fired_reasons(decision):
            lines.append(f"    - {rule_id}: {reason}")
    if found.advocacy:
        advocacy = found.advocacy
        # the day it was taken up or declined, named (it read "offered 7 January, 9 January")
        decided = (
            f", {advocacy.status.label.lower()} {long_date(advocacy.decided_on)}"
            if advocacy.decided_on
            else ""
        )
        lines.append(
            f"  advocacy: {advocacy.status.label.lower()} "
            f"(offered {long_date(advocacy.offered_on)}{decided})"
            + (f", {advocacy.organisation}" if advocacy.organisation else "")
        )

    lines.append("")
    lines.append(f"Issues ({len(found.issues)}):")
    for number, issue, history in found.issues:
        outcome = issue.outcome.label if issue.outcome else "no outcome yet"
        earlier = "; ".join(f"{stage}: {result}" for stage, result in history)
        lines.append(
            f"  {number}. {category_label(str(issue.category))} -> {_team(issue.team_id, organisation)}: {outcome}"
            + (f"  ({earlier})" if len(history) > 1 else "")
        )
        if issue.point:
            lines.append(f"     what they raised, as the letters give it: {issue.point}")
    if not found.issues:
        lines.append("  none")

    lines.append("")
    lines.append("Deadlines:")
    if panel_note:
        lines.append(f"  {panel_note}.")
    for deadline in found.deadlines:
        lines.append("  " + _deadline_line(deadline, calendar=calendar, today=today))
    if not found.deadlines:
        lines.append("  none")

    if found.stages:
        lines.append("")
        lines.append("Stages:")
    for stage in stage_facts(found, who=who):
        lines.append(f"  {stage.name}: opened {stage.opened}, {stage.answer}")
        lines.extend(f"    {what}: {value}" for what, value in stage.details)
    lines.extend(f"  remedy: {remedy}" for remedy in remedies_on_no_stage(found))
    for cost in found.costs:
        lines.append(
            f"  cost: {cost.kind.label} £{cost.amount_pence / 100:,.2f} "
            f"on {long_date(cost.incurred_on)}"
        )
    for number, learning in enumerate(found.learning, start=1):
        due = f", due {long_date(learning.due_on)}" if learning.due_on else ""
        source = ", from the Ombudsman" if learning.source.value == "ombudsman" else ""
        lines.append(
            f"  learning {number}: {learning.text} "
            f"({_team(learning.owner_team_id, organisation, none='no team')}, "
            f"{learning.status.label.lower()}{due}{source})"
            + (f"; why not: {learning.why_not_implemented}" if learning.why_not_implemented else "")
        )
    for pause in found.pauses:
        until = (
            f" to {long_date(pause.resumed_on)} ({pause.working_days} working days)"
            if pause.resumed_on
            else ""
        )
        lines.append(
            f"  paused: {pause.reason.label.lower()} from {long_date(pause.paused_on)}{until}"
        )
    for enquiry in found.lgsco:
        decided = (
            f", decided {long_date(enquiry.decided_on)}: "
            f"{enquiry.decision.label if enquiry.decision else '-'}"
            if enquiry.decided_on
            else ", awaiting decision"
        )
        premature = " (premature)" if enquiry.premature else ""
        lines.append(
            f"  Ombudsman {enquiry.lgsco_reference or '(no reference)'}: received "
            f"{long_date(enquiry.received_on)}{premature}{decided}"
            + (f"; remedy: {enquiry.remedy}" if enquiry.remedy else "")
        )
    for number, recommendation in enumerate(found.recommendations, start=1):
        done = f" {long_date(recommendation.completed_on)}" if recommendation.completed_on else ""
        note = found.recommendation_notes.get(recommendation.id or 0)
        lines.append(
            f"    recommendation {number}: {recommendation.text} "
            f"(due {long_date(recommendation.due_on)}, "
            f"{recommendation.status.label.lower()}{done})"
            + (f"; latest note: {note}" if note else "")
        )

    lines.append("")
    lines.append(f"Messages ({len(found.messages)}):")
    for message in found.messages:
        # a note's author as staff know them; a sender is the family's own address
        by = who(message.author) if message.author else (message.sender or "")
        lines.append(
            f"  {_local(message.at, zone)}  {_heading(message.direction, message.author)}"
            f" ({label_of(message.channel).lower()})"
            + (f"  {by}" if by else "")
            + (f"  {message.subject}" if message.subject else "")
        )
        for text_line in (message.text.strip() or "(no text)").splitlines():
            lines.append(f"{_TEXT_INDENT}{text_line}")
        for row in message.attachments:
            lines.append(f"{_TEXT_INDENT}[attachment {row.number}] {_attachment(row)}")
    attachments = found.attachments
    lines.append("")
    lines.append(f"Attachments ({len(attachments)}):")
    for row in attachments:
        lines.append(f"  {row.number}. {_attachment(row)}")

    lines.append("")
    lines.append(f"Stage 2 reports ({len(found.reports)}):")
    for report in found.reports:
        enclosed = ", enclosed with the stage 2 response" if report.enclosed else ""
        lines.append(
            f"  {report.number}. {report.kind.label}: {report.filename}  {report.content_type}  "
            f"{size_text(report.size)}, uploaded {_local(report.uploaded_at, zone)} by "
            f"{who(report.uploaded_by)}{enclosed}"
        )

    lines.append("")
    lines.append("Audit trail:")
    for entry in found.audit:
        line = trail_line(entry, organisation=organisation)
        reason = f": {line.reason}" if line.reason else ""
        lines.append(f"  {_local(line.at, zone)}  {line.who}  {line.what}{reason}")
    return "\n".join(lines)


def _heading(direction: str, author: str | None) -> str:
    """What a message is, as the web's case page heads it."""
    return "sent" if direction == "outbound" else ("note" if author else "received")


def _team(team_id: str | None, organisation: Organisation, *, none: str = "triage queue") -> str:
    team = organisation.team(team_id) if team_id else None
    return team.name if team else (team_id or none)


def _deadline_line(deadline: Deadline, *, calendar: WorkingCalendar, today: date) -> str:
    due = deadline.effective_due
    text = f"{label_of(deadline.rule):<26} due {long_day(due)}"
    if deadline.extended_to:
        agreed = deadline.extension_agreed_on  # a stage 2 to 65 days needs no agreement
        text += f" (extended from {long_day(deadline.due_on)}" + (
            f", agreed {long_date(agreed)})" if agreed else ")"
        )
    if deadline.cancelled:
        return text + ": no longer applies"
    if deadline.met_on:
        late = calendar.working_days_between(due, deadline.met_on)
        return (
            text
            + f": met {long_date(deadline.met_on)}"
            + (f", {late} working days late" if late > 0 else "")
        )
    if deadline.paused_on:
        return text + f": paused since {long_date(deadline.paused_on)}"
    left = calendar.working_days_between(today, due)
    if deadline.rule in FAMILY_WINDOWS:  # the family's time to ask, not the council's deadline
        return window_words(deadline.rule, until=long_day(due), left=left)
    if left > 0:
        return text + f": {left} working day{'s' if left != 1 else ''} left"
    if left == 0:
        return text + ": due today"
    return text + f": OVERDUE by {-left} working day{'s' if left != -1 else ''}"


def _copies(person: Person) -> str:
    """Whether an advocate gets a copy of every letter (outbound copies them only with the
    complainant's consent and an email): staff reading the case need to know who reads them."""
    if person.role != PartyRole.ADVOCATE:
        return ""
    copied = person.consent_given and person.email
    return ", copies of letters with consent" if copied else ", no copies of letters"


def _attachment(row: AttachmentRow) -> str:
    kept = ", not kept (too large)" if row.withheld else ""
    return f"{row.filename or '(no name)'}  {row.content_type}  {size_text(row.size)}{kept}"


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return long_moment(moment.astimezone(zone))
