"""The subject access export as files in a zip: an HTML index in plain English, each message
as an .eml, the attachments, and each case's history (casework/subject_access.py gathers them)."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

from cases.day_words import long_moment
from casework.subject_access import HeldCase, HeldMessage, Holding


def write_zip(
    holding: Holding,
    path: Path,
    *,
    zone: ZoneInfo,
    council: str,
    made_at: datetime,
    request: str | None,
) -> int:
    """Write the zip (texts were redacted when gathered); the number of files in it."""
    files: dict[str, bytes] = {}
    for case in holding.cases:
        folder = case.reference
        for message in case.messages:
            stem = f"{folder}/{_kind_folder(message)}/{message.number:03d}"
            files[f"{stem}.eml"] = _eml(message, case, council=council)
            for number, attachment in enumerate(message.attachments, start=1):
                if attachment.content is not None:
                    name = _safe_name(attachment.filename)
                    files[f"{stem}-attachment-{number}-{name}"] = attachment.content
        for number, report in enumerate(case.reports, start=1):
            if report.content is not None:
                name = f"{folder}/stage 2 reports/{number}-{_safe_name(report.filename)}"
                files[name] = report.content
        files[f"{folder}/history.html"] = _page(
            f"History of {case.reference}", _history(case, zone), council
        ).encode()
    index = _index(holding, files, zone=zone, council=council, made_at=made_at, request=request)
    files = {"index.html": index.encode(), **files}
    with zipfile.ZipFile(path, "x", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return len(files)


def _kind_folder(message: HeldMessage) -> str:
    return {"from you": "your messages", "our letter": "our letters"}.get(message.kind, "notes")


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\- ]+", "_", name).strip(" .") or "attachment"
    return cleaned[:100]


def _eml(message: HeldMessage, case: HeldCase, *, council: str) -> bytes:
    mail = EmailMessage()
    mail["Subject"] = message.subject or f"{case.reference}: {message.kind}"
    mail["Date"] = format_datetime(message.at)
    if message.kind == "from you":
        mail["From"] = message.sender or "you"
        mail["To"] = council
    elif message.kind == "our letter":
        mail["From"] = council
    else:
        mail["X-Heard-Note"] = "a note staff kept on the case; it was not sent to anyone"
    mail["X-Heard-Case"] = case.reference
    mail.set_content(message.text or "(no text)")
    for attachment in message.attachments:
        if attachment.content is None:
            continue
        main, _, sub = attachment.content_type.partition("/")
        mail.add_attachment(
            attachment.content,
            maintype=main or "application",
            subtype=sub or "octet-stream",
            filename=attachment.filename,
        )
    return bytes(mail)


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return long_moment(moment.astimezone(zone))


def _history(case: HeldCase, zone: ZoneInfo) -> str:
    rows = "".join(
        f"<tr><td>{escape(_when(event.at, zone))}</td><td>{escape(event.by)}</td>"
        f"<td>{escape(event.what)}</td></tr>"
        for event in case.history
    )
    return (
        f"<p>Everything recorded about case {escape(case.reference)}, oldest first. Members of "
        "staff are not named.</p>"
        f"<table><tr><th>When</th><th>Who</th><th>What</th></tr>{rows}</table>"
    )


def _index(
    holding: Holding,
    files: dict[str, bytes],
    *,
    zone: ZoneInfo,
    council: str,
    made_at: datetime,
    request: str | None,
) -> str:
    who = escape(holding.email)
    if holding.name:
        who = f"{escape(holding.name)} ({who})"
    parts = [
        f"<p>This is the information {escape(council)}'s complaints service holds about "
        f"{who}, made on {escape(_when(made_at, zone))}"
        + (f" in answer to request {escape(request)}" if request else "")
        + ".</p>",
        "<p>Information about other people (for example other family members) has been "
        "removed and shows as [redacted].</p>",
    ]
    if not holding.cases:
        parts.append("<p>We hold no complaint, enquiry or other record about you.</p>")
    else:
        plural = "s" if len(holding.cases) != 1 else ""
        parts.append(f"<p>We hold {len(holding.cases)} record{plural} about you.</p>")
    for case in holding.cases:
        closed = f", closed {_when(case.closed_at, zone)}" if case.closed_at else ""
        parts.append(
            f"<h2>{escape(case.reference)}: {escape(case.record_kind)}</h2>"
            f"<p>Received {escape(_when(case.received_at, zone))}; now "
            f"{escape(case.status.lower())}{escape(closed)}. You are on it as "
            f"{escape(' and '.join(case.roles))}.</p>"
        )
        details = "".join(
            f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>"
            for label, value in case.details
        )
        parts.append(f"<h3>Your details as we hold them</h3><table>{details}</table>")
        if case.messages:
            items = []
            for message in case.messages:
                stem = f"{case.reference}/{_kind_folder(message)}/{message.number:03d}"
                attached = [name for name in files if name.startswith(f"{stem}-attachment-")]
                not_kept = sum(1 for a in message.attachments if a.content is None)
                extra = "".join(
                    f'<br>Attachment: <a href="{escape(name)}">{escape(name)}</a> (read it '
                    "before sending: it has not been redacted)"
                    for name in attached
                ) + (f"<br>{not_kept} attachment(s) too large to keep" if not_kept else "")
                items.append(
                    f"<li>{escape(_when(message.at, zone))}: {escape(message.kind)}, "
                    f'"{escape(message.subject or "(no subject)")}" '
                    f'(<a href="{escape(stem)}.eml">{escape(stem)}.eml</a>){extra}'
                    f"<pre>{escape(message.text)}</pre></li>"
                )
            parts.append(f"<h3>Messages, letters and notes</h3><ol>{''.join(items)}</ol>")
        reports = [name for name in files if name.startswith(f"{case.reference}/stage 2 reports/")]
        if reports:
            listed = "".join(
                f'<li><a href="{escape(name)}">{escape(name)}</a> (read it before sending: it '
                "has not been redacted)</li>"
                for name in reports
            )
            parts.append(
                "<h3>The investigating officer's and independent person's reports</h3>"
                f"<ul>{listed}</ul>"
            )
        parts.append(
            f'<p>The history of the case: <a href="{escape(case.reference)}/history.html">'
            f"{escape(case.reference)}/history.html</a>.</p>"
        )
    return _page("Your information", "".join(parts), council)


def _page(title: str, body: str, council: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}"
        "th,td{text-align:left;vertical-align:top;padding:.2em .6em}"
        "pre{white-space:pre-wrap}</style></head>"
        f"<body><h1>{escape(title)}</h1><p>{escape(council)}</p>{body}</body></html>"
    )
