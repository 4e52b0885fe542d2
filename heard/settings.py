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
from collections.abc import Mapping
from datetime import date, time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_settings import SettingsError as SourceError

from cases.calendar import check_in_range

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RULES_PATH = PACKAGE_ROOT / "triage" / "default_rules.yaml"
# HEARD_* names that are not settings: the test suite's and the benchmarks' own variables.
NOT_SETTINGS_PREFIXES = ("HEARD_TEST_", "HEARD_BENCH_", "HEARD_SOAK_")


class SettingsError(Exception):
    """A setting is wrong; the message names it (`HEARD_…`) so the operator can fix it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HEARD_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # --- the council ---------------------------------------------------------------
    environment: Literal["local", "production", "test"] = "local"
    council_name: str = "Example Borough Council"
    reference_prefix: str = Field(default="CSC", pattern=r"^[A-Z][A-Z0-9]{0,9}$")
    timezone: str = "Europe/London"
    working_hours_start: time = time(9, 0)
    working_hours_end: time = time(17, 0)
    closure_days: Annotated[list[date], NoDecode] = Field(default_factory=list)
    timescales: Annotated[dict[str, tuple[int, int | None]], NoDecode] = Field(default_factory=dict)
    # Corporate (non-statutory) stages opened on or after this day run under the Ombudsman's
    # Complaint Handling Code, in force for councils from 1 April 2026; empty: never.
    complaint_handling_code_from: date | None = date(2026, 4, 1)
    rules_path: Path = DEFAULT_RULES_PATH
    templates_dir: Path | None = None
    # The annual report's statutory statement on child sexual exploitation counts complaints
    # with an issue in this category (an id from the rule file's category_list); empty: the
    # report makes no statement.
    report_cse_category: str | None = None

    # --- store ------------------------------------------------------------------------
    database_url: str = "sqlite:///./heard.db"
    database_echo: bool = False

    # --- logging -------------------------------------------------------------------------
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["plain", "json"] = "plain"

    # --- email in ------------------------------------------------------------------------
    smtp_enabled: bool = True
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=2525, ge=0, le=65535)
    smtp_mode: Literal["smtp", "lmtp"] = "smtp"
    smtp_hostname: str = "heard.localhost"
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
    smarthost_host: str = "127.0.0.1"
    smarthost_port: int = Field(default=25, ge=1, le=65535)
    smarthost_username: str | None = None
    smarthost_password: SecretStr | None = None
    smarthost_starttls: bool = False
    mail_from: str = "complaints@heard.localhost"
    immediate_risk_text: str = (
        "If a child is at immediate risk of harm, call 999. Out of hours, call the "
        "Emergency Duty Team on 0300 000 0000."
    )

    # Which way heard's mail leaves: the smarthost (smtp), the shared mailbox through
    # Microsoft Graph's sendMail (graph), or GOV.UK Notify (notify).
    mail_transport: Literal["smtp", "graph", "notify"] = "smtp"

    # --- Microsoft 365 mailbox (Graph) ------------------------------------------------------
    graph_tenant_id: str | None = None
    graph_client_id: str | None = None
    graph_client_secret: SecretStr | None = None
    graph_certificate_path: Path | None = None
    graph_mailbox: str | None = None
    # Read the mailbox (true), or only send as it (false: mail comes in over SMTP, and
    # HEARD_MAIL_TRANSPORT=graph sends as the mailbox; the app then needs only Mail.Send).
    graph_intake: bool = True
    graph_poll_seconds: int = Field(default=30, ge=1, le=3600)
    graph_processed_folder: str | None = None
    graph_login_url: str = "https://login.microsoftonline.com"
    graph_api_url: str = "https://graph.microsoft.com"

    # --- GOV.UK Notify ----------------------------------------------------------------------------
    notify_api_key: SecretStr | None = None
    notify_api_url: str = "https://api.notifications.service.gov.uk"
    notify_email_template_id: str | None = None
    notify_sms_template_id: str | None = None
    notify_letter_template_id: str | None = None
    notify_callback_token: SecretStr | None = None

    # --- data protection -------------------------------------------------------------------
    # Fernet keys, comma-separated: attachments are encrypted with the first, read with any
    # (store/sealing.py; README "For the data protection officer" says how to rotate them).
    attachment_keys: SecretStr | None = None

    # --- safeguarding ----------------------------------------------------------------------
    mash_email: str = "mash@heard.localhost"
    mash_slack_channel: str | None = None

    # --- Slack -------------------------------------------------------------------------------
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_http_host: str = "127.0.0.1"
    slack_http_port: int = Field(default=3000, ge=0, le=65535)
    slack_triage_channel: str | None = None
    slack_show_details_in_private_channels: bool = False
    # The workspace's own address (https://yourcouncil.slack.com): the digest links each case
    # to its card with it. Unset: the digest says to search Slack for the reference.
    slack_workspace_url: str | None = None

    # --- the staff web view -------------------------------------------------------------------
    web_enabled: bool = True
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)
    # The address staff reach heard at (https://heard.council.gov.uk): sign-in returns to it,
    # and digests, chasers and Slack cards link to case pages with it. Unset: links say the
    # reference only, and the sign-in link command uses http://HEARD_WEB_HOST:HEARD_WEB_PORT.
    web_base_url: str | None = None
    web_session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    web_session_absolute_hours: int = Field(default=10, ge=1, le=24 * 7)
    # Sign-in by OpenID Connect (Sign in with Slack, Microsoft Entra ID, any provider with
    # discovery). Unset: staff sign in with single-use links from `heard web sign-in-link`.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    # Sign in with Slack: the workspace (team) id staff must belong to (T…).
    oidc_slack_team_id: str | None = None

    # --- scheduler ------------------------------------------------------------------------------
    scheduler_enabled: bool = True
    sweep_interval_seconds: int = Field(default=60, gt=0, le=86400)
    chaser_hour: time = time(9, 0)
    due_soon_working_days: int = Field(default=2, ge=0, le=60)
    digest_cron: str = "0 8 * * mon"
    # Who gets the weekly digest: email addresses and Slack user or channel ids. Empty (the
    # default): no digest is sent, so a fresh install mails no example director.
    digest_to: Annotated[list[str], NoDecode] = Field(default_factory=list)
    reminder_lease_seconds: int = Field(default=300, gt=0, le=86400)
    # A failed send (mail, a Slack call) is tried again after this, then after twice as long
    # each time, up to an hour; after 12 attempts it is given up (`heard outbox failed`).
    outbox_retry_seconds: int = Field(default=30, ge=1, le=3600)
    escalation_ladder: str = "1:team_manager,3:service_manager,5:director"
    # A contact nobody on the staff has opened is chased this many minutes into the working
    # day it arrives in (at the latest half an hour before closing), then daily until read.
    # 0: the reading queue is not chased.
    unread_chase_minutes: int = Field(default=120, ge=0, le=480)

    @field_validator("closure_days", mode="before")
    @classmethod
    def _split_closure_days(cls, value: object) -> object:
        """Accept `2026-12-29,2026-12-30` as well as a JSON list, as councils type the former."""
        if isinstance(value, str):
            value = value.strip()
            if value.startswith("["):
                return json.loads(value)
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("closure_days")
    @classmethod
    def _closure_days_in_calendar(cls, value: list[date]) -> list[date]:
        for day in value:
            check_in_range(day)
        return value

    @field_validator("complaint_handling_code_from", mode="before")
    @classmethod
    def _code_never(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("timescales", mode="before")
    @classmethod
    def _timescales_json(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError as error:
                raise ValueError(f"not valid JSON ({error})") from None
        return value

    @field_validator("timescales")
    @classmethod
    def _known_timescales(
        cls, value: dict[str, tuple[int, int | None]]
    ) -> dict[str, tuple[int, int | None]]:
        from cases.timescales import TimescalePolicy

        TimescalePolicy.from_overrides(value)  # unknown rules, order, at most MAX_WORKING_DAYS
        return value

    @field_validator("immediate_risk_text")
    @classmethod
    def _risk_text_without_mash(cls, value: str) -> str:
        from cases.wording import names_the_mash

        if names_the_mash(value):  # it goes in the not-logged letters too
            raise ValueError(
                "it goes in every letter, a not-logged contact's too, which never names the "
                "MASH: give the emergency numbers without it (an acknowledgement template in "
                "HEARD_TEMPLATES_DIR may name the MASH)"
            )
        return value

    @field_validator("escalation_ladder")
    @classmethod
    def _ladder(cls, value: str) -> str:
        from scheduler.rules import parse_ladder

        parse_ladder(value)
        return value

    @field_validator("digest_cron")
    @classmethod
    def _cron(cls, value: str) -> str:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(value)
        except ValueError as error:
            raise ValueError(f"not a valid crontab expression ({error})") from None
        return value

    @field_validator("digest_to", mode="before")
    @classmethod
    def _split_digest_to(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("digest_to")
    @classmethod
    def _digest_recipients(cls, value: list[str]) -> list[str]:
        for recipient in value:
            email = re.fullmatch(r"[^@\s,]{1,64}@[A-Za-z0-9.-]{1,253}", recipient)
            if not email and not re.fullmatch(r"[CGUW][A-Z0-9]{6,20}", recipient):
                raise ValueError(
                    f"{recipient[:80]!r} is neither an email address nor a Slack user or "
                    "channel id (U…, C…)"
                )
        return list(dict.fromkeys(value))

    @field_validator("slack_workspace_url")
    @classmethod
    def _workspace(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.fullmatch(r"https://[A-Za-z0-9.-]+\.slack\.com/?", value.strip()):
            raise ValueError(f"{value[:80]!r} must look like https://yourcouncil.slack.com")
        return value.strip().rstrip("/")

    @field_validator("mail_from", "mash_email")
    @classmethod
    def _email_address(cls, value: str) -> str:
        """Checked here, not when the first letter fails to send."""
        if not re.fullmatch(r"[^@\s]{1,64}@[A-Za-z0-9.-]{1,253}", value.strip()):
            raise ValueError(f"{value[:80]!r} is not an email address (name@domain)")
        return value.strip()

    @field_validator("smtp_hostname")
    @classmethod
    def _host_name(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?", value):
            raise ValueError(f"{value[:80]!r} is not a host name")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if not re.fullmatch(r"https?://[^\s/]+/\S*", value):
            raise ValueError(f"{value[:80]!r} must be an http(s) address ending in /")
        return value

    @field_validator("web_base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
            raise ValueError(
                f"{value[:80]!r} must be an http(s) address like https://heard.example.gov.uk"
            )
        return value

    @field_validator("oidc_issuer")
    @classmethod
    def _issuer(cls, value: str | None) -> str | None:
        from web.auth.issuers import issuer_problem

        if value is None or not value.strip():
            return None
        problem = issuer_problem(value.strip())
        if problem:
            raise ValueError(problem)
        return value.strip()

    @field_validator("oidc_slack_team_id")
    @classmethod
    def _slack_team(cls, value: str | None) -> str | None:
        from web.auth.issuers import slack_team_id_problem

        if value is None or not value.strip():
            return None
        problem = slack_team_id_problem(value.strip())
        if problem:
            raise ValueError(problem)
        return value.strip()

    @field_validator("graph_login_url", "graph_api_url", "notify_api_url")
    @classmethod
    def _service_address(cls, value: str) -> str:
        """Plain http is allowed so a stand-in on 127.0.0.1 can be used (tests, a trial)."""
        if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value.strip()):
            raise ValueError(f"{value[:80]!r} must be an http(s) address such as https://host")
        return value.strip().rstrip("/")

    @field_validator("graph_mailbox")
    @classmethod
    def _mailbox_address(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.fullmatch(r"[^@\s/]{1,64}@[A-Za-z0-9.-]{1,253}", value.strip()):
            raise ValueError(f"{value[:80]!r} is not an email address (name@domain)")
        return value.strip()

    @field_validator(
        "graph_tenant_id",
        "graph_client_id",
        "notify_email_template_id",
        "notify_sms_template_id",
        "notify_letter_template_id",
    )
    @classmethod
    def _identifier(cls, value: str | None) -> str | None:
        """Tenant, client and template ids are GUIDs (a tenant may also be its domain name)."""
        if value is None or not value.strip():
            return None
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.-]{0,253}", value.strip()):
            raise ValueError(f"{value[:80]!r} is not an id (a GUID such as 1b2c…)")
        return value.strip()

    @field_validator("notify_api_key")
    @classmethod
    def _notify_key(cls, value: SecretStr | None) -> SecretStr | None:
        """Checked here, so a truncated paste is caught at start, not at the first letter."""
        from outbound.notify_client import NotifyKey

        if value is None or not value.get_secret_value().strip():
            return None
        NotifyKey.parse(value.get_secret_value())  # ValueError names the expected shape
        return SecretStr(value.get_secret_value().strip())

    @field_validator("attachment_keys")
    @classmethod
    def _attachment_keys(cls, value: SecretStr | None) -> SecretStr | None:
        """Each a Fernet key (`heard db new-attachment-key` makes one), checked at start."""
        if value is None or not value.get_secret_value().strip():
            return None
        from store.sealing import Sealer

        keys = [key.strip() for key in value.get_secret_value().split(",") if key.strip()]
        try:
            Sealer(keys)
        except ValueError:
            raise ValueError(
                "each key must be 32 url-safe base64-encoded bytes (heard db new-attachment-key)"
            ) from None
        return SecretStr(",".join(keys))

    def attachment_key_list(self) -> list[str]:
        if self.attachment_keys is None:
            return []
        return self.attachment_keys.get_secret_value().split(",")

    @field_validator("graph_client_secret", "graph_certificate_path", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """`HEARD_GRAPH_CLIENT_SECRET=` left blank in an env file beside a certificate (or the
        other way round) means "not this one", not an empty secret or the current folder."""
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("notify_callback_token")
    @classmethod
    def _callback_token(cls, value: SecretStr | None) -> SecretStr | None:
        """Notify asks for a bearer token of at least 10 characters; a guessable one would
        let anyone mark letters undelivered."""
        if value is None or not value.get_secret_value().strip():
            return None
        if len(value.get_secret_value().strip()) < 20:
            raise ValueError("use at least 20 random characters (e.g. `openssl rand -hex 32`)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "postgresql://", "postgresql+psycopg://")):
            raise ValueError("must start with sqlite:/// or postgresql://")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        if self.working_hours_end <= self.working_hours_start:
            raise ValueError("HEARD_WORKING_HOURS_END must be after HEARD_WORKING_HOURS_START")
        if (self.smtp_tls_cert is None) != (self.smtp_tls_key is None):
            raise ValueError("HEARD_SMTP_TLS_CERT and HEARD_SMTP_TLS_KEY must be set together")
        for problem in _mail_service_problems(self):
            raise ValueError(problem)
        if (
            self.environment == "production"
            and self.slack_bot_token
            and not (self.slack_signing_secret or self.slack_app_token)
        ):
            raise ValueError(
                "HEARD_SLACK_SIGNING_SECRET (or HEARD_SLACK_APP_TOKEN) is required with a bot token"
            )
        if self.oidc_issuer:
            self._check_oidc()
        return self

    def _check_oidc(self) -> None:
        from web.auth.issuers import is_slack

        missing = [
            name
            for name, value in (
                ("HEARD_OIDC_CLIENT_ID", self.oidc_client_id),
                ("HEARD_OIDC_CLIENT_SECRET", self.oidc_client_secret),
                ("HEARD_WEB_BASE_URL", self.web_base_url),
            )
            if not value
        ]
        if missing:
            raise ValueError(f"{', '.join(missing)} must be set with HEARD_OIDC_ISSUER")
        if is_slack(self.oidc_issuer or "") and not self.oidc_slack_team_id:
            raise ValueError(
                "HEARD_OIDC_SLACK_TEAM_ID must name your Slack workspace (T…) with Sign in with Slack"
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None

    @property
    def graph_enabled(self) -> bool:
        """Graph intake runs when a mailbox is named, unless HEARD_GRAPH_INTAKE=false."""
        return self.graph_mailbox is not None and self.graph_intake

    @property
    def graph_used(self) -> bool:
        """heard talks to Graph at all: to read the mailbox, or to send as it."""
        return self.graph_enabled or (
            self.graph_mailbox is not None and self.mail_transport == "graph"
        )


def _mail_service_problems(settings: Settings) -> list[str]:
    """Graph and Notify settings that only make sense together, one line each."""
    problems = []
    if settings.mail_transport == "graph" and settings.graph_mailbox is None:
        problems.append(
            "HEARD_GRAPH_MAILBOX: needed to send as the mailbox (HEARD_MAIL_TRANSPORT=graph)"
        )
    if settings.graph_mailbox is not None and not settings.graph_used:
        problems.append(
            "HEARD_GRAPH_INTAKE: false, and HEARD_MAIL_TRANSPORT is not graph: the mailbox "
            "HEARD_GRAPH_MAILBOX names would be neither read nor sent from"
        )
    if settings.graph_used:
        for name in ("graph_tenant_id", "graph_client_id"):
            if getattr(settings, name) is None:
                problems.append(f"HEARD_{name.upper()}: needed to use the Microsoft 365 mailbox")
        has_secret = settings.graph_client_secret is not None
        has_certificate = settings.graph_certificate_path is not None
        if has_secret == has_certificate:
            problems.append(
                "HEARD_GRAPH_CLIENT_SECRET: set it or HEARD_GRAPH_CERTIFICATE_PATH (one of the two)"
            )
    if settings.mail_transport == "notify":
        if settings.notify_api_key is None:
            problems.append("HEARD_NOTIFY_API_KEY: needed to send through GOV.UK Notify")
        elif settings.notify_email_template_id is None:
            problems.append(
                "HEARD_NOTIFY_EMAIL_TEMPLATE_ID: needed to send email through GOV.UK Notify"
            )
    return problems


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
