"""The checks `heard serve` runs before it starts anything, and `heard config check` runs alone.

One list of checks for both, so `config check` can never pass settings that `serve` then fails
on. A check reads and tries (opens the database, loads the rule file and the TLS key, binds each
port for a moment) but changes nothing: it never creates a database or writes a row. Each
problem is one line that starts with the setting (or the file) that fixes it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from heard.errors import StartupError
from heard.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    import jinja2

    from triage.rulebook import Rulebook

StartupCheck = Callable[[Settings], list[str]]

MAX_TEMPLATE_FILES = 500


def check_configuration() -> list[str]:
    """`heard config check`: the settings themselves, then every start-up check. A port a
    running heard holds is not a problem here (it is said on its own line by
    `ports_held_by_heard`): the check must work on a live host."""
    try:
        settings = load_settings()
    except SettingsError as error:
        return str(error).splitlines()
    return startup_problems(settings, live_host=True)


def startup_problems(settings: Settings, *, live_host: bool = False) -> list[str]:
    problems: list[str] = []
    for check in STARTUP_CHECKS:
        if live_host and check is check_listeners:
            problems.extend(check_listeners(settings, heard_may_hold=True))
            continue
        problems.extend(check(settings))
    return problems


PLACEHOLDER_DOMAIN = "heard.localhost"
PLACEHOLDER_NUMBER = "0300 000 0000"


def check_production(settings: Settings) -> list[str]:
    """HEARD_ENVIRONMENT=production refuses what heard ships as examples, one line each."""
    from heard.context import load_rules

    if settings.environment != "production":
        return []
    problems = [
        f"HEARD_{name.upper()}: still the shipped placeholder {value!r} "
        "(HEARD_ENVIRONMENT=production)"
        for name, value in (
            ("mail_from", settings.mail_from),
            ("mash_email", settings.mash_email),
            ("smtp_hostname", settings.smtp_hostname),
        )
        if value.lower().endswith(PLACEHOLDER_DOMAIN)
    ]
    base_url = settings.web_base_url
    if settings.web_enabled and base_url and not base_url.lower().startswith("https://"):
        problems.append(
            f"HEARD_WEB_BASE_URL: {base_url[:80]} is not https:// (HEARD_ENVIRONMENT=production): "
            "give the public address staff reach heard at through TLS; sign-in cookies are "
            "marked Secure only then"
        )
    if PLACEHOLDER_NUMBER in settings.immediate_risk_text:
        problems.append(
            f"HEARD_IMMEDIATE_RISK_TEXT: still names the placeholder number {PLACEHOLDER_NUMBER}"
            " (it is printed on every acknowledgement); give the council's emergency duty number"
        )
    try:
        rulebook = load_rules(settings)
    except StartupError:
        return problems  # check_rules reports the file's own problems
    org = rulebook.organisation
    mailboxes = [box.address for box in org.mailboxes if box.address.endswith(PLACEHOLDER_DOMAIN)]
    if mailboxes:
        problems.append(
            f"HEARD_RULES_PATH: mailboxes still at the placeholder {PLACEHOLDER_DOMAIN}: "
            + ", ".join(mailboxes)
        )
    contacts = [
        contact.email
        for contact in [
            *(c for team in org.teams for c in (team.manager, team.service_manager)),
            *(d.director for d in org.directorates),
            *org.staff,
        ]
        if contact is not None and contact.email and contact.email.endswith(PLACEHOLDER_DOMAIN)
    ]
    if contacts:
        problems.append(
            f"HEARD_RULES_PATH: {len(contacts)} contact(s) still at the placeholder "
            f"{PLACEHOLDER_DOMAIN} (first: {contacts[0]})"
        )
    granted = any(grant.users or grant.groups or grant.emails for grant in org.roles) or any(
        person.roles for person in org.staff
    )
    if not granted:
        problems.append(
            "HEARD_RULES_PATH: roles: grants nobody a role (no users, groups or emails, and no "
            "staff with roles): nobody could act on a case"
        )
    return problems


def check_database(settings: Settings) -> list[str]:
    """Reachable, and at the schema heard needs; a missing SQLite file needs a directory."""
    from store.db import DatabaseError, check_sqlite_pragmas, is_sqlite, make_engine, sqlite_path
    from store.migrate import current_revision, head_revision, is_empty

    url = settings.database_url
    path = sqlite_path(url) if is_sqlite(url) else None
    if path is not None and not path.exists():
        return _problems_creating(path)  # `heard serve` creates the file on first start
    try:
        engine = make_engine(url)
    except DatabaseError as error:
        return [str(error)]
    try:
        current, head = current_revision(engine), head_revision(engine)
        if current != head and not (current is None and is_sqlite(url) and is_empty(engine)):
            return [
                f"HEARD_DATABASE_URL: database schema is at {current or 'nothing'}, heard "
                f"needs {head}: run `uv run heard db upgrade`"
            ]
        check_sqlite_pragmas(engine)
    except DatabaseError as error:
        return [str(error)]
    except Exception as error:  # an unreachable server, a file that is no database…
        return [f"HEARD_DATABASE_URL: cannot use the database: {_first_line(error)}"]
    finally:
        engine.dispose()
    return []


def _problems_creating(path: Path) -> list[str]:
    directory = path.parent
    if not directory.is_dir():
        return [f"HEARD_DATABASE_URL: directory {directory} does not exist"]
    if not os.access(directory, os.W_OK | os.X_OK):
        return [f"HEARD_DATABASE_URL: cannot create {path.name} in {directory} (not writable)"]
    return []


def check_rules(settings: Settings) -> list[str]:
    from heard.context import load_rules

    try:
        rulebook = load_rules(settings)
    except StartupError as error:
        return str(error).splitlines()
    problem = cse_category_problem(settings.report_cse_category, rulebook)
    return [problem] if problem else []


def cse_category_problem(category: str | None, rulebook: Rulebook) -> str | None:
    """A category the statement on child sexual exploitation would count that the rule file
    does not have: nothing would be counted, and the report would say none was."""
    if category and category not in rulebook.category_specs:
        known = ", ".join(sorted(rulebook.category_specs))
        return (
            f"HEARD_REPORT_CSE_CATEGORY: {category!r} is not a category in the rule file's "
            f"category_list ({known})"
        )
    return None


# A council's letter under a name heard no longer reads would be ignored without a word.
RETIRED_LETTERS = dict.fromkeys(
    ("acknowledgement.txt.j2", "acknowledgement_out_of_hours.txt.j2"),
    "heard no longer reads this letter: the statutory acknowledgement, in office hours and "
    "out of them, is acknowledgement_statutory.txt.j2",
)


UNSIGNED = (
    "sign_off needs who signs: write sign_off(council_name, signed_by), signed_by being the "
    "rule file's triage team"
)


def unsigned_sign_offs(tree: jinja2.nodes.Template) -> list[int]:
    """The lines calling the sign_off macro without `signed_by` (a council's letter from
    before the triage team signed): the letter could not be written."""
    import jinja2

    return [
        call.lineno
        for call in tree.find_all(jinja2.nodes.Call)
        if isinstance(call.node, jinja2.nodes.Name)
        and call.node.name == "sign_off"
        and len(call.args) < 2
        and "signed_by" not in {keyword.key for keyword in call.kwargs}
    ]


def check_templates(settings: Settings) -> list[str]:
    """Every file in the council's template folder must be a template jinja2 can compile."""
    import jinja2

    from cases.wording import names_the_mash

    folder = settings.templates_dir
    if folder is None:
        return []
    if not folder.is_dir():
        return [f"HEARD_TEMPLATES_DIR: {folder} is not a directory"]
    environment = jinja2.Environment()
    problems = []
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    for path in files[:MAX_TEMPLATE_FILES]:
        try:
            text = path.read_text(encoding="utf-8")
            problems += [
                f"HEARD_TEMPLATES_DIR: {path}:{line}: {UNSIGNED}"
                for line in unsigned_sign_offs(environment.parse(text))
            ]
            if path.name in RETIRED_LETTERS:
                problems.append(f"HEARD_TEMPLATES_DIR: {path}: {RETIRED_LETTERS[path.name]}")
            if path.name.startswith("not_logged") and names_the_mash(text):
                problems.append(
                    f"HEARD_TEMPLATES_DIR: {path}: a not-logged letter never names the MASH"
                )
        except UnicodeDecodeError:
            problems.append(f"HEARD_TEMPLATES_DIR: {path}: not UTF-8 text")
        except OSError as error:
            problems.append(f"HEARD_TEMPLATES_DIR: {path}: cannot read ({error.strerror})")
        except jinja2.TemplateSyntaxError as error:
            problems.append(f"HEARD_TEMPLATES_DIR: {path}:{error.lineno}: {error.message}")
    if len(files) > MAX_TEMPLATE_FILES:
        problems.append(f"HEARD_TEMPLATES_DIR: more than {MAX_TEMPLATE_FILES} files")
    return problems


