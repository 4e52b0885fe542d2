"""Cards follow cases: a CaseListener that queues the card post, its in-place updates and a
thread reply saying who did what, in the transaction of the change (so nothing is lost if Slack
is down: the outbox keeps them until it answers).

Slack takes about one post a second a channel, so a flood of new contacts would queue hours of
cards ahead of what staff do. Staff's own updates go first (store/outbox.py's Priority), and
past a threshold of new cards waiting for the triage channel a new contact's card is held back
and counted in one summary that says where the contacts are (`heard cases unread`, the web
view's Not yet read queue). A held card is posted as soon as anyone acts on its case, and a
safeguarding case's card is never held back (see docs/reliability.md, 29.12)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.card_data import build_card
from bot.cards import CaseCard, case_card_blocks
from bot.mrkdwn import safe
from cases.calendar import WorkingCalendar
from cases.changes import ChangeAction, Note, done_words
from cases.clock import Clock, SystemClock
from cases.day_words import people_dates
from cases.enums import OutboxPurpose
from cases.lifecycle import Action
from cases.staff_threat import threat_rules
from casework.service import CaseChange
from org.addresses import SLACK_USER
from org.directory import Organisation
from outbound.messenger import Messenger
from store import card_posts, outbox
from store.cases.queries import complainant_address, team_ids_of
from store.models import Case
from store.outbox import HeldCards, Priority, cards_about_sender
from triage.engine import SAFEGUARDING_MODEL, SAFEGUARDING_NOT_NEW
from triage.rulebook import Rulebook

QUIET_ACTIONS: frozenset[ChangeAction] = frozenset({Note.CREATED})
# The thread reply echoes a change's reason only where heard wrote it (a date, a label, a
# reference, a staff member's name): what staff type (why triage changed, an extension's
# internal reason, a pause's note, why a case closed) may name a child, and stays in the audit
# trail. An allow-list, so that a new action's reason is not echoed until someone looks.
OWN_WORDS: frozenset[ChangeAction] = frozenset(
    {
        Action.ACKNOWLEDGE,
        Action.ASSIGN,
        Action.RESPOND,
        Action.PANEL_HELD,
        Action.CHAIR_REPORT,
        Action.LGSCO_RECEIVED,
        Action.LGSCO_DECIDED,
        Action.RESUME,
        Note.FLAGGED,  # heard's own flags: a bounce, a quarantined message, a later concern
        Note.DELIVERY_RECEIPT,
        Note.PANEL_ARRANGED,
        Note.LGSCO_REPLIED,
        Note.LGSCO_RECOMMENDATION,
        Note.LEARNING_UPDATED,
        Note.STAGE_ACKNOWLEDGED,
        Note.COST,
        Note.SNOOZED,
        Note.CONTACT_LOGGED,
        Note.LETTERS_BY,
        Note.COMPLAINANT_CORRECTED,  # which fields (casework.complainant_rules.said), never values
    }
)
FLOOD_WINDOW = timedelta(minutes=10)
FLOOD_CARDS = 5  # cards per sender per window; the rest are summarised in one message
WAITING_CARDS = 50  # new cards queued for the triage channel before the rest are summarised
SUMMARY_GATHER = timedelta(minutes=1)  # one summary stands for a minute of held cards


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
    waiting_cards: int = WAITING_CARDS

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
        assert case.id is not None
        # Staff's own changes, then a safeguarding case's card, go ahead of a flood's cards (a
        # click waited 17 s behind a flood's safeguarding cards when they shared a priority).
        staff = change.actor.is_staff
        priority = (
            Priority.STAFF if staff else Priority.CONCERN if case.safeguarding else Priority.ROUTINE
        )
        if case.slack_ts is None:
            if priority > Priority.ROUTINE:
                outbox.promote_card(session, case_id=case.id, priority=priority)
            elif not outbox.card_queued(session, case_id=case.id) and (
                self._flooding(session, case, now) or self._hold_back(session, case, change, now)
            ):
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
            priority=priority,
        )
        self._team_channels(session, case, text, card, now, priority)
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
            priority=priority,
        )
        self.messenger.slack(
            session,
            channel=self.triage_channel,
            text=thread_line(change, organisation=self.organisation),
            thread_of_case=case.id,
            purpose=OutboxPurpose.THREAD_REPLY,
            dedupe_key=f"thread:{case.id}:v{case.version}",
            now=now,
            case_id=case.id,
            priority=priority,
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

    def _hold_back(self, session: Session, case: Case, change: CaseChange, now: datetime) -> bool:
        """Past `waiting_cards` new cards waiting for the triage channel, hold this contact's
        card back, counting it in the channel's summary when it is triaged (the change that
        would have posted it; a later automatic change to a held case is not counted again)."""
        assert case.id is not None and self.triage_channel
        if outbox.cards_waiting(session, channel=self.triage_channel) < self.waiting_cards:
            return False
        if change.action != Note.TRIAGED:
            return True
        outbox.hold_back_card(
            session,
            channel=self.triage_channel,
            reference=case.reference,
            case_id=case.id,
            now=now,
            gather=SUMMARY_GATHER,
            render=self._summary,
        )
        return True

    def _summary(self, held: HeldCards) -> str:
        where = "`heard cases unread`, or the Not yet read queue in heard's web view"
        if self.case_pages_url:
            where += f" (<{self.case_pages_url.rstrip('/')}/|open it>)"
        which = held.first if held.count == 1 else f"references {held.first} to {held.last}"
        contacts = "contact" if held.count == 1 else "contacts"
        return (
            f"{held.count} new {contacts} ({which}) arrived while more than "
            f"{self.waiting_cards} cards were waiting to be posted here: their cards are held "
            f"back so this channel keeps up. Every one is logged and waiting to be read: see "
            f"{where}. A held case's card is posted here as soon as someone acts on it."
        )

    def _team_channels(
        self,
        session: Session,
        case: Case,
        text: str,
        card: CaseCard,
        now: datetime,
        priority: Priority = Priority.ROUTINE,
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
                priority=priority,
            )
            if not queued:
                self._update(session, case, team.slack_channel, text, blocks, now, key, priority)
        for channel in posted:
            if channel not in updated:
                self._update(session, case, channel, text, blocks, now, None, priority)

    def _update(
        self,
        session: Session,
        case: Case,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]],
        now: datetime,
        post_key: str | None,
        priority: Priority,
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
            priority=priority,
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


def _person(identity: str, organisation: Organisation) -> str:
    """A member of staff in a Slack line: a mention for their Slack user id, else their name."""
    person = organisation.person(identity)
    user = identity if SLACK_USER.fullmatch(identity) else (person and person.slack_user)
    if user and SLACK_USER.fullmatch(user):
        return f"<@{user}>"
    return safe(organisation.who(identity), 80)


def thread_line(change: CaseChange, *, organisation: Organisation | None = None) -> str:
    """Who did what, under the case's card: "<@U1> extended the deadline", with a reason heard worded itself
    (OWN_WORDS). People are named as Slack shows a person ("<@U2>", theirs or the one the rule
    file gives them), else by the name the rule file gives them, else by their identity: not
    "web:pat@council.gov.uk" or "assign: U2", what staff read before."""
    directory = organisation or Organisation(directorates=(), teams=())
    actor = (
        _person(change.actor.name, directory)
        if change.actor.is_staff
        else safe(directory.who(str(change.actor)))
    )
    if change.action == Action.ASSIGN and change.reason:
        return f"{actor} assigned the case to {_person(change.reason, directory)}"
    if change.action == Note.STAFF_THREAT:  # the words may name anyone: the case page has them
        rules = ", ".join(threat_rules(change.reason))
        return (
            f"{actor} flagged a threat to a member of staff in a message"
            + (f" ({safe(rules, 200)})" if rules else "")
            + ": a person must look, and the team's manager has been told"
        )
    what = done_words(change.action, by_staff=change.actor.is_staff)
    echoed = change.reason if change.action in OWN_WORDS else None
    reason = f": {safe(people_dates(echoed), 500)}" if echoed else ""
    return f"{actor} {what}{reason}"
