"""The corporate stages run under the Ombudsman's Complaint Handling Code: how many were
acknowledged, and how many within the Code's working days, per day acknowledged; how many
were answered, in time, and after the one extension the Code allows, per day answered.

A stage runs under the Code when it has an acknowledgement clock of its own
(code_acknowledgement, opened beside its answer's when it started: casework). The statements
start from the corporate stages (ix_stage_kind_opened, ix_stage_kind_responded) and look up
each one's clocks by stage and rule (ix_deadline_stage_rule): corporate stages are a small
part of the stages, so this costs little beside the annual report's scans.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from store.reports.sql import (
    Span,
    cases,
    count_if,
    counted,
    deadlines,
    stage_deadline_join,
    stages,
    within,
    within_extension,
    within_target,
)

CODE_STAGES = ("corporate_1", "corporate_2")
ACKNOWLEDGEMENT = "code_acknowledgement"
# A stage is acknowledged within days of opening; one opened this long before a period
# cannot be acknowledged in it on time, and is still found when it was acknowledged late.
_OPENED_BEFORE = timedelta(days=366)


class CodeAcknowledged(NamedTuple):
    kind: str  # corporate_1 | corporate_2
    day: date  # acknowledged on
    acknowledged: int
    in_time: int | None  # on or before the acknowledgement's due date


class CodeAnswered(NamedTuple):
    kind: str
    day: date  # answered on
    answered: int
    in_time: int | None  # within the Code's timescale from the acknowledgement, or its extension
    extended: int | None  # the stage's one extension was used


def _from_the_public() -> sa.ColumnElement[bool]:
    """The Code is for complaints from the public; another agency's complaint (a professional
    complaint) is not in its report, as it is not in the report's "received" row."""
    return cases.c.record_kind != "professional_complaint"


def acknowledged(connection: Connection, periods: Sequence[Span]) -> list[CodeAcknowledged]:
    ack = deadlines.alias("ack")
    first = min(p.start for p in periods)
    rows = connection.execute(
        sa.select(
            stages.c.kind, ack.c.met_on, sa.func.count(), count_if(ack.c.met_on <= ack.c.due_on)
        )
        .select_from(
            stages.join(cases, cases.c.id == stages.c.case_id).join(
                ack,
                sa.and_(
                    ack.c.stage_id == stages.c.id,
                    ack.c.rule == ACKNOWLEDGEMENT,
                    ack.c.cancelled.is_(False),
                ),
            )
        )
        .where(
            counted(),
            _from_the_public(),
            stages.c.kind.in_(CODE_STAGES),
            stages.c.opened_on >= first - _OPENED_BEFORE,
            within(ack.c.met_on, periods),
        )
        .group_by(stages.c.kind, ack.c.met_on)
    )
    return [CodeAcknowledged(*row) for row in rows]


def answered(connection: Connection, periods: Sequence[Span]) -> list[CodeAnswered]:
    ack = deadlines.alias("ack")  # the answer's clock is `deadlines` (stage_deadline_join)
    under_code = (
        sa.exists()
        .where(
            ack.c.stage_id == stages.c.id,
            ack.c.rule == ACKNOWLEDGEMENT,
            ack.c.cancelled.is_(False),
        )
        .correlate(stages)
    )
    rows = connection.execute(
        sa.select(
            stages.c.kind,
            stages.c.responded_on,
            sa.func.count(),
            count_if(sa.or_(within_target(), within_extension())),
            count_if(deadlines.c.extended_to.is_not(None)),
        )
        .select_from(
            stages.join(cases, cases.c.id == stages.c.case_id).outerjoin(
                deadlines, stage_deadline_join()
            )
        )
        .where(
            counted(),
            _from_the_public(),
            stages.c.kind.in_(CODE_STAGES),
            within(stages.c.responded_on, periods),
            under_code,
        )
        .group_by(stages.c.kind, stages.c.responded_on)
    )
    return [CodeAnswered(*row) for row in rows]
