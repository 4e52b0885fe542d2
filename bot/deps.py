"""What the Slack adapter is given by the composition root (heard/serve.py): a narrow, typed
bundle instead of the whole settings, so bot/ never imports heard/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session

from cases.calendar import WorkingCalendar
from cases.clock import Clock
from casework.service import CaseService
from org.directory import Organisation
from store.models import Case, Correspondence
from triage.rulebook import Rulebook


@dataclass(frozen=True)
class SlackConfig:
    """The HEARD_SLACK_* settings the app and its HTTP endpoint need."""

    bot_token: str | None
    signing_secret: str | None
    app_token: str | None  # Socket Mode when set
    api_url: str
    http_host: str
    http_port: int
    chaser_hour: time  # a snoozed chaser comes back at this local time
    outbox_retry_seconds: float = 30.0  # a failed Slack call's first retry, then doubling


class TriageLoggedContact(Protocol):
    """Triage a contact staff logged, as mail is triaged (a safeguarding match refers it to the
    MASH at once), in the transaction that created the case. Built by heard/ from intake/."""

    def __call__(
        self,
        session: Session,
        *,
        case: Case,
        text: str,
        now: datetime,
        note: Correspondence | None = None,  # logged on an existing case: the tripwire only
    ) -> None: ...


@dataclass(frozen=True)
class SlackDeps:
    config: SlackConfig
    engine: Engine
    cases: CaseService  # the process's one case service, with its listeners
    rulebook: Rulebook  # the rules and the council's lists (categories, complainant types)
    organisation: Organisation  # teams, staff, roles
    calendar: WorkingCalendar
    clock: Clock
    triage_logged_contact: TriageLoggedContact
    # Letters can go by post: GOV.UK Notify with a letter template (HEARD_MAIL_TRANSPORT=notify,
    # HEARD_NOTIFY_LETTER_TEMPLATE_ID); otherwise the card offers no "Letters by…".
    posts_letters: bool = False

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.calendar.local_date(self.clock.now())


class SlackConfigError(Exception):
    """A Slack setting that makes serving impossible; heard/ reports it as a start-up error."""
