"""Letters a complainant receives as their case moves: stage responses (an outcome for every
issue, the remedies, and how and by when to take it further, up to the Ombudsman), extensions,
pauses and resumes, and the first letter for contacts staff log themselves.

`LetterWriter` is a case listener: it runs inside the transaction of the change, so a letter
is queued in the outbox (and kept as outbound correspondence on the case) exactly when the
change commits. Wording lives in jinja2 templates in outbound/templates; a council replaces any
of them by putting a file of the same name in HEARD_TEMPLATES_DIR.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from cases.actor import LETTERS
from cases.calendar import WorkingCalendar
from cases.changes import Note
from cases.clock import Clock, SystemClock
from cases.data_protection import clock_for
from cases.enums import (
    AuditAction,
    Channel,
    DeadlineRule,
    NotLoggedReason,
    RecordKind,
    RemedyKind,
    Route,
    StageKind,
    Timeliness,
    label_of,
)
from cases.lifecycle import Action
from cases.outcome_words import in_a_letter
from cases.timescales import escalation_request_rule
from casework.acknowledgement import no_automatic_reply
from casework.attention import add_reason
from casework.service import CaseChange, snapshot
from casework.service import case_id as case_id_of
from org.addresses import plain_email
from org.directory import Organisation
from outbound import procedure_letters
from outbound.compose import Enclosure, templates, with_immediate_risk
from outbound.messenger import Messenger
from outbound.notify_client import MAX_ADDRESS_LINES
from outbound.text import as_letter, one_line
from store import audit, deadlines, outbox
from store.cases import letter_facts as facts
from store.cases.queries import latest_stage
from store.cases.stage_reports import enclosed_reports
from store.correspondence import record_letter
from store.models import (
    Case,
    CasePause,
    Deadline,
    Issue,
    Person,
    Stage,
)
from triage.rulebook import OTHER_CATEGORY, Rulebook

_NEXT_STEP = {
    StageKind.STATUTORY_1: "stage_2",
    StageKind.STATUTORY_2: "stage_3",
    StageKind.CORPORATE_1: "corporate_2",
    StageKind.INFORMAL: "stage_1",
}
STAGE_NAMES = {
    StageKind.INFORMAL: "early resolution",
    StageKind.STATUTORY_1: "stage 1",
    StageKind.STATUTORY_2: "stage 2",
    StageKind.STATUTORY_3: "stage 3",
    StageKind.CORPORATE_1: "first stage",
    StageKind.CORPORATE_2: "second and final stage",
}
# Why, and what looking into it now could harm: the proceedings, or the police's inquiry
# (a family told "those proceedings" of a police investigation reads of a court case).
_PAUSE_REASONS = {
    "legal_proceedings": (
        "there are legal proceedings about the same matters. Looking into your complaint now "
        "could affect those proceedings."
    ),
    "police_investigation": (
        "the police are investigating matters connected with it. Looking into your complaint "
        "now could affect their investigation."
    ),
}
CORPORATE_REASON = (
    "it is about a council service outside children's social care, or the person complaining "
    "is not one of the people the statutory procedure is for."
)
# When triage proposed the council's procedure for a writer who may use the statutory one, the
# service is the reason: a parent writing about school transport is not told they may not be
# one of the people the statutory procedure is for.
SERVICE_REASON = "it is about a council service outside children's social care."
# A professional is told the reason that applies to them, not both possible reasons.
PROFESSIONAL_REASON = (
    "you wrote to us in your professional role, and the statutory procedure is for children "
    "and young people, their families and others acting for them."
)


# an issue's heading in a letter when it has no category, in its findings and what we understood
UNCATEGORISED = "Something else you raised"


@dataclass(frozen=True)
class LetterConfig:
    """What the wording needs, the same for every letter (heard.wiring.letter_config builds
    it for intake's first letters and the case's later ones); who the letters come from is
    the Messenger's MailIdentity."""

    council_name: str
    # The rule file's organisation: its triage team (triage_queue: true) signs every letter,
    # read as each is written, so a rule file reloaded (SIGHUP) signs the next one.
    organisation: Organisation
    zone: ZoneInfo  # HEARD_TIMEZONE: the day a moment falls on
    immediate_risk_text: str = ""
    templates_dir: Path | None = None  # a council's own letters (HEARD_TEMPLATES_DIR)

    @property
    def signed_by(self) -> str:
        return self.organisation.triage_team.name


def local_day(writer: LetterWriter, moment: datetime) -> date:
    return moment.astimezone(writer.config.zone).date()


# A role or a department beside a name in a From header: "Mia Jones (Advocate)", "Sam Lee
# [Social Care]". The letter greets the person, not the label their mail client adds.
_LABEL_AFTER_NAME = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


