"""Claiming due rows with a lease: how several heard processes share the outbox and reminders.

A worker takes rows in one UPDATE … RETURNING: on PostgreSQL the candidate rows are locked with
FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint sets; on SQLite the write lock taken
by BEGIN IMMEDIATE serialises claims. A worker that dies leaves its lease to expire; the row
is then claimable again, so nothing is lost and nothing is sent twice while the lease holds.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session


def worker_name(role: str) -> str:
    """A name for one claiming worker, unique to it: leases are renewed, released and marked
    done only by the name holding them, so two heard processes on one host (or two pollers in
    one) must never pass for one another."""
    return f"{role}@{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim_due(
    session: Session,
    *,
    table: sa.Table,
    due_column: sa.Column[Any],
    worker: str,
    now: datetime,
    lease: timedelta,
    limit: int,
    conditions: Sequence[sa.ColumnElement[bool]] = (),
    first: sa.ColumnElement[Any] | None = None,
    on_lapsed: dict[str, Any] | None = None,
) -> list[int]:
    """Claim up to `limit` due, unclaimed (or lease-expired) rows; return their ids in due order.
    `first` orders the candidates before their due time (the outbox's priority). `on_lapsed`:
    values set on a row whose last worker stopped holding it (killed, or stopped mid-call),
    whose work may therefore have been done without being recorded."""
    free = sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < now)
    order = (first, due_column, table.c.id) if first is not None else (due_column, table.c.id)
    candidates = (
        sa.select(table.c.id)
        .where(due_column <= now, free, *conditions)
        .order_by(*order)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = session.execute(
        sa.update(table)
        .where(table.c.id.in_(candidates.scalar_subquery()), free)
        .values(
            claimed_by=worker,
            claimed_until=now + lease,
            **{
                name: sa.case((table.c.claimed_by.is_not(None), value), else_=table.c[name])
                for name, value in (on_lapsed or {}).items()
            },
        )
        .returning(table.c.id, due_column)
    ).all()
    return [row.id for row in sorted(claimed, key=lambda row: (row[1], row.id))]


def release(session: Session, *, table: sa.Table, row_id: int, worker: str) -> None:
    session.execute(
        sa.update(table)
        .where(table.c.id == row_id, table.c.claimed_by == worker)
        .values(claimed_by=None, claimed_until=None)
    )


def renew(session: Session, *, table: sa.Table, row_id: int, worker: str, until: datetime) -> bool:
    """Hold a claimed row longer; False if it is no longer `worker`'s (its lease lapsed and
    another worker claimed it, or it was marked done)."""
    renewed = session.connection().execute(
        sa.update(table)
        .where(table.c.id == row_id, table.c.claimed_by == worker)
        .values(claimed_until=until)
    )
    return renewed.rowcount == 1
