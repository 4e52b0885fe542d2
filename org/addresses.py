"""Addresses heard is given, checked one way wherever they are written (the settings, the rule
file, the command line): email addresses, host names, web addresses, Slack ids and the Slack
workspace's address.

Each check returns the address tidied (spaces trimmed, a web address without its last /) or
raises ValueError saying what is wrong, which pydantic shows against the setting or the rule
file's line. An address that reaches a mail header or a URL is checked before it is stored:
a CR or LF in one would let a value write headers of its own.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from urllib.parse import urlsplit

# RFC 5322's dot-atom on both sides of the @, which is what councils' mail systems and Graph
# give: no quoted local part, no [address literal], no comment, nothing a parser could read as
# two addresses or a header of its own. The domain is host names' letters, digits and hyphens,
# dotted (an internationalised domain arrives in its xn-- form); lengths are RFC 5321's.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = re.compile(
    rf"(?=[^@]{{1,64}}@[^@]{{1,253}}\Z){_ATEXT}+(?:\.{_ATEXT}+)*@{_LABEL}(?:\.{_LABEL})+"
)
# A phone number as staff type it: digits, spaces, brackets and hyphens, perhaps a leading +
# (a letter to someone who gave only a phone number goes to it as a text message).
PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,38}")
SLACK_USER = re.compile(r"[UW][A-Z0-9]{2,20}")
SLACK_GROUP = re.compile(r"S[A-Z0-9]{2,20}")
SLACK_RECIPIENT = re.compile(r"[CGUW][A-Z0-9]{6,20}")  # a user, or a channel to post in
SLACK_CHANNEL = re.compile(r"[CG][A-Z0-9]{2,20}")
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")
_WEB = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?")
_WORKSPACE = re.compile(r"https://[A-Za-z0-9.-]+\.slack\.com/?")


def is_email(value: str) -> bool:
    return EMAIL.fullmatch(value) is not None


def is_phone(value: str) -> bool:
    return PHONE.fullmatch(value) is not None


# What may surround the one address in a value stored before every caller checked (b8db1f7):
# a display name ("Jane Smith <jane@example.org>", quoted or not), angle brackets alone, a
# mailto: prefix, a trailing (comment), spaces beside the @. Invisible characters (zero-width
# spaces, a byte-order mark) and Unicode spaces count as spaces.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_NAMED = re.compile(r'("[^"]*"|[^<>"]*?) ?< ?([^<> ](?:[^<>]*[^<> ])?) ?>')
_COMMENT = re.compile(r"(\S+) ?\([^()]*\)")
_MAILTO = re.compile(r"mailto:", re.IGNORECASE)
_AROUND_AT = re.compile(r"\s*@\s*")


def plain_email(value: str) -> str | None:
    """The one plain address (name@domain) a stored value names, re-formatted; None when it
    names none, or several (a letter must not go to a stranger on the same line), or one whose
    local part is not ASCII (no council's mail system can be relied on to take it). A domain
    written in Unicode is given in its xn-- form, as intake stores one."""
    text = " ".join(value.translate(_INVISIBLE).split())
    if named := _NAMED.fullmatch(text):
        name, text = named.group(1).strip('" '), named.group(2)
        if "@" in name and name != text:  # "jane@example.org" <bob@example.org>: which?
            return None
    elif commented := _COMMENT.fullmatch(text):
        text = commented.group(1)
    if _MAILTO.match(text):
        text = text[len("mailto:") :]
    local, at, domain = _AROUND_AT.sub("@", text).rpartition("@")
    if at and not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    address = f"{local}{at}{domain}"
    return address if is_email(address) else None


def email_address(value: str) -> str:
    if not is_email(value.strip()):
        raise ValueError(f"{value[:80]!r} is not an email address (name@domain)")
    return value.strip()


def email_or_slack_id(value: str) -> str:
    """Who a message may go to: an email address, or a Slack user or channel id."""
    if not is_email(value) and not SLACK_RECIPIENT.fullmatch(value):
        raise ValueError(
            f"{value[:80]!r} is neither an email address nor a Slack user or channel id (U…, C…)"
        )
    return value


def slack_channel_id(value: str) -> str:
    """A channel heard posts cards in and then updates: Slack updates a message only by its
    channel's id (C… or G…), so a #name would post the first card and fail every update."""
    if not SLACK_CHANNEL.fullmatch(value.strip()):
        raise ValueError(
            f"{value[:80]!r} is not a Slack channel id (C… or G…, shown at the foot of the "
            "channel's details in Slack; a #name will not do, as heard updates its cards by id)"
        )
    return value.strip()


def host_name(value: str) -> str:
    if not _HOST.fullmatch(value):
        raise ValueError(f"{value[:80]!r} is not a host name")
    return value


def relay_host(value: str) -> str:
    """HEARD_SMARTHOST_HOST: a host name or an IP address (an IPv6 one without brackets)."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return host_name(value.strip())


# Slack's bot tokens begin xoxb- (xoxe.xoxb- with token rotation), app-level tokens xapp-:
# the wrong one pasted (a user token, the signing secret) is said at start, not as
# invalid_auth on the first card. The token itself is never repeated in the error.
_SLACK_TOKENS = {
    "bot": (re.compile(r"(xoxe\.)?xoxb-\S+"), "xoxb-", "OAuth & Permissions"),
    "app-level": (re.compile(r"xapp-\S+"), "xapp-", "Basic Information, App-Level Tokens"),
}


def slack_token(kind: str) -> Callable[[str], str]:
    pattern, begins, where = _SLACK_TOKENS[kind]

    def check(value: str) -> str:
        if not pattern.fullmatch(value.strip()):
            raise ValueError(
                f"not a Slack {kind} token: it begins {begins} (the app's settings, {where})"
            )
        return value.strip()

    return check


def web_address(value: str) -> str:
    """Plain http is allowed so a stand-in on 127.0.0.1 can be used (tests, a trial)."""
    if not _WEB.fullmatch(value.strip()):
        raise ValueError(f"{value[:80]!r} must be an http(s) address such as https://host")
    return value.strip().rstrip("/")


_SITE_PATH = re.compile(r"(/[A-Za-z0-9._~-]+)*/?")


def site_address(value: str) -> str:
    """HEARD_WEB_BASE_URL: heard's address, with the path a reverse proxy serves it under if
    any (https://intranet.council.gov.uk/heard). The path begins every link, form and
    redirect heard writes (web.paths), so it is plain path segments: no quote, bracket or
    escape to carry into a page or a Location header."""
    address = web_address(value)
    if not _SITE_PATH.fullmatch(urlsplit(address).path):
        raise ValueError(
            f"{value[:80]!r}: the path may hold only letters, digits and . _ ~ - between its "
            "slashes (such as https://intranet.council.gov.uk/heard)"
        )
    return address


def api_address(value: str) -> str:
    """An API's base address, ending in / because its client appends method names to it."""
    if not re.fullmatch(r"https?://[^\s/]+/\S*", value):
        raise ValueError(f"{value[:80]!r} must be an http(s) address ending in /")
    return value


def slack_workspace_address(value: str) -> str:
    if not _WORKSPACE.fullmatch(value.strip()):
        raise ValueError(f"{value[:80]!r} must look like https://yourcouncil.slack.com")
    return value.strip().rstrip("/")
