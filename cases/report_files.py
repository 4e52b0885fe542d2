"""What a stage 2 report may be: a document a complainant can open (PDF, Word, OpenDocument,
RTF), told by its first bytes as well as its name (a renamed program is not a PDF), no larger
than the council's attachment limit (HEARD_ATTACHMENT_MAX_BYTES). Pure: the web form, the CLI
and the use case give the same answer, in words staff can act on."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from cases.sizes import size_text

# name ending -> (content type, the bytes such a file starts with)
_KINDS: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    ".doc": ("application/msword", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ".odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    ".rtf": ("application/rtf", b"{\\rtf"),
}
ACCEPTED = "PDF, Word (.docx, .doc), OpenDocument (.odt) or RTF"
NAME_MAX = 255


class ReportFileError(ValueError):
    """Why a file cannot be kept as a report, in one line."""


@dataclass(frozen=True)
class ReportFile:
    filename: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def checked_report(filename: str, content: bytes, *, max_bytes: int) -> ReportFile:
    """The file as heard keeps it, or ReportFileError saying what is wrong with it."""
    name = PurePath(filename.replace("\\", "/")).name.strip()
    if not name or not content:
        raise ReportFileError("choose the report's file (it is empty)" if name else "choose a file")
    check_size(len(content), max_bytes=max_bytes)
    kind = _KINDS.get(PurePath(name).suffix.lower())
    if kind is None:
        raise ReportFileError(f"{_shown(name)} is not a {ACCEPTED} file")
    content_type, starts = kind
    if not content.startswith(starts):
        raise ReportFileError(f"{_shown(name)} is not a real {PurePath(name).suffix.lower()} file")
    return ReportFile(name[-NAME_MAX:], content_type, content)


def check_size(size: int, *, max_bytes: int) -> None:
    """ReportFileError when a file of `size` bytes is over the limit: the web form asks before
    it reads an upload Starlette spooled to disk, whatever its size."""
    if size > max_bytes:
        raise ReportFileError(
            f"the file is {size_text(size)}; a report may be at most {size_text(max_bytes)}"
        )


def _shown(name: str) -> str:
    return repr(name if len(name) <= 60 else name[:57] + "...")
