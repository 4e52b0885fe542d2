"""A form's body is refused before it is read when it is larger than the form can hold.
Starlette spools each uploaded file to disk as it arrives, whatever its size (its part limit
counts only fields that are not files), and a form is read before its session and CSRF token
can be checked: without this, one POST from anyone could fill the disk, and a signed-in one
would be read into memory whole before the report's size is checked."""

from __future__ import annotations

from starlette.requests import Request

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