def greeting_name(name: str | None) -> str | None:
    """The name a letter greets: the person's name without a bracketed label after it."""
    if not name:
        return name
    return _LABEL_AFTER_NAME.sub("", name).strip() or None


def envelope(name: str | None, lines: list[str]) -> list[str]:
    """The lines a posted letter is addressed to: the complainant's name first, so a letter
    about a child reaches the person who complained, not whoever opens the household's post
    (walkerG: a special guardian's letters went to "Flat 2, 10 High Street, Anytown, AB1 2CD"
    alone, as staff typed the address). Not added when the first line already names them
    (their surname is in it) or Notify's seven lines are full."""
    surname = (name or "").split()[-1:]
    if not surname or len(lines) >= MAX_ADDRESS_LINES:
        return lines
    if lines and surname[0].casefold() in lines[0].casefold():
        return lines
    return [name or "", *lines]


def render(config: LetterConfig, name: str, **fields: Any) -> str:
    fields.setdefault("by", "email")  # how it reaches the complainant: email, post or text
    fields.setdefault("automatic_reply", True)  # false: staff took it (call, letter, visit)
    if "recipient_name" in fields:
        fields["recipient_name"] = greeting_name(fields["recipient_name"])
    return as_letter(
        templates(config.templates_dir)
        .get_template(name)
        .render(council_name=config.council_name, signed_by=config.signed_by, **fields)
    )


def first_letter_template(record_kind: RecordKind, route: Route) -> str | None:
    """Which letter a new contact gets: a compliment is thanked, a complaint is told which
    procedure applies, a subject access request its month and a data protection complaint who
    looks at it (the general contact letter asked them whether they meant to complain),
    anything else is told it will get a reply. Not-logged contacts get
    the not-logged letter (not_logged_text), never this."""
    if record_kind == RecordKind.COMPLIMENT:
        return "compliment.txt.j2"
    if record_kind == RecordKind.PRE_COMPLAINT and route != Route.NOT_LOGGED:
        return "acknowledgement_pre_complaint.txt.j2"  # never told it is in the procedure
    if record_kind == RecordKind.SUBJECT_ACCESS_REQUEST:
        return "acknowledgement_subject_access.txt.j2"
    if record_kind == RecordKind.DATA_PROTECTION_COMPLAINT:
        return "acknowledgement_data_protection.txt.j2"
    if route == Route.STATUTORY:
        return "acknowledgement_statutory.txt.j2"
    if route == Route.CORPORATE:
        return "acknowledgement_corporate.txt.j2"
    if route == Route.NOT_LOGGED:
        return None
    return "contact.txt.j2"


def send_letter(
    session: Session,
    messenger: Messenger,
    *,
    case: Case,
    to: str,
    subject: str,
    text: str,
    letter: str,
    dedupe_key: str,
    now: datetime,
    enclosures: Sequence[Enclosure] = (),
    for_staff: str = "",
) -> bool:
    """Queue one letter and keep it on the case as outbound correspondence (`for_staff`: see
    store.correspondence.record_letter)."""
    message = messenger.letter(
        session, to=to, subject=subject, text=text, dedupe_key=dedupe_key, now=now,
        case_id=case.id, enclosures=enclosures,
    )  # fmt: skip
    queued = message is not None
    if message is not None:
        assert case.id is not None
        record_letter(
            session,
            case_id=case.id,
            at=now,
            message_id=str(message["Message-ID"]),
            subject=str(message["Subject"]),
            text=text,
            letter=letter,
            for_staff=for_staff,
        )
    return queued


