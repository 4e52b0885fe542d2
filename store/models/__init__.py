"""All tables, imported together so SQLModel.metadata (and Alembic) sees every one."""

from store.models.case import Case, CaseBase, CasePublic, ReferenceCounter
from store.models.correspondence import Attachment, Correspondence, MailboxSync
from store.models.organisation import Directorate, Team
from store.models.people import Child, PartyRole, Person
from store.models.procedure import CasePause, Deadline, Issue, IssueOutcome, Stage
from store.models.results import (
    Advocacy,
    CaseExample,
    Compliment,
    Cost,
    LearningAction,
    LearningUpdate,
    LgscoCase,
    LgscoRecommendation,
    LgscoRecommendationUpdate,
    Remedy,
)
from store.models.retention import CaseRetention
from store.models.slack import SlackCardPost, SlackDraft, SlackSeenRequest
from store.models.stage_reports import StageReport
from store.models.triage import TriageCorrection
from store.models.web import SignInLink, WebSession
from store.models.work import AuditDetail, AuditEntry, OutboxMessage, Reminder

__all__ = [
    "Advocacy",
    "Attachment",
    "AuditDetail",
    "AuditEntry",
    "Case",
    "CaseBase",
    "CaseExample",
    "CasePause",
    "CasePublic",
    "CaseRetention",
    "Child",
    "Compliment",
    "Correspondence",
    "Cost",
    "Deadline",
    "Directorate",
    "Issue",
    "IssueOutcome",
    "LearningAction",
    "LearningUpdate",
    "LgscoCase",
    "LgscoRecommendation",
    "LgscoRecommendationUpdate",
    "MailboxSync",
    "OutboxMessage",
    "PartyRole",
    "Person",
    "ReferenceCounter",
    "Remedy",
    "Reminder",
    "SignInLink",
    "SlackCardPost",
    "SlackDraft",
    "SlackSeenRequest",
    "Stage",
    "StageReport",
    "Team",
    "TriageCorrection",
    "WebSession",
]
