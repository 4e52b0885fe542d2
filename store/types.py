"""Column types shared by the tables: aware UTC timestamps and enums stored as their values."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from cases.clock import SystemClock

if TYPE_CHECKING:  # Core-only readers (`heard cases list`) use these types without the ORM
    from sqlmodel import SQLModel


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Stores UTC and always hands back an aware datetime.

    SQLite has no time zone type and would silently give back naive values; a naive value
    going in is a bug in the caller (we cannot know its zone), so it is refused.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_type(enum_class: type[StrEnum]) -> sa.Enum:
    """A portable enum column: a VARCHAR holding the member's value, no native PG type,
    so adding a member needs no ALTER TYPE migration."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=40,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class ListValue(str):
    """A value from one of the council's own lists (an issue category, a complainant type).

    The rule file owns these lists, so the column holds any validated identifier; `label`
    prints the words heard ships for a known value and a readable form of a council's own.
    """

    __slots__ = ()

    @property
    def label(self) -> str:
        from cases.enums import ComplainantType, IssueCategory

        for enum_class in (IssueCategory, ComplainantType):
            try:
                return enum_class(str(self)).label
            except ValueError:
                continue
        return str(self).replace("_", " ").capitalize()


class ListValueType(sa.types.TypeDecorator[str]):
    """A short identifier from a council's list, handed back as a ListValue."""

    impl = sa.String(60)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> ListValue | None:
        return None if value is None else ListValue(value)


def list_column(*, nullable: bool = False, **kwargs: Any) -> sa.Column:
    return sa.Column(ListValueType(), nullable=nullable, **kwargs)


def enum_column(enum_class: type[StrEnum], *, nullable: bool = False, **kwargs: Any) -> sa.Column:
    return sa.Column(enum_type(enum_class), nullable=nullable, **kwargs)


def utc_column(*, nullable: bool = False, **kwargs: Any) -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=nullable, **kwargs)


def utcnow() -> datetime:
    """The models' default for a row built without its time (a test's fixture, a migration's
    backfill): every code path that writes a case's change passes the Clock's time instead."""
    return SystemClock().now()


def table_of(model: type[SQLModel]) -> sa.Table:
    """A table model's Core table, for multi-row statements without ORM objects."""
    table = sa.inspect(model).local_table  # SQLModel's type does not declare __table__
    assert isinstance(table, sa.Table), f"{model.__name__} is not a table model"
    return table