@dataclass
class LetterWriter:
    """Sends the letter each case change calls for (a CaseListener)."""

    config: LetterConfig
    messenger: Messenger
    rulebook: Rulebook | None = None  # for the not-logged letter's "where to go instead"
    clock: Clock = field(default_factory=SystemClock)  # when a letter was queued and kept

    def __call__(self, session: Session, case: Case, change: CaseChange) -> None:
        Letter = Callable[[Session, Case, CaseChange, Person], None]
        handlers: dict[Action | Note, Letter] = {
            Action.RESPOND: self._response,
            Action.EXTEND: self._extension,
            Action.PAUSE: self._pause,
            Action.RESUME: self._resume,
            Note.TRIAGED: self._triaged,
            Note.TRIAGE_CONFIRMED: self._triage_confirmed,
            **{
                action: functools.partial(letter, self)
                for action, letter in procedure_letters.HANDLERS.items()
            },
            Action.ACKNOWLEDGE: self._acknowledged,
        }
        handler = handlers.get(change.action)
        if handler is None or case.id is None:
            return
        automatic = change.action == Note.TRIAGED and not change.actor.is_staff
        if automatic and case.channel == Channel.EMAIL:
            return  # intake answers email itself (see _triaged): no query for each message
        person = complainant(session, case)
        if person is None or not (person.email or self._texts_to(person) or self._posts_to(person)):
            return
        handler(session, case, change, person)

    def by(self, person: Person) -> str:
        """How a letter reaches this person: "post", "text" (a text message) or "email"; the
        templates word "reply to this email" only for email."""
        if self._posts_to(person) is not None:
            return "post"
        return "text" if self._texts_to(person) is not None else "email"

    def write(self, name: str, *, case: Case, person: Person, **fields: Any) -> str:
        """A letter to the case's complainant from template `name`."""
        return render(
            self.config,
            name,
            reference=case.reference,
            recipient_name=person.name,
            by=self.by(person),
            **fields,
        )

    def _posts_to(self, person: Person) -> list[str] | None:
        """The address lines, when staff chose post and heard posts letters (Notify)."""
        if not person.letters_by_post or not person.address or not self.messenger.identity.posts:
            return None
        lines = [line for line in person.address.split("\n") if line.strip()]
        return envelope(greeting_name(one_line(person.name or "", limit=100)), lines)

    def _why_not_enclosed(self, person: Person, enclosures: Sequence[Enclosure]) -> str:
        """Why the letter to `person` cannot carry these files, or "" when it can: only an
        email heard sends as composed (SMTP or Graph) carries files, not post, a text message
        or GOV.UK Notify's email, and only within what the way it goes can carry (Graph: the
        mailbox's maximum message size). Said to staff: which way, which limit."""
        identity = self.messenger.identity
        weight = sum(len(item.content) for item in enclosures)
        if self._posts_to(person) is not None:
            return "the letter goes by post, which carries no files"
        if self._texts_to(person) is not None:
            return "the letter goes as a text message, which carries no files"
        if not identity.encloses:
            return "heard sends email through GOV.UK Notify, which sends a letter's text alone"
        if plain_email(person.email or "") is None:
            return "the email address on file is not one plain address"
        if identity.enclosures_max is not None and weight > identity.enclosures_max:
            return f"the reports weigh {weight / 1e6:.1f} MB and a letter carries at most " + (
                identity.enclosures_limit or f"{identity.enclosures_max / 1e6:.1f} MB"
            )
        return ""

    def _texts_to(self, person: Person) -> str | None:
        """A complainant who gave only a phone number gets letters as text messages, when
        heard sends them (GOV.UK Notify with a text message template)."""
        if person.email or not person.phone or not self.messenger.identity.texts:
            return None
        return person.phone

    def send(
        self,
        session: Session,
        case: Case,
        person: Person,
        letter: str,
        key: str,
        text: str,
        enclosures: Sequence[Enclosure] = (),
        for_staff: str = "",
    ) -> None:
        """Send the letter by the way the complainant gets letters. `enclosures` go only with
        an email (self._why_not_enclosed says whether this one can carry them); `for_staff` is
        kept beside the letter, never in it (a preview shows it)."""
        now = self.clock.now()
        address = self._posts_to(person)
        if address is not None:
            assert case.id is not None
            subject = f"Your reference {case.reference}"
            if self.messenger.postal_letter(
                session,
                address=address,
                subject=subject,
                text=text,
                dedupe_key=f"letter:{letter}:{case.id}:{key}",
                now=now,
                case_id=case.id,
            ):
                record_letter(
                    session,
                    case_id=case.id,
                    at=now,
                    message_id=f"post:{letter}:{case.id}:{key}",
                    subject=f"{subject} (by post)",
                    text=text,
                    letter=letter,
                    sent_as="post",
                    for_staff=for_staff,
                )
            self._copy_to_advocates(session, case, person, letter, key, text)
            return
        phone = self._texts_to(person)
        if phone is not None:
            assert case.id is not None
            sent = self.messenger.text_message(
                session,
                to=phone,
                text=text,
                reference=case.reference,
                dedupe_key=f"letter:{letter}:{case.id}:{key}",
                now=now,
                case_id=case.id,
            )
            if sent is not None:  # our copy: the whole letter, and what the text said
                record_letter(
                    session,
                    case_id=case.id,
                    at=now,
                    message_id=f"text:{letter}:{case.id}:{key}",
                    subject=f"Your reference {case.reference} (text message)",
                    text=text,
                    letter=letter,
                    sent_as="text_message",
                    for_staff=for_staff,
                )
            self._copy_to_advocates(session, case, person, letter, key, text)
            return
        assert person.email is not None
        email = plain_email(person.email)
        if email is None:
            self._not_sent(session, case, letter, key, text, to="the complainant")
        else:
            send_letter(
                session,
                self.messenger,
                case=case,
                to=email,
                subject=f"Your reference {case.reference}",
                text=text,
                letter=letter,
                dedupe_key=f"letter:{letter}:{case.id}:{key}",
                now=now,
                enclosures=enclosures,
                for_staff=for_staff,
            )
        self._copy_to_advocates(session, case, person, letter, key, text, enclosures)

    def _not_sent(
        self, session: Session, case: Case, letter: str, key: str, text: str, *, to: str
    ) -> None:
        """A letter to an address stored before every caller checked addresses, which names
        no one plain address (a display name with no address, several addresses, a character
        mail cannot carry): it is not sent, never to a garbled or second address. It is kept
        on the case, marked not sent, and the case is flagged for staff, with the audit entry
        the flag makes. The address itself stays out of the reason (cards, audit)."""
        assert case.id is not None
        now = self.clock.now()
        record_letter(
            session,
            case_id=case.id,
            at=now,
            message_id=f"unsent:{letter}:{case.id}:{key}",
            subject=f"Your reference {case.reference} (not sent)",
            text=text,
            letter=letter,
            sent_as="not_sent",
        )
        why = (
            f"a letter ({letter.replace('_', ' ')}) to {to} was not sent: the email address on "
            "file is not one plain address; its text is kept on the case: send it yourself "
            "to the address the family confirms"
        )
        self._flag(session, case, why)

    def _flag(self, session: Session, case: Case, why: str) -> None:
        """Ask a person to look at the case, saying why, with the audit entry the flag makes."""
        assert case.id is not None
        now = self.clock.now()
        before = snapshot(case)
        add_reason(case, why)
        after = snapshot(case)
        changed_before, changed_after = audit.changes(before, after)
        audit.record(
            session,
            case_id=case.id,
            actor=LETTERS,
            action=Note.FLAGGED,
            before=changed_before,
            after=changed_after,
            at=now,
            reason=why,
        )

    def _copy_to_advocates(
        self,
        session: Session,
        case: Case,
        person: Person,
        letter: str,
        key: str,
        text: str,
        enclosures: Sequence[Enclosure] = (),
    ) -> None:
        """With the complainant's consent, their advocate gets a copy of each letter, with the
        files the letter encloses (a copy saying 'We enclose a copy of both reports' went with
        none: walker4). Only an email carries files, and `enclosures` are only what the
        complainant's own email carried, so the copy never says less or more than the letter."""
        assert case.id is not None
        for advocate in facts.advocates_copied(session, case_id=case.id):
            assert advocate.email is not None
            address = plain_email(advocate.email)
            if address is None:
                self._not_sent(
                    session, case, f"{letter}_advocate_copy", key, text, to="the advocate"
                )
                continue
            copy = render(
                self.config,
                "advocate_copy.txt.j2",
                reference=case.reference,
                recipient_name=advocate.name,  # greeted as a letter greets: no label after it
                complainant_name=person.name,
                letter=text,
            )
            send_letter(
                session,
                self.messenger,
                case=case,
                to=address,
                subject=f"Copy of a letter about reference {case.reference}",
                text=copy,
                letter=f"{letter}_advocate_copy",
                dedupe_key=f"letter:{letter}:{case.id}:{key}:advocate:{advocate.id}",
                now=self.clock.now(),
                enclosures=enclosures,
            )

    def category_label(self, category: str) -> str:
        """The rule file's label (a council's own categories have no enum), else the id's. An
        issue nobody has given a category (triage's "Other") is what the family raised: a
        response read "1. Other: Upheld" walking a corporate complaint with the stand-ins."""
        if category == OTHER_CATEGORY:
            return UNCATEGORISED
        return self.rulebook.category_label(category) if self.rulebook else label_of(category)

    def heading(self, issue: Issue) -> str:
        """An issue's heading in a letter: its category's label, or for one with no category
        the point staff recorded for the complainant ('Something else you raised' only while
        none is recorded: a response read 'Something else you raised: Upheld', walkerA)."""
        if str(issue.category) == OTHER_CATEGORY and (issue.point or "").strip():
            return one_line(issue.point or "", limit=300).rstrip(" .")
        return self.category_label(str(issue.category))

    def understood(self, numbered: Iterable[tuple[int, Issue]]) -> list[dict[str, object]]:
        """What a letter says the complaint is about: each point staff recorded, by number and
        category, under the same number and heading the findings give it. One still "Other" is
        listed too (as UNCATEGORISED): leaving it out had the findings say "24." of a list the
        family never saw (issue 23, letterfix item 1)."""
        return [
            {"number": number, "category": self.heading(issue)}
            for number, issue in sorted(numbered, key=lambda pair: pair[0])
        ]

    def _response(self, session: Session, case: Case, change: CaseChange, person: Person) -> None:
        stage = _latest_stage(session, case)
        if stage is None or stage.responded_on is None:
            return
        assert case.id is not None and stage.id is not None
        issues = facts.numbered_issues(session, case_id=case.id)
        rows = facts.outcomes_of(session, stage_id=stage.id)
        found = [
            {
                "number": number,
                "category": self.heading(issue),
                "outcome": in_a_letter(row.outcome)[0],
                "meaning": in_a_letter(row.outcome)[1],
                "finding": (row.finding or "").strip(),
            }
            for number, issue, row in sorted(
                (*issues[row.issue_id], row) for row in rows if row.issue_id in issues
            )
        ]
        remedies = [
            _remedy_in_words(remedy.kind, remedy.amount_pence)
            + (f" (point {issues[remedy.issue_id][0]})" if remedy.issue_id in issues else "")
            for remedy in facts.remedies_of(session, stage_id=stage.id)
            if remedy.kind is not RemedyKind.NO_REMEDY_REQUIRED
        ]
        chosen = (
            enclosed_reports(session, stage=stage) if stage.kind == StageKind.STATUTORY_2 else []
        )
        enclosures = [
            Enclosure(report.filename, report.content_type, report.content)
            for report in chosen
            if report.content is not None
        ]
        why_not = (
            (
                "heard no longer holds the file of one of the reports"
                if len(enclosures) != len(chosen)
                else self._why_not_enclosed(person, enclosures)
            )
            if chosen
            else ""
        )
        if why_not:
            enclosures = []  # the letter then says we will send copies if asked
            for report in chosen:  # the case must not say they went with it
                report.enclosed = False
                session.add(report)
            self._flag(
                session,
                case,
                # what to do first: a case's flag keeps 300 characters
                "send the complainant copies of the stage 2 reports yourself: the response "
                f"could not enclose them: {why_not}",
            )
        for_staff = (
            f"Not in the letter: the reports you chose to enclose cannot go with it: {why_not}. "
            "The letter offers the complainant copies instead, and the case will be flagged "
            "for you to send them."
            if why_not
            else ""
        )
        rule = escalation_request_rule(stage.kind)
        request = deadlines.stage_deadline(session, stage=stage, rule=rule) if rule else None
        # A late response (as casework judged it) apologises and says why, in the words staff
        # wrote for the complainant, naming the day it was due.
        answered = open_stage_deadline(session, stage)
        late = stage.timeliness == Timeliness.LATE
        # A pre-complaint is never the council's final word: the complainant may still make a
        # formal complaint at stage 1, whatever clock the early resolution ran on.
        if stage.kind == StageKind.INFORMAL:
            next_step = "stage_1"
        else:
            next_step = _NEXT_STEP.get(stage.kind, "ombudsman") if request else "ombudsman"
        text = self.write(
            "response.txt.j2",
            case=case,
            person=person,
            stage_name=STAGE_NAMES[stage.kind],
            after_panel=stage.kind == StageKind.STATUTORY_3,
            with_reports=stage.kind == StageKind.STATUTORY_2,
            reports_enclosed=bool(enclosures),
            **(
                procedure_letters.panel_and_report(session, stage)
                if stage.kind == StageKind.STATUTORY_3
                else {}
            ),
            advocacy=case.advocacy_offer and not facts.advocates_copied(session, case_id=case.id),
            issues=found,
            points=self.understood(issues[row.issue_id] for row in rows if row.issue_id in issues),
            remedies=remedies,
            next_step=next_step,
            escalate_by=day_in_words(request.effective_due) if request else "",
            late_due=day_in_words(answered.effective_due) if late and answered else "",
            delay_reason=(stage.delay_reason_for_complainant or "").strip(),
        )
        self.send(session, case, person, "response", f"{stage.id}", text, enclosures, for_staff)

    def _extension(self, session: Session, case: Case, change: CaseChange, person: Person) -> None:
        stage = _latest_stage(session, case)
        deadline = open_stage_deadline(session, stage)
        if stage is None or deadline is None or deadline.extended_to is None:
            return
        text = self.write(
            "extension.txt.j2",
            case=case,
            person=person,
            agreed_on=day_in_words(deadline.extension_agreed_on)
            if deadline.extension_agreed_on
            else "-",
            stage_name=STAGE_NAMES[stage.kind],
            new_due=day_in_words(deadline.extended_to),
            # Only what staff wrote for the complainant: the internal reason never reaches a letter.
            reason=deadline.extension_reason_for_complainant or "",
        )
        self.send(session, case, person, "extension", deadline.extended_to.isoformat(), text)

    def _pause(self, session: Session, case: Case, change: CaseChange, person: Person) -> None:
        pause = _latest_pause(session, case)
        if pause is None:
            return
        text = self.write(
            "pause.txt.j2",
            case=case,
            person=person,
            paused_on=day_in_words(pause.paused_on),
            reason_text=_PAUSE_REASONS.get(pause.reason.value, ""),
        )
        self.send(session, case, person, "pause", f"{pause.id}", text)

    def _resume(self, session: Session, case: Case, change: CaseChange, person: Person) -> None:
        pause = _latest_pause(session, case)
        deadline = open_stage_deadline(session, _latest_stage(session, case))
        if pause is None or deadline is None:
            return
        text = self.write(
            "resume.txt.j2",
            case=case,
            person=person,
            paused_on=day_in_words(pause.paused_on),
            response_due=day_in_words(deadline.effective_due),
        )
        self.send(session, case, person, "resume", f"{pause.id}", text)

    def _triaged(self, session: Session, case: Case, change: CaseChange, person: Person) -> None:
        """Triage's automatic proposal: contacts staff log themselves (telephone, letter, in
        person, Slack) get the acknowledgement an email would have got (email is answered by
        intake at once), which says what procedure heard expects and decides nothing.
        Staff changing triage decide: the complainant gets the letter for the new decision
        (why it is not logged and where to go instead, or which procedure now applies)."""
        if change.actor.is_staff:
            # a change's `before` holds only the fields that changed
            changed = any(
                name in change.before for name in ("route", "record_kind", "not_logged_reason")
            )
            if changed or not _emailed(session, case):
                # a family told it could not complain, and now can, is told the first letter
                # no longer stands (walkerG: two letters contradicting each other, unexplained)
                refused_before = change.before.get("route") == Route.NOT_LOGGED and bool(
                    facts.sent_letters(session, case_id=case_id_of(case), letter="decision")
                )
                self._decision_letter(session, case, person, reconsidered=refused_before)
            return
        if case.channel == Channel.EMAIL or _emailed(session, case):
            return
        withheld = (case.triage_decision or {}).get("no_automatic_reply") or []
        if withheld:  # as intake does for mail: a referral, secrecy, a child (intake/replies.py)
            audit.record(
                session,
                case_id=case.id,
                actor=change.actor,
                action=AuditAction.NO_ACKNOWLEDGEMENT,
                at=self.clock.now(),
                reason=no_automatic_reply(withheld),
            )
            return
        self._first_letter(session, case, person)

    def _first_letter(self, session: Session, case: Case, person: Person) -> None:
        """The first letter as heard expects the contact, before staff decide (the
        acknowledgement an email would have had at once)."""
        text = first_letter_text(
            session, self.config, case=case, recipient_name=person.name, by=self.by(person),
            today=local_day(self, self.clock.now()),
        )  # fmt: skip
        if text is not None:
            self.send(session, case, person, "first", "1", text)

    def _acknowledged(
        self, session: Session, case: Case, change: CaseChange, person: Person
    ) -> None:
        """Staff acknowledged a contact nobody has written to yet: a letter or call logged
        with no email, whose complainant then chose post or gave a number (walkerG: a special
        guardian's letter logged, letters by post chosen, acknowledged, and nothing ever went
        to her). The acknowledgement goes now, the way they get letters, as an email would
        have had it at once: for triage as staff confirmed it, or as heard expects it. A
        contact whose triage held back any automatic reply (a referral, secrecy, a child
        writing) stays for staff to answer themselves. Otherwise a stage under the Complaint
        Handling Code gets its acknowledgement letter."""
        withheld = (case.triage_decision or {}).get("no_automatic_reply")
        # By email the first letter went when the contact came or was logged; only a way to
        # write chosen since (post, or a text message) can have left the family without one.
        later = self.by(person) != "email"
        if change.actor.is_staff and later and not withheld and not _emailed(session, case):
            if case.triage_confirmed_at is not None:
                self._decision_letter(session, case, person)
                return
            self._first_letter(session, case, person)
            return
        procedure_letters.code_acknowledged(self, session, case, change, person)

    def _triage_confirmed(
        self, session: Session, case: Case, change: CaseChange, person: Person
    ) -> None:
        """Staff confirm triage's proposal: a contact not logged is now told why and where to
        go instead (never before a person has checked the proposal)."""
        if case.route == Route.NOT_LOGGED:
            self._decision_letter(session, case, person)

    def _decision_letter(
        self, session: Session, case: Case, person: Person, *, reconsidered: bool = False
    ) -> None:
        """The letter for triage as staff decided it, once for each decision. `reconsidered`:
        an earlier letter said the contact could not be considered as a complaint, and this
        one says it now will be."""
        refused = (
            not_logged_text(
                self.config,
                case=case,
                rulebook=self.rulebook,
                recipient_name=person.name,
                by=self.by(person),
            )
            if case.route == Route.NOT_LOGGED and self.rulebook is not None
            else None
        )
        text = first_letter_text(
            session,
            self.config,
            case=case,
            recipient_name=person.name,
            not_logged_text=refused,
            by=self.by(person),
            decided=True,
            today=local_day(self, self.clock.now()),
            reconsidered=reconsidered,
        )
        if text is None:
            return
        reason = case.not_logged_reason.value if case.not_logged_reason else "-"
        key = f"{case.record_kind.value}:{case.route.value}:{reason}"
        self.send(session, case, person, "decision", key, text)


