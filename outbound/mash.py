"""The safeguarding referral: a concern goes to the MASH (the council's multi-agency
safeguarding hub) at once, out of hours too, by email and in Slack if a channel is set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser
from email.policy import default
from email.utils import parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from cases.actor import Actor
from cases.day_words import long_date
from cases.enums import AuditAction, Direction, OutboxPurpose
from outbound.compose import templates
from outbound.messenger import Messenger
from store import audit
from store.cases.letter_facts import complainant, first_inbound
from store.models import Case, Correspondence


@dataclass(frozen=True)
class MashReferral:
    messenger: Messenger
    email: str  # HEARD_MASH_EMAIL
    zone: ZoneInfo  # HEARD_TIMEZONE: the referral says when the contact came by the council's clock
    slack_channel: str | None = None  # HEARD_MASH_SLACK_CHANNEL

    def refer(self, session: Session, *, case: Case, actor: Actor, now: datetime) -> None:
        """Queue the referral in the caller's transaction and audit it.

        The referral carries what a MASH worker needs to act without heard: the reference, the
        rules and words that fired, the message as received and the sender's contact details.
        It goes only to the MASH mailbox and the MASH channel, never to team channels or logs.
        """
        text = referral_text(
            session, case=case, zone=self.zone, templates_dir=self.messenger.identity.templates_dir
        )
        self._send(session, case, text, subject_note="", key=f"{case.id}", now=now)
        fired = (case.triage_decision or {}).get("fired", [])
        audit.record(
            session,
            case_id=case.id,
            actor=actor,
            action=AuditAction.MASH_REFERRAL,
            at=now,
            after={
                "mash_email": self.email,
                "mash_slack": bool(self.slack_channel),
                "rules": [rule for rule, _ in fired if str(rule).startswith("sg.")],
            },
        )

    def refer_reply(
        self,
        session: Session,
        *,
        case: Case,
        message: Correspondence,
        words: tuple[str, ...],
        rules: tuple[tuple[str, str], ...],
        actor: Actor,
        now: datetime,
    ) -> None:
        """Refer a later message on a case (a reply) whose text, or the history it quotes,
        trips safeguarding: the referral quotes that message, once per message."""
        assert message.id is not None
        text = referral_text(
            session,
            case=case,
            zone=self.zone,
            message=message,
            words=words,
            rules=rules,
            templates_dir=self.messenger.identity.templates_dir,
        )
        self._send(
            session,
            case,
            text,
            subject_note=" (a later message)",
            key=f"{case.id}:{message.id}",
            now=now,
        )
        audit.record(
            session,
            case_id=case.id,
            actor=actor,
            action=AuditAction.MASH_REFERRAL,
            at=now,
            after={
                "mash_email": self.email,
                "mash_slack": bool(self.slack_channel),
                "rules": [rule for rule, _ in rules],
                "correspondence_id": message.id,
            },
        )

    def _send(
        self, session: Session, case: Case, text: str, *, subject_note: str, key: str, now: datetime
    ) -> None:
        """The referral by email to the MASH and, when configured, to its Slack channel (cut to
        a readable length), each once per `key`."""
        self.messenger.email(
            session,
            to=self.email,
            subject=f"Safeguarding referral from complaints: {case.reference}{subject_note}",
            text=text,
            purpose=OutboxPurpose.MASH_REFERRAL,
            dedupe_key=f"mash-email:{key}",
            now=now,
            case_id=case.id,
        )
        if self.slack_channel:
            cut = text if len(text) <= SLACK_LIMIT else text[:SLACK_LIMIT] + "\n… (cut: see email)"
            self.messenger.slack(
                session,
                channel=self.slack_channel,
                text=f":rotating_light: {cut}",
                purpose=OutboxPurpose.MASH_REFERRAL,
                dedupe_key=f"mash-slack:{key}",
                now=now,
                case_id=case.id,
            )


SLACK_LIMIT = 3500  # a Slack message stays readable; the email carries the whole message
DISCLOSURE_LIMIT = 20_000


def referral_text(
    session: Session,
    *,
    case: Case,
    zone: ZoneInfo,
    message: Correspondence | None = None,
    words: tuple[str, ...] | None = None,
    rules: tuple[tuple[str, str], ...] | None = None,
    templates_dir: Path | None = None,
) -> str:
    """Why heard referred it (from the stored triage decision), who sent it, what they wrote.

    `message`, `words`, `rules`: a later message on the case (a reply) that tripped
    safeguarding, with what fired in it; the referral then quotes it, history included."""
    assert case.id is not None
    later = message is not None
    first = message if later else first_inbound(session, case_id=case.id)
    name, address = _sender(first)
    logged_by = None
    if first is not None and first.raw is None and first.direction == Direction.INTERNAL:
        # a call, letter or visit staff logged: who it came from is the complainant recorded
        caller = complainant(session, case_id=case.id)
        name = " ".join((caller.name or "").split())[:200] if caller else ""
        address = ", ".join(filter(None, (caller.email, caller.phone))) if caller else ""
        logged_by = first.author
    signature = str(((first.details or {}) if first else {}).get("signature") or "")
    decision = {} if later else (case.triage_decision or {})
    fired_words = list(words or ()) if later else decision.get("safeguarding_words") or []
    fired_rules = (
        list(rules or ())
        if later
        else [(rule, why) for rule, why in decision.get("fired", []) if str(rule).startswith("sg.")]
    )
    body = (first.text if first else None) or "(no text)"
    if later and first is not None and first.quoted_text:
        body += "\n\n(what it quotes)\n" + first.quoted_text
    if len(body) > DISCLOSURE_LIMIT:
        body = body[:DISCLOSURE_LIMIT] + "\n… (cut)"
    route = decision.get("route")
    received = case.received_at.astimezone(zone)
    return (
        templates(templates_dir)
        .get_template("mash_referral.txt.j2")
        .render(
            later=later,
            reference=case.reference,
            received=(
                f"{long_date(received.date())} at {received:%H:%M %Z} "
                f"({case.channel.label.lower()})"
            ),
            sender_name=name,
            sender_address=address,
            signature=" ".join(signature.split())[:300],
            logged_by=logged_by,
            words=fired_words,
            rules=fired_rules,
            also_logged=route if route in ("statutory", "corporate") else None,
            only_disclosure=decision.get("not_logged_reason") == "safeguarding_referral",
            subject=case.subject,
            body=body,
        )
    )


def _sender(row: Correspondence | None) -> tuple[str, str]:
    if row is None:
        return "", ""
    if row.raw:
        headers = BytesHeaderParser(policy=default).parsebytes(row.raw[:65536])
        name, address = parseaddr(str(headers.get("From", "")))
        if address:
            return " ".join(name.split())[:200], " ".join(address.split())[:320]
    return "", row.envelope_sender or row.author or ""
