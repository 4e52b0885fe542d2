"""A message read as a threat to a member of staff (cases.staff_threat) is told at once to the
manager of each team the case is with, or the complaints team's manager while it is with no
team yet, by email and Slack as the rule file gives them (the team's channel when its manager
has no Slack id), in the transaction that flagged it: the outbox keeps it until it goes.

It names the case and every rule that fired (its id in the rule file), never the words that
fired: they may name anyone, and stay on the case page with the rest of the message."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from cases.changes import Note
from cases.clock import Clock, SystemClock
from cases.enums import OutboxPurpose
from cases.staff_threat import threat_rules
from casework.service import CaseChange
from org.directory import Organisation
from outbound.messenger import Addressee, Messenger
from store.cases.queries import team_ids_of
from store.models import Case


@dataclass
class ThreatAlert:
    """A CaseListener: hears Note.STAFF_THREAT only."""

    organisation: Organisation
    messenger: Messenger
    case_pages_url: str | None = None  # HEARD_WEB_BASE_URL when the web view runs
    clock: Clock = field(default_factory=SystemClock)

    def __call__(self, session: Session, case: Case, change: CaseChange) -> None:
        if change.action != Note.STAFF_THREAT:
            return
        assert case.id is not None
        rules = threat_rules(change.reason)
        named = f" (by the rule file's {', '.join(rules)})" if rules else ""
        text = (
            f"A message on {case.reference} reads as a threat to a member of staff{named}. "
            "Please read it today, make sure the worker it is about knows and is safe, and "
            "clear the case's flag with what was done."
        )
        link = (
            f"\n\nOpen the case: {self.case_pages_url.rstrip('/')}/cases/{case.reference}"
            if self.case_pages_url
            else ""
        )
        for key, to in self.managers(session, case.id).items():
            self.messenger.tell(
                session,
                to,
                subject=f"[heard] A threat to a member of staff: {case.reference}",
                text=text + link + "\n\nheard, the complaints service\n",
                slack_text=text,
                purpose=OutboxPurpose.STAFF_ALERT,
                dedupe_key=f"threat:{case.id}:v{case.version}:{key}",
                now=self.clock.now(),
                case_id=case.id,
            )

    def managers(self, session: Session, case_id: int) -> dict[str, Addressee]:
        """Each team's manager (email and Slack id, else the team's channel), once each."""
        teams = [
            team
            for team in (
                self.organisation.team(team_id) for team_id in team_ids_of(session, case_id=case_id)
            )
            if team is not None
        ] or [self.organisation.triage_team]
        found: dict[str, Addressee] = {}
        for team in teams:
            manager = team.manager
            to = Addressee(
                email=manager.email if manager else None,
                slack=(manager.slack_user if manager else None) or team.slack_channel,
            )
            key = to.email or to.slack
            if key:
                found.setdefault(key, to)
        return found
