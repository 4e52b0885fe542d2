"""Turning a reminder's roles into people: email addresses and Slack ids from the rule file."""

from __future__ import annotations

from dataclasses import dataclass

from org.directory import Organisation
from org.schema import Contact
from scheduler.rules import Recipient


@dataclass(frozen=True)
class Person:
    email: str | None
    slack: str | None  # a user id (DM) or a channel id

    @property
    def key(self) -> str:
        return self.email or self.slack or ""


def resolve(
    recipients: list[Recipient], *, organisation: Organisation, team_ids: list[str], assignee: str | None
) -> list[Person]:
    found: dict[str, Person] = {}

    def add(contact: Contact | None, channel: str | None = None) -> bool:
        """Whether the contact (or the channel) is someone heard can reach."""
        if contact is None and channel is None:
            return False
        person = Person(
            email=contact.email if contact else None,
            slack=(contact.slack_user if contact else None) or channel,
        )
        if person.key:
            found.setdefault(person.key, person)
        return bool(person.key)

    triage_team = organisation.triage_team

    def complaints_team() -> None:
        add(triage_team.manager, triage_team.slack_channel)

    teams = [team for team in (organisation.team(team_id) for team_id in team_ids) if team]
    for recipient in recipients:
        if recipient == Recipient.ASSIGNEE and assignee:
            staff = organisation.staff_by_slack_user(assignee)
            found.setdefault(assignee, Person(email=staff.email if staff else None, slack=assignee))
        elif recipient == Recipient.COMPLAINTS_TEAM:
            complaints_team()
        # A team with nobody in the role (a vacant post, a team the rule file names no manager
        # or channel for) is chased through the complaints team, never through no one.
        elif recipient == Recipient.TEAM_MANAGER:
            for team in teams or [triage_team]:
                if not add(team.manager, team.slack_channel):
                    complaints_team()
        elif recipient == Recipient.SERVICE_MANAGER:
            for team in teams or [triage_team]:
                if not add(team.service_manager or team.manager):
                    complaints_team()
        elif recipient == Recipient.DIRECTOR:
            for team in teams or [triage_team]:
                directorate = organisation.directorates_by_id.get(team.directorate)
                if directorate is None or not add(directorate.director, directorate.slack_channel):
                    complaints_team()
    return list(found.values())
