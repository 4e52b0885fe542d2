"""The shape of the rule file, as frozen pydantic models: what a council may write in it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cases.enums import (
    ComplainantType,
    IssueCategory,
    NotLoggedReason,
    RecordKind,
    Role,
)


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Contact(Strict):
    name: str
    email: str | None = None
    slack_user: str | None = None


class DirectorateSpec(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    director: Contact | None = None
    slack_channel: str | None = None


class TeamSpec(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
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


class MailboxSpec(Strict):
    address: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    kind: RecordKind

    @field_validator("address")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class Rule(Strict):
    """Every rule: an id, what it is for (description) and what staff are told (reason)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_.\-]*$")
    description: str
    reason: str
    patterns: tuple[str, ...] = Field(min_length=1)
    unless: tuple[str, ...] = ()


class KindRule(Rule):
    kind: RecordKind


class ComplainantRule(Rule):
    type: ComplainantType


class NotLoggedRule(Rule):
    not_logged: NotLoggedReason


class CategoryRule(Rule):
    category: IssueCategory


class RoutingRule(Rule):
    team: str
    category: IssueCategory | None = None


class LetterSpec(Strict):
    reason: NotLoggedReason
    where_to_go: str


class Eligibility(Strict):
    eligible_types: tuple[ComplainantType, ...]
    insufficient_interest_types: tuple[ComplainantType, ...] = ()
    corporate_types: tuple[ComplainantType, ...] = ()
    child_types: tuple[ComplainantType, ...] = ()


class RulebookSpec(Strict):
    directorates: tuple[DirectorateSpec, ...] = Field(min_length=1)
    teams: tuple[TeamSpec, ...] = Field(min_length=1)
    staff: tuple[StaffSpec, ...] = ()
    roles: tuple[RoleGrant, ...] = ()
    mailboxes: tuple[MailboxSpec, ...] = Field(min_length=1)
    safeguarding: tuple[Rule, ...] = Field(min_length=1)
    record_kinds: tuple[KindRule, ...] = ()
    complainant_types: tuple[ComplainantRule, ...] = ()
    eligibility: Eligibility
    not_logged: tuple[NotLoggedRule, ...] = ()
    out_of_time: tuple[Rule, ...] = ()
    historic: tuple[Rule, ...] = ()
    corporate: tuple[Rule, ...] = ()
    categories: tuple[CategoryRule, ...] = ()
    routing: tuple[RoutingRule, ...] = ()
    letters: tuple[LetterSpec, ...] = ()