def check_tls(settings: Settings) -> list[str]:
    from heard.wiring import check_smtp_tls

    if not settings.smtp_enabled or settings.smtp_tls_cert is None:
        return []
    for name, path in (("CERT", settings.smtp_tls_cert), ("KEY", settings.smtp_tls_key)):
        if path is not None and not path.is_file():
            return [f"HEARD_SMTP_TLS_{name}: {path} does not exist"]
    try:
        check_smtp_tls(settings)
    except (OSError, ssl.SSLError) as error:
        reason = getattr(error, "reason", None) or error.strerror or _first_line(error)
        return [
            f"HEARD_SMTP_TLS_CERT: cannot load {settings.smtp_tls_cert} with key "
            f"{settings.smtp_tls_key} ({reason})"
        ]
    return []


def check_slack(settings: Settings) -> list[str]:
    """Slack runs only with a bot token: a signing secret or app token without one would leave
    Slack off while the settings look finished."""
    if not settings.slack_enabled and (settings.slack_app_token or settings.slack_signing_secret):
        given = (
            "HEARD_SLACK_APP_TOKEN" if settings.slack_app_token else "HEARD_SLACK_SIGNING_SECRET"
        )
        return [f"HEARD_SLACK_BOT_TOKEN: needed with {given} (without it Slack stays off)"]
    if settings.slack_enabled and not (settings.slack_app_token or settings.slack_signing_secret):
        return [
            "HEARD_SLACK_SIGNING_SECRET: needed for HTTP mode "
            "(or set HEARD_SLACK_APP_TOKEN for Socket Mode)"
        ]
    return []


