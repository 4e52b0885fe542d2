"""A form's body is refused before it is read when it is larger than the form can hold.
Starlette spools each uploaded file to disk as it arrives, whatever its size (its part limit
counts only fields that are not files), and a form is read before its session and CSRF token
can be checked: without this, one POST from anyone could fill the disk, and a signed-in one
would be read into memory whole before the report's size is checked."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import Response

from cases.sizes import size_text
from web.render import Pages

# what a form's other fields and the multipart framing may take beside its files
ROOM = 256 * 1024


def too_large(request: Request, *, files: int, file_bytes: int) -> bool:
    """Whether the body may hold more than `files` files of `file_bytes` each and the fields
    beside them; a body with no length said (chunked) is refused, since it could be any size."""
    length = request.headers.get("content-length")
    if length is None:
        return "chunked" in request.headers.get("transfer-encoding", "").lower()
    try:
        return int(length) > files * file_bytes + ROOM
    except ValueError:
        return True


async def read_form(
    request: Request,
    pages: Pages,
    *,
    max_files: int,
    max_fields: int = 1000,
    max_part_size: int = 1024 * 1024,
) -> FormData | Response:
    """The form, or the page saying which of its limits the body passed: a box over the size
    one field may be (a whole document pasted into a note), more files or fields than the form
    takes. Nothing is changed either way; before, these got the page for a form too old or from
    another site, which sent staff back to try the same again."""
    try:
        return await request.form(
            max_files=max_files, max_fields=max_fields, max_part_size=max_part_size
        )
    except (HTTPException, MultiPartException) as error:
        said = error.detail if isinstance(error, HTTPException) else error.message
        if said.startswith("Too many files"):
            reason = (
                f"Too many files: attach at most {max_files} at once. Go back, choose fewer "
                "files and send the form again."
            )
            return pages.render(request, "forbidden_form.html", status_code=400, reason=reason)
        if said.startswith(("Field exceeded", "Part exceeded")):
            reason = (
                f"Something typed in the form is too long to send: one box may hold at most "
                f"{size_text(max_part_size)}. Go back, shorten it and send the form again."
            )
            return pages.render(request, "forbidden_form.html", status_code=413, reason=reason)
        if said.startswith("Too many fields"):
            reason = "The form has more fields than it takes. Go back, reload the page and try again."
            return pages.render(request, "forbidden_form.html", status_code=413, reason=reason)
        return pages.render(request, "forbidden_form.html", status_code=403)
    except Exception:  # a body python-multipart cannot read at all
        return pages.render(request, "forbidden_form.html", status_code=403)
