"""What the web adapter is given by the composition root (heard/serve.py): a narrow, typed
bundle instead of the settings, so web/ never imports heard/."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from cases.actor import Actor
from cases.calendar import WorkingCalendar
from cases.clock import Clock
from cases.enums import Role
from casework.service import CaseService
from casework.triage_change import TriageChange
from org.directory import Organisation
from store.models import Case


class TriageLoggedContact(Protocol):
    """Triage a contact staff logged, as mail is triaged (a safeguarding match refers it to the
    MASH at once), in the transaction that created the case. Built by heard/."""

    def __call__(self, session: Session, *, case: Case, text: str, now: datetime) -> None: ...


class ChangeTriage(Protocol):
    """Apply a changed triage to a case no stage has answered, record each change against the
    rule that proposed it (heard triage report) and confirm the triage: casework's
    change_triage, given triage/'s corrections by heard/ (web/ may not import triage/)."""

    def __call__(
        self, session: Session, *, case: Case, actor: Actor, change: TriageChange, now: datetime
    ) -> None: ...


@dataclass(frozen=True)
class OidcConfig:
    """HEARD_OIDC_*: a provider found by discovery at `issuer`/.well-known/openid-configuration."""

    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str  # HEARD_WEB_BASE_URL + /auth/callback
    slack_team_id: str | None = None  # Sign in with Slack: the workspace staff belong to


@dataclass(frozen=True)
class WebConfig:
    host: str
    port: int  # 0: any free port
    base_url: str | None  # the public address; cookies are Secure when it is https
    oidc: OidcConfig | None  # None: single-use sign-in links only
    session_idle: timedelta
    session_absolute: timedelta
    council_name: str
    attachment_max_bytes: int = 10 * 1024 * 1024
    chaser_hour: time = time(9, 0)  # HEARD_CHASER_HOUR: when a snoozed reminder comes back

    @property
    def secure_cookies(self) -> bool:
        return bool(self.base_url and self.base_url.startswith("https://"))


@dataclass(frozen=True)
class TeamInfo:
    id: str
    name: str
    directorate_id: str
    triage_queue: bool = False


@dataclass(frozen=True)
class Directory:
    """The organisation as the web view shows it: teams, directorates and who leads each."""

    teams: tuple[TeamInfo, ...] = ()
    directorates: tuple[tuple[str, str], ...] = ()  # (id, name)
    directors: dict[str, frozenset[str]] = field(default_factory=dict)  # directorate -> emails
    # The rule file's category_list (id -> label): a council's own categories have no enum.
    category_labels: dict[str, str] = field(default_factory=dict)
    # who is who, to assign a case and to name who acted (org.directory)
    organisation: Organisation = field(
        default_factory=lambda: Organisation(directorates=(), teams=())
    )

    @classmethod
    def of(cls, organisation: Organisation, *, category_labels: dict[str, str]) -> Directory:
        """The organisation (org/) as the web view shows it, with the council's category labels."""
        teams = tuple(
            TeamInfo(
                id=team.id,
                name=team.name,
                directorate_id=team.directorate,
                triage_queue=team.triage_queue,
            )
            for team in organisation.teams
        )
        return cls(
            teams=teams,
            directorates=tuple((d.id, d.name) for d in organisation.directorates),
            directors={
                d.id: frozenset({d.director.email.lower()})
                for d in organisation.directorates
                if d.director is not None and d.director.email
            },
            category_labels=category_labels,
            organisation=organisation,
        )

    def known_as(self, email: str) -> frozenset[str]:
        """What a case's assignee may say for this person: the email, the name the rule file
        gives them and their Slack user id, as casework.team_scope reads who holds a case."""
        return self.organisation.identities_of(email) | {email.lower()}

    def team_name(self, team_id: str | None) -> str:
        found = next((team for team in self.teams if team.id == team_id), None)
        return found.name if found else (team_id or "No team")

    def category_label(self, category: str) -> str:
        from cases.enums import label_of

        return self.category_labels.get(str(category)) or label_of(category)

    def directorate_name(self, directorate_id: str) -> str:
        return dict(self.directorates).get(directorate_id, directorate_id)

    def teams_managed_by(self, email: str) -> list[TeamInfo]:
        managed = self.organisation.teams_managed_by(email)  # as casework.team_scope reads it
        return [team for team in self.teams if team.id in managed]

    def directorates_led_by(self, email: str) -> list[str]:
        return [d for d, emails in self.directors.items() if email.lower() in emails]


@dataclass(frozen=True)
class WebDeps:
    config: WebConfig
    engine: Engine
    calendar: WorkingCalendar
    clock: Clock
    zone: ZoneInfo
    roles_of: Callable[[str], frozenset[Role]]  # an email's roles, from the rule file
    directory: Directory
    cases: CaseService  # the process's one case service, with its listeners
    triage_logged_contact: TriageLoggedContact
    change_triage: ChangeTriage | None = None  # None: the form is not offered
    complainant_types: tuple[tuple[str, str], ...] = ()  # the rule file's (id, label)
    posts_letters: bool = False  # GOV.UK Notify with a letter template: staff may choose post

    def take_rule_file(
        self, directory: Directory, complainant_types: tuple[tuple[str, str], ...]
    ) -> None:
        """SIGHUP reloaded the rule file: its staff names, teams and lists show from the next
        request on. The one change made to these deps after start (frozen against any other):
        each field is swapped whole, so a request sees either the old one or the new."""
        object.__setattr__(self, "directory", directory)
        object.__setattr__(self, "complainant_types", complainant_types)

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.calendar.local_date(self.clock.now())
