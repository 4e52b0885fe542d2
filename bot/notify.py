"""Cards follow cases: a CaseListener that queues the card post, its in-place updates and a
thread reply saying who did what, in the transaction of the change (so nothing is lost if Slack
is down: the outbox keeps them until it answers)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.card_data import build_card
from bot.cards import CaseCard, case_card_blocks
from bot.mrkdwn import safe
from cases.calendar import WorkingCalendar
from cases.changes import ChangeAction, Note
from cases.clock import Clock, SystemClock
from cases.enums import OutboxPurpose
from casework.service import CaseChange
from org.directory import Organisation
from outbound.messenger import Messenger
from store import card_posts
from store.cases.queries import complainant_address, team_ids_of
from store.models import Case
from store.outbox import cards_about_sender
from triage.engine import SAFEGUARDING_MODEL, SAFEGUARDING_NOT_NEW
from triage.rulebook import Rulebook

QUIET_ACTIONS: frozenset[ChangeAction] = frozenset({Note.CREATED})
FLOOD_WINDOW = timedelta(minutes=10)
FLOOD_CARDS = 5  # cards per sender per window; the rest are summarised in one message


@dataclass
class CardNotifier:
    calendar: WorkingCalendar
    rulebook: Rulebook  # the safeguarding rules, the category labels
    organisation: Organisation  # the teams' channels
    messenger: Messenger
    triage_channel: str | None
    show_subject: bool = False  # HEARD_SLACK_SHOW_DETAILS_IN_PRIVATE_CHANNELS
    case_pages_url: str | None = None  # HEARD_WEB_BASE_URL: cards link to the case's page
    clock: Clock = field(default_factory=SystemClock)  # heard/ passes the process's clock

    def _blocks(self, card: CaseCard) -> list[dict[str, Any]]:
        blocks = case_card_blocks(card)
        if self.case_pages_url:
            link = (
                f"<{self.case_pages_url.rstrip('/')}/cases/{card.reference}|Open the case in heard>"
            )
            blocks.insert(2, {"type": "context", "elements": [{"type": "mrkdwn", "text": link}]})
        return blocks

    def __call__(self, session: Session, case: Case, change: CaseChange) -> None:
        if not self.triage_channel or case.automated or change.action in QUIET_ACTIONS:
            return
        now = self.clock.now()
        if case.slack_ts is None and self._flooding(session, case, now):
            return
        card = build_card(
            session,
            case=case,
            calendar=self.calendar,
            rulebook=self.rulebook,
            organisation=self.organisation,
            today=self.calendar.local_date(now),
            with_subject=self.show_subject,
            posts_letters=self.messenger.identity.posts,
        )
        blocks = self._blocks(card)
        text = f"Case {case.reference}"
        assert case.id is not None
        first = case.slack_ts is None and self.messenger.slack(
            session,
            channel=self.triage_channel,
            text=text,
            blocks=blocks,
            card_for_case=case.id,
            card_kind=card_posts.TRIAGE,
            purpose=OutboxPurpose.CARD,
            dedupe_key=f"card:{case.id}",
            now=now,
            case_id=case.id,
        )
        self._team_channels(session, case, text, card, now)
        if first:
            return
        self.messenger.update_card(
            session,
            case_id=case.id,
            channel=self.triage_channel,
            text=text,
            blocks=blocks,
            dedupe_key=f"card:{case.id}:v{case.version}",
            now=now,
            post_key=f"card:{case.id}",
        )
        user = change.actor.slack_user
        who = user or str(change.actor)
        actor = f"<@{who}>" if user and who.isalnum() else safe(who)
        what = change.action.value.replace("_", " ")
        reason = f": {safe(change.reason, 500)}" if change.reason else ""
        self.messenger.slack(
            session,
            channel=self.triage_channel,
            text=f"{actor} {what}{reason}",
            thread_of_case=case.id,
            purpose=OutboxPurpose.THREAD_REPLY,
            dedupe_key=f"thread:{case.id}:v{case.version}",
            now=now,
            case_id=case.id,
        )

    def _flooding(self, session: Session, case: Case, now: datetime) -> bool:
        """50 messages from one sender in 10 minutes must not flood the triage channel."""
        assert case.id is not None
        sender = complainant_address(session, case_id=case.id)
        if not sender or not self.triage_channel:
            return False
        recent = cards_about_sender(
            session, sender=sender, channel=self.triage_channel, since=now - FLOOD_WINDOW
        )
        if recent < FLOOD_CARDS:
            return False
        window = int(now.timestamp() // FLOOD_WINDOW.total_seconds())
        self.messenger.slack(
            session,
            channel=self.triage_channel,
            text=(
                f"Many messages from one sender in the last {FLOOD_WINDOW.seconds // 60} "
                "minutes: further cards from them are held back. They are all logged; see "
                "`heard cases list`."
            ),
            purpose=OutboxPurpose.FLOOD_NOTICE,
            dedupe_key=f"flood:{sender}:{window}",
            now=now,
        )
        return True

    def _team_channels(
        self, session: Session, case: Case, text: str, card: CaseCard, now: datetime
    ) -> None:
        """The card goes to each team a matter of the case is routed to, and every card a team
        channel already has is updated in place (one routed elsewhere since too: its buttons
        must not act on a state the case has left). A case with a safeguarding referral goes
        too (its complaint is theirs to answer), but without the safeguarding rules' reasons or
        the subject line: what was disclosed, and the words that fired, go to the MASH only."""
        assert case.id is not None
        blocks = self._blocks(self._for_teams(card) if case.safeguarding else card)
        posted = card_posts.posts_of(session, case_id=case.id)
        updated: set[str] = {self.triage_channel or ""}
        for team_id in team_ids_of(session, case_id=case.id):
            team = self.organisation.team(team_id)
            if not team or not team.slack_channel or team.slack_channel in updated:
                continue
            updated.add(team.slack_channel)
            key = f"card:{case.id}:{team_id}"
            queued = self.messenger.slack(
                session,
                channel=team.slack_channel,
                text=text,
                blocks=blocks,
                card_for_case=case.id,
                card_kind=card_posts.TEAM,
                purpose=OutboxPurpose.CARD,
                dedupe_key=key,
                now=now,
                case_id=case.id,
            )
            if not queued:
                self._update(session, case, team.slack_channel, text, blocks, now, post_key=key)
        for channel in posted:
            if channel not in updated:
                self._update(session, case, channel, text, blocks, now, post_key=None)

    def _update(
        self,
        session: Session,
        case: Case,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]],
        now: datetime,
        *,
        post_key: str | None,
    ) -> None:
        assert case.id is not None
        self.messenger.update_card(
            session,
            case_id=case.id,
            channel=channel,
            text=text,
            blocks=blocks,
            dedupe_key=f"card:{case.id}:{channel}:v{case.version}",
            now=now,
            post_key=post_key,
        )

    def _for_teams(self, card: CaseCard) -> CaseCard:
        safeguarding_rules = {rule.spec.id for rule in self.rulebook.safeguarding}
        safeguarding_rules.update(("safeguarding.only", SAFEGUARDING_MODEL, SAFEGUARDING_NOT_NEW))
        return replace(
            card,
            reasons=tuple(
                (rule, reason) for rule, reason in card.reasons if rule not in safeguarding_rules
            ),
            subject=None,
        )
