"""An administrator on a host where heard runs: `heard config check` does not trip over the
ports heard holds, and SIGHUP reloads the rule file only once it is checked."""

from __future__ import annotations

import signal
import smtplib
import subprocess
import sys
import time
from pathlib import Path

from heard.settings import DEFAULT_RULES_PATH
from tests.mailsink import MailSink
from tests.processes import HeardProcess, free_port, heard_environment

DEFAULT = DEFAULT_RULES_PATH.read_text()
NEW_BOX = "{address: letters@heard.localhost, kind: complaint}"


def rcpt(port: int, address: str) -> int:
    with smtplib.SMTP("127.0.0.1", port, timeout=20) as client:
        client.ehlo()
        client.mail("sam@example.org")
        return client.rcpt(address)[0]


def wait_for_line(heard: HeardProcess, text: str, *, after: int) -> list[str]:
    deadline = time.monotonic() + 30
    while not any(text in line for line in heard.messages()[after:]):
        assert time.monotonic() < deadline, heard.output()
        time.sleep(0.2)
    return heard.messages()[after:]


def test_config_check_on_a_live_host_and_sighup_reloads_a_checked_rule_file(
    tmp_path: Path, mail_sink: MailSink
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(DEFAULT)
    slack_port = free_port()
    env = heard_environment(
        f"sqlite:///{tmp_path / 'heard.db'}",
        smarthost_port=mail_sink.port,
        rules_path=str(rules),
        # Slack in HTTP mode (its Web API away: the banner says so, the endpoint still serves)
        slack_bot_token="xoxb-live-check",
        slack_signing_secret="live-check-signing-secret",
        slack_api_url=f"http://127.0.0.1:{free_port()}/api/",
        slack_http_port=str(slack_port),
    )
    heard = HeardProcess(env, tmp_path).start()
    try:
        check = subprocess.run(
            [sys.executable, "-m", "heard", "config", "check"],
            env=heard.env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert check.returncode == 0, check.stderr
        assert (
            f"HEARD_SMTP_PORT: 127.0.0.1:{heard.smtp_port} is in use by a running heard"
            in check.stdout
        )
        assert (
            f"HEARD_WEB_PORT: 127.0.0.1:{heard.web_port} is in use by a running heard"
            in check.stdout
        )
        assert (
            f"HEARD_SLACK_HTTP_PORT: 127.0.0.1:{slack_port} is in use by a running heard"
            in check.stdout
        )
        assert check.stdout.endswith("configuration is valid\n")
        # asking the running heard who it is leaves no warning in its log
        assert not [line for line in heard.messages() if "slack request refused" in line]
        assert rcpt(heard.smtp_port, "letters@heard.localhost") == 550

        seen = len(heard.messages())
        rules.write_text(DEFAULT.replace("users: [], groups: []}", "users: [jo], groups: []}", 1))
        heard.process.send_signal(signal.SIGHUP)  # type: ignore[union-attr]
        lines = wait_for_line(heard, "not reloaded", after=seen)
        assert any("is neither a Slack user id" in line for line in lines)
        assert rcpt(heard.smtp_port, "letters@heard.localhost") == 550

        seen = len(heard.messages())
        rules.write_text(DEFAULT.replace("mailboxes:\n", f"mailboxes:\n  - {NEW_BOX}\n", 1))
        heard.process.send_signal(signal.SIGHUP)  # type: ignore[union-attr]
        wait_for_line(heard, "reloaded", after=seen)
        assert rcpt(heard.smtp_port, "letters@heard.localhost") == 250
    finally:
        assert heard.stop() == 0
