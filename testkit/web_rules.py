"""The default rule file with web roles by email: officer@ a complaints officer, the fostering
team's manager a team manager, the director of children's services a director, and
norole@ nobody (signed in, with no role)."""

from __future__ import annotations

from pathlib import Path

OFFICER = "officer@council.example"
MANAGER = "fostering.manager@heard.localhost"
DIRECTOR = "dcs@heard.localhost"
NO_ROLE = "norole@council.example"

ROLES = f"""
roles:
  - {{role: complaints_officer, users: [UOFFICER], groups: [], emails: [{OFFICER}]}}
  - {{role: team_manager, users: [UMANAGER], groups: [], emails: [{MANAGER}]}}
  - {{role: director, users: [], groups: [], emails: [{DIRECTOR}]}}
"""


def write_web_rules(default: Path, target: Path) -> Path:
    text = default.read_text()
    start, end = text.index("roles:\n"), text.index("mailboxes:\n")
    target.write_text(text[:start] + ROLES.lstrip() + "\n" + text[end:])
    return target
