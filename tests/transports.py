"""Settings for each way heard's mail may leave (smtp, graph, notify), for tests that check a
staff choice under every transport a council may configure: the Slack card and the web form
for letters by post both run over all three."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from heard.settings import Settings, load_settings

TRANSPORTS = ["smtp", "graph", "notify"]
NOTIFY_KEY = "heard_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"


def transport_settings(transport: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Test settings sending by `transport`, with nothing read from the caller's HEARD_*."""
    for name in [name for name in os.environ if name.startswith("HEARD_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    extra: dict[str, Any] = {"mail_transport": transport}
    if transport == "graph":
        extra |= {
            "graph_mailbox": "complaints@council.example",
            "graph_tenant_id": "council.example",
            "graph_client_id": "1b2c3d4e-0000-4000-8000-000000000001",
            "graph_client_secret": "not-used-here",
        }
    if transport == "notify":
        extra |= {
            "notify_api_key": NOTIFY_KEY,
            "notify_email_template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a",
            "notify_letter_template_id": "c3d4e5f6-a7b8-4012-8def-234567890abc",
        }
    return load_settings(environment="test", **extra)