def check_graph(settings: Settings) -> list[str]:
    """The Graph certificate, if one is used, must be a PEM holding an RSA key and its
    certificate: found now, not at the first token request. (Nothing is sent to Microsoft
    here: a start must not depend on it being reachable; a wrong secret is logged by the
    mailbox reader on its first round, as `invalid_client`.)"""
    from outbound.graph_client import Certificate

    path = settings.graph_certificate_path
    if not settings.graph_used or path is None:
        return []
    if not path.exists():
        return [f"HEARD_GRAPH_CERTIFICATE_PATH: {path} does not exist"]
    if not path.is_file():
        return [f"HEARD_GRAPH_CERTIFICATE_PATH: {path} is a folder, not the PEM file"]
    try:
        Certificate.load(path)
    except (OSError, ValueError, TypeError) as error:
        return [f"HEARD_GRAPH_CERTIFICATE_PATH: cannot use {path} ({_first_line(error)})"]
    return []


def check_listeners(settings: Settings, *, heard_may_hold: bool = False) -> list[str]:
    """Each port `serve` will listen on is free now (bound for a moment, then released). With
    `heard_may_hold` (`heard config check` on a live host) a port that a running heard answers
    on is fine: that heard is the one being checked."""
    wanted = _listeners(settings)
    for index, (prefix, host, port) in enumerate(wanted):
        for earlier, earlier_host, earlier_port in wanted[:index]:
            if port != 0 and (host, port) == (earlier_host, earlier_port):
                return [f"HEARD_{prefix}_PORT: {port} is HEARD_{earlier}_PORT too"]
    problems = []
    for prefix, host, port in wanted:
        problem = _cannot_listen(host, port)
        if (
            problem
            and problem[0] == errno.EADDRINUSE
            and heard_may_hold
            and heard_answers(prefix, host, port)
        ):
            continue  # the running heard: said by ports_held_by_heard
        if problem:
            setting = "PORT" if problem[0] in (errno.EADDRINUSE, errno.EACCES) else "HOST"
            problems.append(
                f"HEARD_{prefix}_{setting}: cannot listen on {host}:{port} ({problem[1]})"
            )
    return problems


