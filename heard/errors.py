"""Start-up errors: each names the setting or command that fixes it, and is shown as one line."""

from __future__ import annotations


class StartupError(Exception):
    """heard cannot start as configured; str() is the message for the operator."""