# Channels on which staff took the contact themselves and logged it.
STAFF_LOGGED_CHANNELS = frozenset({Channel.TELEPHONE, Channel.LETTER, Channel.IN_PERSON})


def first_letter_text(
    session: Session,
    config: LetterConfig,
    *,
    case: Case,
    recipient_name: str | None = None,
    advocacy: bool = False,
    not_logged_text: str | None = None,
    by: str = "email",
    decided: bool = False,
    read_from: datetime | None = None,
    today: date | None = None,
    reconsidered: bool = False,
) -> str | None:
    """The first letter for a contact, chosen by what triage made of it. Before staff have
    `decided` (confirmed or changed triage), a contact triage would not log gets only an
    acknowledgement of receipt, and a complaint is told which procedure heard expects. Each
    says what to do if a child is at risk now, whatever a council's own letter leaves out. Only
    a contact that came by email or web form is answered as "an automatic reply": one staff took
    by telephone, letter or in person was answered by a person. `read_from`: mail that came
    out of hours is told when a person will read it (every first letter in the same words)."""
    automatic_reply = case.channel not in STAFF_LOGGED_CHANNELS
    read_from_words = f"{read_from:%A %-d %B at %H:%M}" if read_from else ""
    if case.route == Route.NOT_LOGGED:
        text = (
            not_logged_text
            if decided
            else render(
                config,
                "acknowledgement_received.txt.j2",
                reference=case.reference,
                recipient_name=recipient_name,
                by=by,
                automatic_reply=automatic_reply,
                immediate_risk_text=config.immediate_risk_text,
                read_from=read_from_words,
            )
        )
        return None if text is None else with_immediate_risk(text, config.immediate_risk_text)
    name = first_letter_template(case.record_kind, case.route)
    if name is None:
        return None
    latest = ""
    under_code = False  # the Code asks no agreement to extend: the complainant is told
    if case.record_kind == RecordKind.SUBJECT_ACCESS_REQUEST:
        due: date | None = subject_access_due(session, config, case)
    else:
        stage = _latest_stage(session, case)
        deadline = open_stage_deadline(session, stage)
        due = deadline.effective_due if deadline else None
        if stage is not None:
            clock = deadlines.stage_deadline(
                session, stage=stage, rule=DeadlineRule.CODE_ACKNOWLEDGEMENT
            )
            under_code = clock is not None
        if stage is not None and awaits_code_acknowledgement(session, stage):
            # The Code times the answer from the acknowledgement, not yet made: the date is
            # the latest it can be, and comes sooner if staff acknowledge sooner.
            latest = " at the latest"
    text = render(
        config,
        name,
        reference=case.reference,
        recipient_name=recipient_name,
        by=by,
        automatic_reply=automatic_reply,
        response_due=f"{day_in_words(due)}{latest}" if due else "",
        # a contact staff logged after its response was due (`today`: the day it is written)
        response_late=bool(due and today and due < today and not latest),
        immediate_risk_text=config.immediate_risk_text,
        advocacy=advocacy or case.advocacy_offer,
        expected=not decided,
        corporate_reason=_corporate_reason(case, decided=decided),
        under_code=under_code,
        read_from=read_from_words,
        # the reason for the route only from triage's own proposal, and only when it was sure
        unsure=not case.triage_decision or bool(case.triage_decision.get("uncertain")),
        reconsidered=reconsidered,
    )
    return with_immediate_risk(text, config.immediate_risk_text)


