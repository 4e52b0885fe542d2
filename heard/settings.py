"""One typed settings class for the whole service, read from HEARD_* variables and `.env`.

It is built once per command (cli/common.py asks heard/ for it) and passed down; nothing
imports a global instance. Every field is documented in `.env.example`, which a
test keeps in step.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable, Mapping
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_settings import SettingsError as SourceError

from cases.calendar import check_in_range, zone_name
from cases.timescales import TimescalePolicy
from cases.wording import emergency_guidance, plain_council_name
from org.addresses import (
    api_address,
    email_address,
    email_or_slack_id,
    host_name,
    relay_host,
    site_address,
    slack_channel_id,
    slack_token,
    slack_workspace_address,
    web_address,
)
from outbound.transport_choice import NotifyService, TransportChoice
from scheduler.rules import cron_expression, parse_ladder
from web.auth.issuers import checked_issuer, checked_slack_team_id, sign_in_problem

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RULES_PATH = PACKAGE_ROOT / "triage" / "default_rules.yaml"
# HEARD_* names that are not settings: the test suite's and the benchmarks' own variables.
NOT_SETTINGS_PREFIXES = ("HEARD_TEST_", "HEARD_BENCH_", "HEARD_SOAK_")


class SettingsError(Exception):
    """A setting is wrong; the message names it (`HEARD_…`) so the operator can fix it."""


def _blank_is_unset(value: object) -> object:
    """`HEARD_GRAPH_CLIENT_SECRET=` left blank in an env file (beside a certificate, say) means
    "not this one", not an empty secret or the current folder."""
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return None if isinstance(value, str) and not value.strip() else value


def _checked(check: Callable[[Any], Any], *, keep: bool = False) -> AfterValidator:
    """A value checked by the package that owns it: `check` raises ValueError, or returns the
    value tidied (with `keep`, what it returns is not the value, and the value is kept). None
    passes; a secret is checked inside and stays a secret."""

    def validate(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, SecretStr):
            return SecretStr(check(value.get_secret_value()))
        checked = check(value)
        return value if keep else checked

    return AfterValidator(validate)


# Checks whose modules load what `heard --help` need not (a database driver, cryptography, an
# HTTP client): imported when a value is checked.
def _database_url(url: str) -> str:
    from store.db import database_url

    return database_url(url)


def _attachment_keys(text: str) -> str:
    from store.sealing import checked_keys

    return checked_keys(text)


def _notify_key(text: str) -> str:
    from outbound.notify_client import checked_key

    return checked_key(text)


def _callback_token(text: str) -> str:
    from outbound.notify_callback import checked_token

    return checked_token(text)


Unset = BeforeValidator(_blank_is_unset)
EmailAddress = Annotated[str, AfterValidator(email_address)]
WebAddress = Annotated[str, AfterValidator(web_address)]


def _identifier(value: str | None) -> str | None:
    """Tenant, client and template ids are GUIDs (a tenant may also be its domain name)."""
    if value is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.-]{0,253}", value.strip()):
        raise ValueError(f"{value[:80]!r} is not an id (a GUID such as 1b2c…)")
    return value.strip() if value else None


Identifier = Annotated[str | None, Unset, AfterValidator(_identifier)]


def _notify_template(value: str | None) -> str | None:
    """A Notify template id is always a UUID (its template page shows it): anything else is
    named by `heard config check` rather than found out when the first letter waits."""
    if value is not None and not re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", value.strip().lower()
    ):
        raise ValueError(
            f"{value[:80]!r} is not a Notify template id (a UUID such as "
            "f33517ff-2a88-4f6e-b855-c550268ce08a, shown on the template's page in Notify)"
        )
    return value.strip() if value else None


NotifyTemplateId = Annotated[str | None, Unset, AfterValidator(_notify_template)]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HEARD_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # --- the council ---------------------------------------------------------------
    environment: Literal["local", "production", "test"] = "local"
    council_name: Annotated[str, AfterValidator(plain_council_name)] = "Example Borough Council"
    reference_prefix: str = Field(default="CSC", pattern=r"^[A-Z][A-Z0-9]{0,9}$")
    timezone: Annotated[str, _checked(zone_name)] = "Europe/London"
    working_hours_start: time = time(9, 0)
    working_hours_end: time = time(17, 0)
    closure_days: Annotated[list[Annotated[date, AfterValidator(check_in_range)]], NoDecode] = (
        Field(default_factory=list)
    )
    timescales: Annotated[
        dict[str, tuple[int, int | None]],
        NoDecode,
        _checked(TimescalePolicy.from_overrides, keep=True),
    ] = Field(default_factory=dict)
    # Corporate (non-statutory) stages opened on or after this day run under the Ombudsman's
    # Complaint Handling Code, in force for councils from 1 April 2026; empty: never.
    complaint_handling_code_from: Annotated[date | None, Unset] = date(2026, 4, 1)
    rules_path: Path = DEFAULT_RULES_PATH
    templates_dir: Path | None = None
    # The annual report's statutory statement on child sexual exploitation counts complaints
    # with an issue in this category (an id from the rule file's category_list); empty: the
    # report makes no statement.
    report_cse_category: str | None = None

    # --- store ------------------------------------------------------------------------
    database_url: Annotated[str, _checked(_database_url)] = "sqlite:///./heard.db"
    database_echo: bool = False

    # --- logging -------------------------------------------------------------------------
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["plain", "json"] = "plain"

    # --- email in ------------------------------------------------------------------------
    smtp_enabled: bool = True
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=2525, ge=0, le=65535)
    smtp_mode: Literal["smtp", "lmtp"] = "smtp"
    smtp_hostname: Annotated[str, AfterValidator(host_name)] = "heard.localhost"
    smtp_tls_cert: Path | None = None
    smtp_tls_key: Path | None = None
    smtp_max_message_bytes: int = Field(default=25 * 1024 * 1024, gt=0, le=1024**3)
    smtp_max_recipients: int = Field(default=10, gt=0, le=1000)
    # Connections held at once; the next gets 421 and its client tries later. With the message
    # size limit it bounds the mail held in memory.
    smtp_max_connections: int = Field(default=20, gt=0, le=10_000)
    # Read and triage stored mail in a child process, so that work never slows the listener.
    intake_read_in_subprocess: bool = True
    # How many child processes share that reading (a backlog is read on every core free).
    intake_reader_processes: int = Field(default=2, ge=1, le=32)
    # The longest a reading child may spend on one message before it is stopped and the
    # message counted as an attempt (set aside for staff after three).
    intake_read_seconds: float = Field(default=20.0, gt=0, le=3600)
    smtp_timeout_seconds: int = Field(default=300, gt=0, le=3600)
    smtp_hard_error_limit: int = Field(default=20, gt=0, le=1000)
    attachment_max_bytes: int = Field(default=10 * 1024 * 1024, gt=0, le=1024**3)
    attachments_total_max_bytes: int = Field(default=20 * 1024 * 1024, gt=0, le=1024**3)
    require_dmarc_pass_for_threading: bool = False
    acknowledgements_per_sender_per_day: int = Field(default=3, ge=0, le=1_000_000)

    # --- email out -----------------------------------------------------------------------
    smarthost_host: Annotated[str, AfterValidator(relay_host)] = "127.0.0.1"
    smarthost_port: int = Field(default=25, ge=1, le=65535)
    smarthost_username: str | None = None
    smarthost_password: SecretStr | None = None
    smarthost_starttls: bool = False
    mail_from: EmailAddress = "complaints@heard.localhost"
    immediate_risk_text: Annotated[str, AfterValidator(emergency_guidance)] = (
        "If a child is at immediate risk of harm, call 999. Out of hours, call the "
        "Emergency Duty Team on 0300 000 0000."
    )

    # Which way heard's mail leaves: the smarthost (smtp), the shared mailbox through
    # Microsoft Graph's sendMail (graph), or GOV.UK Notify (notify).
    mail_transport: Literal["smtp", "graph", "notify"] = "smtp"

    # --- Microsoft 365 mailbox (Graph) ------------------------------------------------------
    graph_tenant_id: Identifier = None
    graph_client_id: Identifier = None
    graph_client_secret: Annotated[SecretStr | None, Unset] = None
    graph_certificate_path: Annotated[Path | None, Unset] = None
    graph_mailbox: Annotated[EmailAddress | None, Unset] = None
    # Read the mailbox (true), or only send as it (false: mail comes in over SMTP, and
    # HEARD_MAIL_TRANSPORT=graph sends as the mailbox; the app then needs only Mail.Send).
    graph_intake: bool = True
    graph_poll_seconds: int = Field(default=30, ge=1, le=3600)
    graph_processed_folder: str | None = None
    # The most a message sent as the mailbox may weigh, in MB, as Exchange is set (its
    # MaxSendSize: Exchange Online's default 35, at most 150). A letter whose files would make
    # it larger goes without them, offering copies, and the case is flagged.
    graph_message_max_mb: int = Field(default=35, ge=1, le=150)
    graph_login_url: WebAddress = "https://login.microsoftonline.com"
    graph_api_url: WebAddress = "https://graph.microsoft.com"

    # --- GOV.UK Notify ----------------------------------------------------------------------------
    notify_api_key: Annotated[SecretStr | None, Unset, _checked(_notify_key)] = None
    notify_api_url: WebAddress = "https://api.notifications.service.gov.uk"
    notify_email_template_id: NotifyTemplateId = None
    notify_sms_template_id: NotifyTemplateId = None
    notify_letter_template_id: NotifyTemplateId = None
    notify_callback_token: Annotated[SecretStr | None, Unset, _checked(_callback_token)] = None

    # --- data protection -------------------------------------------------------------------
    # Fernet keys, comma-separated: attachments are encrypted with the first, read with any
    # (store/sealing.py; README "For the data protection officer" says how to rotate them).
    attachment_keys: Annotated[SecretStr | None, Unset, _checked(_attachment_keys)] = None

    # --- safeguarding ----------------------------------------------------------------------
    mash_email: EmailAddress = "mash@heard.localhost"
    mash_slack_channel: Annotated[str | None, Unset, _checked(slack_channel_id)] = None

    # --- Slack -------------------------------------------------------------------------------
    # blank is unset (Slack off), as the other optional settings
    slack_bot_token: Annotated[SecretStr | None, Unset, _checked(slack_token("bot"))] = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: Annotated[SecretStr | None, Unset, _checked(slack_token("app-level"))] = None
    slack_api_url: Annotated[str, AfterValidator(api_address)] = "https://slack.com/api/"
    slack_http_host: str = "127.0.0.1"
    slack_http_port: int = Field(default=3000, ge=0, le=65535)
    slack_triage_channel: Annotated[str | None, Unset, _checked(slack_channel_id)] = None
    slack_show_details_in_private_channels: bool = False
    # The workspace's own address (https://yourcouncil.slack.com): the digest links each case
    # to its card with it. Unset: the digest says to search Slack for the reference.
    slack_workspace_url: Annotated[str | None, Unset, _checked(slack_workspace_address)] = None

    # --- the staff web view -------------------------------------------------------------------
    web_enabled: bool = True
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)
    # The address staff reach heard at (https://heard.council.gov.uk, or with the path a
    # reverse proxy serves it under, https://intranet.council.gov.uk/heard): sign-in returns to
    # it, every page links under it, and digests, chasers and Slack cards link to case pages. Unset: links say the
    # reference only, and the sign-in link command uses http://HEARD_WEB_HOST:HEARD_WEB_PORT.
    web_base_url: Annotated[str | None, Unset, _checked(site_address)] = None
    web_session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    web_session_absolute_hours: int = Field(default=10, ge=1, le=24 * 7)
    # Sign-in by OpenID Connect (Sign in with Slack, Microsoft Entra ID, any provider with
    # discovery). Unset: staff sign in with single-use links from `heard web sign-in-link`.
    oidc_issuer: Annotated[str | None, Unset, _checked(checked_issuer)] = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    # Sign in with Slack: the workspace (team) id staff must belong to (T…).
    oidc_slack_team_id: Annotated[str | None, Unset, _checked(checked_slack_team_id)] = None

    # --- scheduler ------------------------------------------------------------------------------
    scheduler_enabled: bool = True
    sweep_interval_seconds: int = Field(default=60, gt=0, le=86400)
    chaser_hour: time = time(9, 0)
    due_soon_working_days: int = Field(default=2, ge=0, le=60)
    # A stage 3 review panel with no date given this many working days before its deadline is
    # chased (0: not chased); councils convene panels at different notice.
    panel_warning_working_days: int = Field(default=10, ge=0, le=60)
    digest_cron: Annotated[str, _checked(cron_expression)] = "0 8 * * mon"
    # Who gets the weekly digest: email addresses and Slack user or channel ids. Empty (the
    # default): no digest is sent, so a fresh install mails no example director.
    digest_to: Annotated[list[str], NoDecode] = Field(default_factory=list)
    reminder_lease_seconds: int = Field(default=300, gt=0, le=86400)
    # A failed send (mail, a Slack call) is tried again after this, then after twice as long
    # each time, up to an hour; after 12 attempts it is given up (`heard outbox failed`).
    outbox_retry_seconds: int = Field(default=30, ge=1, le=3600)
    escalation_ladder: Annotated[str, _checked(parse_ladder, keep=True)] = (
        "1:team_manager,3:service_manager,5:director"
    )
    # A contact nobody on the staff has opened is chased this many minutes into the working
    # day it arrives in (at the latest half an hour before closing), then daily until read.
    # 0: the reading queue is not chased.
    unread_chase_minutes: int = Field(default=120, ge=0, le=480)

    @field_validator("closure_days", "digest_to", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        """Accept `2026-12-29,2026-12-30` as well as a JSON list, as councils type the former."""
        if isinstance(value, str):
            value = value.strip()
            if value.startswith("["):
                return json.loads(value)
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("timescales", mode="before")
    @classmethod
    def _timescales_json(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError as error:
                raise ValueError(f"not valid JSON ({error})") from None
        return value

    @field_validator("digest_to")
    @classmethod
    def _digest_recipients(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(email_or_slack_id(recipient) for recipient in value))

    def attachment_key_list(self) -> list[str]:
        if self.attachment_keys is None:
            return []
        return self.attachment_keys.get_secret_value().split(",")

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        if self.working_hours_end <= self.working_hours_start:
            raise ValueError("HEARD_WORKING_HOURS_END must be after HEARD_WORKING_HOURS_START")
        if (self.smtp_tls_cert is None) != (self.smtp_tls_key is None):
            raise ValueError("HEARD_SMTP_TLS_CERT and HEARD_SMTP_TLS_KEY must be set together")
        # One without the other would send every letter unauthenticated (a password alone is
        # never used) or log in with an empty password: the relay refuses, letters wait.
        if (self.smarthost_username is None) != (self.smarthost_password is None):
            raise ValueError(
                "HEARD_SMARTHOST_USERNAME and HEARD_SMARTHOST_PASSWORD must be set together"
            )
        for problem in self.mail_choice.problems():
            raise ValueError(problem)
        if (
            self.environment == "production"
            and self.slack_bot_token
            and not (self.slack_signing_secret or self.slack_app_token)
        ):
            raise ValueError(
                "HEARD_SLACK_SIGNING_SECRET (or HEARD_SLACK_APP_TOKEN) is required with a bot token"
            )
        sign_in = self.oidc_issuer and sign_in_problem(
            self.oidc_issuer,
            client_id=self.oidc_client_id,
            client_secret=self.oidc_client_secret,
            base_url=self.web_base_url,
            slack_team_id=self.oidc_slack_team_id,
        )
        if sign_in:
            raise ValueError(sign_in)
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None

    @property
    def mail_choice(self) -> TransportChoice:
        """Which way mail leaves and what it needs (outbound/transport_choice.py)."""
        secret = self.notify_api_key
        return TransportChoice(
            kind=self.mail_transport,
            graph_mailbox=self.graph_mailbox,
            graph_intake=self.graph_intake,
            graph_app=(self.graph_tenant_id, self.graph_client_id),
            graph_secret_set=self.graph_client_secret is not None,
            graph_certificate_set=self.graph_certificate_path is not None,
            notify=NotifyService(
                api_key=secret.get_secret_value() if secret else None,
                api_url=self.notify_api_url,
                email_template_id=self.notify_email_template_id,
                sms_template_id=self.notify_sms_template_id,
                letter_template_id=self.notify_letter_template_id,
            ),
        )

    @property
    def graph_enabled(self) -> bool:
        return self.mail_choice.reads_mailbox

    @property
    def graph_used(self) -> bool:
        return self.mail_choice.uses_graph


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning pydantic's report into one line per bad setting.

    A HEARD_* name that is no setting (in the environment or in .env) is refused too: a
    misspelt HEARD_SMPT_PORT would otherwise leave heard listening where nobody expects it.
    """
    env_file = Path(str(Settings.model_config.get("env_file") or ".env"))
    try:
        unknown = unknown_setting_names(environ=os.environ, env_file=env_file)
        # The pydantic plugin types __init__ field by field; overrides (tests, benchmarks) are
        # checked by pydantic here at run time like the environment, so the ignore is safe.
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(describe_validation_error(error)) from None
    except SourceError as error:  # a value pydantic-settings could not even decode
        raise SettingsError(_one_line(f"settings: {error}")) from None
    except UnicodeDecodeError as error:
        raise SettingsError(f"{env_file}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise SettingsError(f"{env_file}: cannot read ({error.strerror})") from None
    if unknown:
        raise SettingsError("\n".join(unknown))
    return settings


def unknown_setting_names(*, environ: Mapping[str, str], env_file: Path) -> list[str]:
    """One line per HEARD_* name, in the environment or the .env file, that is no setting."""
    from dotenv import dotenv_values

    known = {f"HEARD_{name.upper()}" for name in Settings.model_fields}
    found = [(name, "") for name in environ]
    if env_file.is_file():
        found += [(name, f" (in {env_file})") for name in dotenv_values(env_file)]
    lines = []
    for name, where in found:
        upper = name.upper()
        if not upper.startswith("HEARD_") or upper in known:
            continue
        if upper.startswith(NOT_SETTINGS_PREFIXES):
            continue
        guess = difflib.get_close_matches(upper, known, n=1)
        hint = f" (did you mean {guess[0]}?)" if guess else ""
        lines.append(f"{_one_line(name)[:80]}{where}: unknown setting{hint}")
    return lines


def describe_validation_error(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        location = problem.get("loc") or ()
        message = str(problem["msg"]).removeprefix("Value error, ")
        if not location and message.startswith("HEARD_"):
            lines.append(_one_line(message))
            continue
        name = f"HEARD_{str(location[0]).upper()}" if location else "settings"
        inside = "".join(f"[{part}]" for part in location[1:])  # e.g. [statutory_1][1]
        lines.append(_one_line(f"{name}: {inside + ': ' if inside else ''}{message}"))
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())