def _listeners(settings: Settings) -> list[tuple[str, str, int]]:
    wanted = []
    if settings.smtp_enabled:
        wanted.append(("SMTP", settings.smtp_host, settings.smtp_port))
    if settings.slack_enabled and not settings.slack_app_token:
        wanted.append(("SLACK_HTTP", settings.slack_http_host, settings.slack_http_port))
    if settings.web_enabled:
        wanted.append(("WEB", settings.web_host, settings.web_port))
    return wanted


def ports_held_by_heard(settings: Settings) -> list[str]:
    """For `heard config check`: one line for each port a running heard already listens on."""
    return [
        f"HEARD_{prefix}_PORT: {host}:{port} is in use by a running heard (not bound again)"
        for prefix, host, port in _listeners(settings)
        if port != 0
        and (_cannot_listen(host, port) or (0, ""))[0] == errno.EADDRINUSE
        and heard_answers(prefix, host, port)
    ]


def heard_answers(prefix: str, host: str, port: int) -> bool:
    """Whether the process listening on host:port is heard: its SMTP greeting names it, or
    its web view answers /healthz, or its Slack endpoint says so to a GET."""
    import http.client

    connect_host = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host
    try:
        if prefix == "SMTP":
            with socket.create_connection((connect_host, port), timeout=3) as sock:
                sock.settimeout(3)
                greeting = sock.recv(512)
                with contextlib.suppress(OSError):
                    sock.sendall(b"QUIT\r\n")
            return greeting.startswith(b"220") and b"heard ESMTP" in greeting
        connection = http.client.HTTPConnection(connect_host, port, timeout=3)
        try:
            if prefix == "WEB":
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                return response.status == 200 and response.read(16) == b"ok\n"
            connection.request("GET", "/slack/events")  # answered without a log line
            response = connection.getresponse()
            return response.status == 405 and response.read(64).startswith(b"heard: Slack")
        finally:
            connection.close()
    except (OSError, http.client.HTTPException):
        return False


def _cannot_listen(host: str, port: int) -> tuple[int, str] | None:
    """None if every address `host` resolves to can be bound (as asyncio's server binds)."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        return (errno.EADDRNOTAVAIL, str(getattr(error, "strerror", None) or error))
    for family, kind, protocol, _, address in addresses:
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as error:
                return (error.errno or 0, (error.strerror or str(error)).lower())
    return None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


MAX_HELD_MAIL_BYTES = 4 * 1024**3


def check_smtp_memory(settings: Settings) -> list[str]:
    """Connections × message size bounds the mail held in memory (two copies each at most)."""
    held = 2 * settings.smtp_max_connections * settings.smtp_max_message_bytes
    if held <= MAX_HELD_MAIL_BYTES:
        return []
    return [
        f"HEARD_SMTP_MAX_CONNECTIONS: {settings.smtp_max_connections} connections of up to "
        f"{settings.smtp_max_message_bytes / 1024**2:,.0f} MB may hold {held / 1024**3:,.1f} GB "
        f"of mail in memory; at most {MAX_HELD_MAIL_BYTES // 1024**3} GB: lower it or "
        "HEARD_SMTP_MAX_MESSAGE_BYTES"
    ]


STARTUP_CHECKS: tuple[StartupCheck, ...] = (
    check_database,
    check_smtp_memory,
    check_rules,
    check_production,
    check_templates,
    check_tls,
    check_slack,
    check_graph,
    check_listeners,
)
