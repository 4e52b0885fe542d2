"""The default rule file with test roles: UOFFICER is a complaints officer, UMANAGER a team
manager, and members of the user group SMANAGERS (UGROUPED in the stand-in) team managers."""

from __future__ import annotations

from pathlib import Path

ROLES = """
roles:
  - {role: complaints_officer, users: [UOFFICER], groups: []}
  - {role: team_manager, users: [UMANAGER], groups: [SMANAGERS]}
  - {role: director, users: [], groups: []}
"""


def write_rules(default: Path, target: Path) -> Path:
    """Copy the rule file at `default` to `target` with the roles above."""
    text = default.read_text()
    start, end = text.index("roles:\n"), text.index("mailboxes:\n")
    target.write_text(text[:start] + ROLES.lstrip() + "\n" + text[end:])
    return target
