"""The organisation's part of the rule file, as frozen pydantic models: what a council may
write under `directorates:`, `teams:`, `staff:`, `roles:` and `mailboxes:`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cases.enums import RecordKind, Role
from org.addresses import email_address

ID = r"^[a-z][a-z0-9_]*$"


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Contact(Strict):
    name: str
    email: str | None = None
    slack_user: str | None = None


class DirectorateSpec(Strict):
    id: str = Field(pattern=ID)
    name: str
    director: Contact | None = None
    slack_channel: str | None = None


class TeamSpec(Strict):
    id: str = Field(pattern=ID)
    name: str
    directorate: str
    aliases: tuple[str, ...] = ()
    slack_channel: str | None = None
    triage_queue: bool = False
    manager: Contact | None = None
    service_manager: Contact | None = None


class StaffSpec(Strict):
    name: str
    team: str
    email: str | None = None
    slack_user: str | None = None
    roles: tuple[Role, ...] = ()


class RoleGrant(Strict):
    role: Role
    users: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    # Staff signing in to the web view, matched by the email their identity provider gives.
    emails: tuple[str, ...] = ()

    @field_validator("emails")
    @classmethod
    def _emails(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(email_address(email).lower() for email in value)


class MailboxSpec(Strict):
    address: str
    kind: RecordKind

    @field_validator("address")
    @classmethod
    def _lower(cls, value: str) -> str:
        return email_address(value).lower()
