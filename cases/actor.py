"""Who did something to a case: a member of staff (named by how they acted: their Slack user,
their login at the command line, their email in the web view), heard itself (one of its
parts), or an import of a council's past spreadsheets. The audit log, a case's "by" columns
and the Slack thread name them by `str(actor)`, the form they have always been stored in
("slack:U123", "cli:pat", "web:pat@council.gov.uk", "smtp", "triage", "cli:import")."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# A name as the audit log and the "by" columns store it: at most this long.
MAX_NAME = 80


class ActorKind(StrEnum):
    STAFF = "staff"
    SYSTEM = "system"
    IMPORT = "import"


class Via(StrEnum):
    """How a member of staff acted, which says what their identity is."""

    SLACK = "slack"  # a Slack user id
    CLI = "cli"  # a login name
    WEB = "web"  # an email address


class Part(StrEnum):
    """The part of heard that acted on its own."""

    SMTP = "smtp"  # the listener, before the 250
    GRAPH = "graph"  # the reader of a Microsoft 365 mailbox, before it marks mail read
    INTAKE = "intake"  # the worker that reads stored mail in full
    NOTIFY = "notify"  # GOV.UK Notify's delivery receipts
    TRIAGE = "triage"  # the automatic triage proposal
    DEMO = "demo"  # `heard demo seed`
    RETENTION = "retention"  # the daily run that removes personal data past its schedule
    LETTERS = "letters"  # the letter writer, when a letter cannot go


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    name: str  # staff: the identity `via` gives; system: the part; import: the importer
    via: Via | None = None

    @classmethod
    def staff(cls, via: Via, identity: str) -> Actor:
        if not identity.strip():
            raise ValueError("a member of staff needs an identity")
        return cls(ActorKind.STAFF, identity.strip(), via)

    @classmethod
    def system(cls, part: Part) -> Actor:
        return cls(ActorKind.SYSTEM, part.value)

    @property
    def is_staff(self) -> bool:
        return self.kind == ActorKind.STAFF

    @property
    def slack_user(self) -> str | None:
        """The Slack user id of a member of staff who acted in Slack (to mention them)."""
        return self.name if self.via == Via.SLACK else None

    def __str__(self) -> str:
        named = f"{self.via.value}:{self.name}" if self.via is not None else self.name
        return named[:MAX_NAME]


SMTP = Actor.system(Part.SMTP)
GRAPH = Actor.system(Part.GRAPH)
INTAKE = Actor.system(Part.INTAKE)
NOTIFY = Actor.system(Part.NOTIFY)
TRIAGE = Actor.system(Part.TRIAGE)
DEMO = Actor.system(Part.DEMO)
LETTERS = Actor.system(Part.LETTERS)
IMPORTER = Actor(ActorKind.IMPORT, "import", Via.CLI)

# heard's own parts and an import as a person reads them in a trail or a "by" column: what
# did it, not the name of a module ("smtp", "cli:import").
SYSTEM_NAMES: dict[str, str] = {
    Part.SMTP: "heard (mail in)",
    Part.GRAPH: "heard (the Microsoft 365 mailbox)",
    Part.INTAKE: "heard (reading mail)",
    Part.NOTIFY: "GOV.UK Notify",
    Part.TRIAGE: "heard (triage)",
    Part.DEMO: "heard (demo data)",
    Part.RETENTION: "heard (retention schedule)",
    Part.LETTERS: "heard (letters)",
    str(IMPORTER): "an import of past cases",
}


def stored_by_staff(stored: str) -> bool:
    """Whether an audit entry's actor, as stored (str(Actor)), is a member of staff: "slack:U…",
    "web:…" or "cli:…", not one of heard's parts ("triage") nor the importer."""
    via, colon, _ = stored.partition(":")
    return bool(colon) and via in {each.value for each in Via} and stored != str(IMPORTER)
