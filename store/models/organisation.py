"""Directorates and teams, mirrored from the rule file so reports keep teams that were renamed
or removed since the case was routed."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Directorate(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=60)
    name: str = Field(max_length=200)


class Team(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=60)
    name: str = Field(max_length=200)
    directorate_id: str | None = Field(default=None, foreign_key="directorate.id", index=True)
    slack_channel: str | None = Field(default=None, max_length=40)
    active: bool = True
