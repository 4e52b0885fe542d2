"""The Slack tests' roles (testkit.role_rules.write_rules writes them into a rule file): UOFFICER
is a complaints officer, UMANAGER a team manager, and members of the user group SMANAGERS
(UGROUPED in the stand-in) team managers."""

from __future__ import annotations

SLACK_ROLES = """
roles:
  - {role: complaints_officer, users: [UOFFICER], groups: []}
  - {role: team_manager, users: [UMANAGER], groups: [SMANAGERS]}
  - {role: director, users: [], groups: []}
"""