def awaits_code_acknowledgement(session: Session, stage: Stage) -> bool:
    clock = deadlines.stage_deadline(session, stage=stage, rule=DeadlineRule.CODE_ACKNOWLEDGEMENT)
    return clock is not None and clock.met_on is None and not clock.cancelled


def _corporate_reason(case: Case, *, decided: bool) -> str:
    """Why the council's own procedure: in the letter sent on triage's proposal for a writer
    with standing, the service; otherwise both possible reasons (staff who changed the route
    record their reason for themselves, not for the letter)."""
    if case.record_kind == RecordKind.PROFESSIONAL_COMPLAINT:
        return PROFESSIONAL_REASON
    proposed = case.triage_decision or {}
    if decided or proposed.get("route") != Route.CORPORATE.value or not proposed.get("eligible"):
        return CORPORATE_REASON
    return SERVICE_REASON


def queue_first_letter(
    session: Session,
    messenger: Messenger,
    config: LetterConfig,
    *,
    case: Case,
    rulebook: Rulebook,
    to: str,
    in_reply_to: str | None,
    now: datetime,
    batch: outbox.Batch | None = None,
    read_from: datetime | None = None,
) -> EmailMessage | None:
    """Queue the automatic first letter to a new contact by email (a complaint on either
    route, a compliment, an enquiry, a contact not logged): a reply to the sender with a null
    envelope sender (RFC 3834), counted as its acknowledgement. It decides nothing: a contact
    triage would not log is told so only once staff confirm it. `read_from`: it came out of
    hours, and a person reads it from then."""
    text = first_letter_text(session, config, case=case, read_from=read_from)
    if text is None:
        return None
    message, _ = messenger.auto_reply(
        session,
        to=to,
        reference=case.reference,
        text=text,
        in_reply_to=in_reply_to,
        now=now,
        dedupe_key=outbox.acknowledgement_key(case.id),
        case_id=case.id,
        batch=batch,
    )
    return message


