"""Each stage of a case as staff read it, the same at every door (`heard cases show`, the web
case page): when it opened, how it was answered, why it started where it did, the delay and
its reason, and the remedies that stage offered under it (three stages' apologies listed after
them all read as one stage offering the same remedy three times)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cases.day_words import long_date
from store.cases.case_file import CaseFile
from store.models import Remedy, Stage


@dataclass(frozen=True)
class StageFacts:
    name: str  # "Stage 1"
    opened: str  # "Monday 2 March 2026"
    answer: str  # "responded …, upheld, in time, 12 working days", "left unanswered (…)", "running"
    details: tuple[tuple[str, str], ...]  # (what, its value), only those recorded


def stage_facts(found: CaseFile, *, who: Callable[[str], str]) -> list[StageFacts]:
    """`who` names staff as the rule file does (Organisation.who)."""
    return [_facts(stage, found.remedies, who=who) for stage in found.stages]


def remedies_on_no_stage(found: CaseFile) -> list[str]:
    """Remedies recorded against no stage of this case (an old import, a stage since removed)."""
    staged = {stage.id for stage in found.stages}
    return [remedy_text(remedy) for remedy in found.remedies if remedy.stage_id not in staged]


def remedy_text(remedy: Remedy) -> str:
    amount = f" £{remedy.amount_pence / 100:,.2f}" if remedy.amount_pence else ""
    return f"{remedy.kind.label}{amount} {remedy.description or ''}".rstrip()


def _facts(stage: Stage, remedies: list[Remedy], *, who: Callable[[str], str]) -> StageFacts:
    if stage.responded_on:
        answer = (
            f"responded {long_date(stage.responded_on)}, "
            f"{stage.outcome.label.lower() if stage.outcome else '-'}"
            f", {stage.timeliness.label.lower() if stage.timeliness else '-'}"
            f", {stage.working_days_taken} working days"
        )
    elif stage.superseded_on:
        answer = f"left unanswered ({long_date(stage.superseded_on)})"
    else:
        answer = "running"
    details: list[tuple[str, str]] = []
    if stage.open_reason:
        by = who(stage.opened_by) if stage.opened_by else "-"
        details.append(("why it started here", f"{stage.open_reason} ({by})"))
    if stage.manager_contacted is not None:
        details.append(("manager called or met", "yes" if stage.manager_contacted else "no"))
    if stage.reason_for_delay:
        details.append(("reason for delay", stage.reason_for_delay))
    if stage.delay_reason_for_complainant:
        details.append(
            ("reason for delay, as the letter gave it", stage.delay_reason_for_complainant)
        )
    offered = [remedy_text(remedy) for remedy in remedies if remedy.stage_id == stage.id]
    if offered:
        details.append(("remedies", ", ".join(offered)))
    return StageFacts(
        name=stage.kind.label,
        opened=long_date(stage.opened_on),
        answer=answer,
        details=tuple(details),
    )
