"""The organisation's part of the rule file, as frozen pydantic models: what a council may
write under `directorates:`, `teams:`, `staff:`, `roles:` and `mailboxes:`."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from cases.enums import RecordKind, Role
from cases.wording import one_line_name
from org.addresses import email_address, slack_channel_id

ID = r"^[a-z][a-z0-9_]*$"
# store.models.organisation keeps directorates and teams: ids of up to 60 characters, names of
# up to 200 (longer, PostgreSQL would refuse the rule file's organisation when heard starts).
ID_MOST, NAME_MOST = 60, 200


def _printed_name(text: str) -> str:
    return one_line_name(
        text, most=NAME_MOST, why="as it is printed on cards, letters, the digest and reports"
    )


# A person's, team's or directorate's name, as heard prints it.
Name = Annotated[str, AfterValidator(_printed_name)]
Channel = Annotated[str, AfterValidator(slack_channel_id)]


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Contact(Strict):
    name: Name
    email: str | None = None
    slack_user: str | None = None


class DirectorateSpec(Strict):
    id: str = Field(pattern=ID, max_length=ID_MOST)
    name: Name
    director: Contact | None = None
    slack_channel: Channel | None = None


class TeamSpec(Strict):
    id: str = Field(pattern=ID, max_length=ID_MOST)
    name: Name
    directorate: str
    aliases: tuple[str, ...] = ()
    slack_channel: Channel | None = None
    triage_queue: bool = False
    manager: Contact | None = None
    service_manager: Contact | None = None


class StaffSpec(Strict):
    name: Name
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