def not_logged_text(
    config: LetterConfig,
    *,
    case: Case,
    rulebook: Rulebook,
    recipient_name: str | None = None,
    by: str = "email",
) -> str | None:
    """Why the contact is not logged as a complaint and where to go instead
    (not_logged_<reason>.txt.j2 if a council has one, else not_logged.txt.j2). A safeguarding
    referral gets no such letter (the MASH handles it, and saying so could warn an abuser); the
    template and the texts it is given never name the MASH."""
    reason = case.not_logged_reason or NotLoggedReason.OTHER
    if reason == NotLoggedReason.SAFEGUARDING_REFERRAL:
        return None
    where = {letter.reason: letter.where_to_go for letter in rulebook.spec.letters}
    template = templates(config.templates_dir).select_template(
        [f"not_logged_{reason.value}.txt.j2", "not_logged.txt.j2"]
    )
    return as_letter(
        template.render(
            council_name=config.council_name,
            signed_by=config.signed_by,
            reference=case.reference,
            reason=reason.value,
            by=by,
            where_to_go=where.get(reason, where.get(NotLoggedReason.OTHER, "")),
            immediate_risk_text=config.immediate_risk_text,
            recipient_name=greeting_name(one_line(recipient_name or "", limit=100)),
        )
    )


def complainant(session: Session, case: Case) -> Person | None:
    assert case.id is not None
    return facts.complainant(session, case_id=case.id)


