"""The web tests' roles by email (testkit.role_rules.write_rules writes them into a rule file):
officer@ a complaints officer, the fostering team's manager a team manager, the director of
children's services a director, and norole@ nobody (signed in, with no role)."""

from __future__ import annotations

OFFICER = "officer@council.example"
MANAGER = "fostering.manager@heard.localhost"
DIRECTOR = "dcs@heard.localhost"
NO_ROLE = "norole@council.example"

WEB_ROLES = f"""
roles:
  - {{role: complaints_officer, users: [UOFFICER], groups: [], emails: [{OFFICER}]}}
  - {{role: team_manager, users: [UMANAGER], groups: [], emails: [{MANAGER}]}}
  - {{role: director, users: [], groups: [], emails: [{DIRECTOR}]}}
"""
