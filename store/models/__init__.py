"""All tables, imported together so SQLModel.metadata (and Alembic) sees every one."""

from store.models.case import Case, CaseBase, CasePublic, ReferenceCounter
from store.models.correspondence import Attachment, Correspondence
from store.models.organisation import Directorate, Team
from store.models.people import Child, PartyRole, Person
from store.models.procedure import Deadline, Issue, Stage
from store.models.results import Compliment, Cost, LearningAction, LgscoCase, Remedy
from store.models.work import AuditEntry, OutboxMessage, Reminder

__all__ = [
    "Attachment",
    "AuditEntry",
    "Case",
    "CaseBase",
    "CasePublic",
    "Child",
    "Compliment",
    "Correspondence",
    "Cost",
    "Deadline",
    "Directorate",
    "Issue",
    "LearningAction",
    "LgscoCase",
    "OutboxMessage",
    "PartyRole",
    "Person",
    "ReferenceCounter",
    "Remedy",
    "Reminder",
    "Stage",
    "Team",
]
