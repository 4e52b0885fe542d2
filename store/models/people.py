"""Complainants, representatives and the children a case is about: the personal data."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from cases.enums import ComplainantType
from store.types import enum_column, list_column


class PartyRole(StrEnum):
    COMPLAINANT = "complainant"
    REPRESENTATIVE = "representative"
    ADVOCATE = "advocate"


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    role: PartyRole = Field(sa_column=enum_column(PartyRole))
    complainant_type: str = Field(default=ComplainantType.UNKNOWN, sa_column=list_column())
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320, index=True)
    phone: str | None = Field(default=None, max_length=40)
    address: str | None = Field(default=None, max_length=500)  # postal: lines joined by "\n"
    # Staff chose post for this person's letters (GOV.UK Notify prints and posts them to
    # `address`); otherwise letters go by email, or by text message to a phone-only person.
    letters_by_post: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    )
    relationship_to_child: str | None = Field(default=None, max_length=100)
    is_child: bool = False
    consent_given: bool | None = None  # a representative acting with the child's consent?
    consent_recorded_on: date | None = None


class Child(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    name: str | None = Field(default=None, max_length=200)
    date_of_birth: date | None = None
    looked_after: bool | None = None
    care_leaver: bool | None = None
