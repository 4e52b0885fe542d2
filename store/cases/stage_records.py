"""The records that may name a stage beside its clocks and its findings: a cost, a remedy, a
learning action, a stage 2's report. Re-triage removes the stage the earlier proposal opened; what staff recorded
against it is still the case's, so it goes with the case to the stage that replaces it (to no
stage when the case is not logged), and the stage can be deleted without a foreign key naming it.

A stage's clocks are let go of by casework.triage (they are the old stage's, cancelled), and its
issue outcomes exist only once it is answered, when re-triage is refused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlmodel import Session, col, select

from cases.enums import StageKind
from store.models import Cost, LearningAction, Remedy, Stage, StageReport

StageRecord = Cost | LearningAction | Remedy | StageReport

# Every table whose stage_id may name an unanswered stage, beside deadline: let_go reads this,
# so a table added here is carried (tests/casework/test_retriage_records checks the models hold
# no other).
STAGE_RECORDS: tuple[type[Cost], type[LearningAction], type[Remedy], type[StageReport]] = (
    Cost,
    LearningAction,
    Remedy,
    StageReport,
)


def let_go(session: Session, *, stage: Stage) -> list[StageRecord]:
    """Every record naming the stage, each now naming none, for carry_to once the next is open."""
    found = [
        record
        for model in STAGE_RECORDS
        for record in session.exec(
            select(model).where(model.stage_id == stage.id).order_by(col(model.id))
        )
    ]
    for record in found:
        record.stage_id = None
        session.add(record)
    return cast("list[StageRecord]", found)  # select() over a tuple of models loses which


def carry_to(session: Session, records: Sequence[StageRecord], *, stage: Stage | None) -> None:
    """The records of a removed stage become the new stage's (a learning action's stage kind
    with it, as reports count learning by stage); None leaves them the case's alone. A stage 2's
    report goes only to a stage 2: its response is the one that may enclose it."""
    for record in records:
        keeps = stage is not None and (
            not isinstance(record, StageReport) or stage.kind == StageKind.STATUTORY_2
        )
        record.stage_id = stage.id if keeps and stage is not None else None
        if isinstance(record, LearningAction):
            record.stage = stage.kind if stage is not None else None
        session.add(record)