def _emailed(session: Session, case: Case) -> bool:
    assert case.id is not None
    return facts.has_written_before(session, case_id=case.id)


def _latest_stage(session: Session, case: Case) -> Stage | None:
    assert case.id is not None
    return latest_stage(session, case_id=case.id)


def _latest_pause(session: Session, case: Case) -> CasePause | None:
    assert case.id is not None
    return facts.latest_pause(session, case_id=case.id)


def subject_access_due(session: Session, config: LetterConfig, case: Case) -> date:
    """The request's answer date: its open clock's (extended or moved by a stop), or, before
    the clock is opened, one month from the day it arrived, as the clock will have it."""
    assert case.id is not None
    found = deadlines.open_deadlines(session, case_id=case.id, rules=[DeadlineRule.SUBJECT_ACCESS])
    if found:
        return found[0].effective_due
    received_on = case.received_at.astimezone(config.zone).date()
    calendar = WorkingCalendar(zone=config.zone)  # bank holidays: closure days never count
    return clock_for(
        RecordKind.SUBJECT_ACCESS_REQUEST, received_on=received_on, calendar=calendar
    ).due


def open_stage_deadline(session: Session, stage: Stage | None) -> Deadline | None:
    if stage is None:
        return None
    from cases.timescales import response_rule

    return deadlines.stage_deadline(session, stage=stage, rule=response_rule(stage.kind))


def day_in_words(day: date) -> str:
    return f"{day:%A %-d %B %Y}"


# What each remedy means to the family reading the letter (the enum's label is staff shorthand).
_REMEDY_WORDS = {
    # The response is where the council apologises: "An apology" promised one it never gave.
    RemedyKind.APOLOGY: "We apologise to you for what went wrong",
    RemedyKind.EXPLANATION: "An explanation of what happened and why",
    RemedyKind.SERVICE_PROVIDED: "We will provide the service you should have had",
    RemedyKind.FINANCIAL: "A payment",
    RemedyKind.PRACTICE_CHANGE: "A change to how we work, so this does not happen again",
    RemedyKind.ACTION_TAKEN: "Action to put things right",
    RemedyKind.SERVICE_CHANGE: "A change to the service",
}


def _remedy_in_words(kind: RemedyKind, amount_pence: int | None) -> str:
    words = _REMEDY_WORDS.get(kind, kind.label)
    return words + (f" of £{amount_pence / 100:,.2f}" if amount_pence else "")
