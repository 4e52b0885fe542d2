"""The shipped rule file with a roles section of a test's own: whom the Slack tests
(testkit/slack_rules.py) and the web's (testkit/web_rules.py) act as."""

from __future__ import annotations

from pathlib import Path


def write_rules(default: Path, target: Path, *, roles: str) -> Path:
    """Copy the rule file at `default` to `target` with `roles` (a whole `roles:` section) in
    place of its own."""
    text = default.read_text()
    start, end = text.index("roles:\n"), text.index("mailboxes:\n")
    target.write_text(text[:start] + roles.lstrip() + "\n" + text[end:])
    return target
